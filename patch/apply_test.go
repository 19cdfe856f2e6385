package patch_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

// writeFiles creates files, by slash-separated path, under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newRoot creates a folder holding files and opens it as a root.
func newRoot(t *testing.T, files map[string]string) (*os.Root, string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root, dir
}

// v4a wraps file sections in a patch envelope.
func v4a(sections ...string) string {
	return "*** Begin Patch\n" + strings.Join(sections, "\n") + "\n*** End Patch\n"
}

type applyCase struct {
	name  string
	files map[string]string
	patch string            // a full patch, or
	op    patch.Operation   // an operation when patch is ""
	want  map[string]string // the files after a success
	class string            // the error class of a failure
}

func runApply(t *testing.T, root *os.Root, tc applyCase) (*patch.Result, error) {
	t.Helper()
	if tc.patch == "" {
		return patch.ApplyOperation(root, tc.op)
	}
	p, err := patch.Parse(tc.patch)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return patch.Apply(root, p)
}

func testApply(t *testing.T, tests []applyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, dir := newRoot(t, tt.files)
			res, err := runApply(t, root, tt)
			got := snapshot(t, dir)
			if tt.class != "" {
				if classOf(err) != tt.class {
					t.Errorf("Apply error = %v (class %q), want class %q", err, classOf(err), tt.class)
				}
				if diff := cmp.Diff(tt.files, got, cmpEmpty); diff != "" {
					t.Errorf("failed Apply changed the folder (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpEmpty); diff != "" {
				t.Errorf("folder after Apply mismatch (-want +got):\n%s", diff)
			}
			checkDiffs(t, res)
			for _, c := range res.Changes {
				name := c.Path
				if c.MoveTo != "" {
					name = c.MoveTo
				}
				if c.Kind != patch.Delete && got[name] != c.New {
					t.Errorf("Change %s New = %q, file holds %q", name, c.New, got[name])
				}
			}
		})
	}
}

var cmpEmpty = cmp.Transformer("empty", func(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
})

func TestApplyPatch(t *testing.T) {
	testApply(t, []applyCase{
		{
			name:  "pure addition goes to the end of the file",
			files: map[string]string{"f": "a\nb\n"},
			patch: v4a("*** Update File: f", "@@ a", "+x"),
			want:  map[string]string{"f": "a\nb\nx\n"},
		},
		{
			name:  "pure additions and replacements are put in file order",
			files: map[string]string{"f": "a\nlast\n"},
			patch: v4a("*** Update File: f", "@@", "+X", "@@", "-last", "+Y", "*** End of File"),
			want:  map[string]string{"f": "a\nY\nX\n"},
		},
		{
			name:  "trailing empty context line stands for the final line break",
			files: map[string]string{"f": "foo\nbar\nbaz\n"},
			patch: v4a("*** Update File: f", "@@", " bar", "-baz", "+BAZ", ""),
			want:  map[string]string{"f": "foo\nbar\nBAZ\n"},
		},
		{
			name:  "first occurrence without end of file",
			files: map[string]string{"f": "x\nend\nmid\nx\nend\n"},
			patch: v4a("*** Update File: f", "@@", " x", "-end", "+END"),
			want:  map[string]string{"f": "x\nEND\nmid\nx\nend\n"},
		},
		{
			name:  "end of file chunk matches the last lines",
			files: map[string]string{"f": "x\nend\nmid\nx\nend\n"},
			patch: v4a("*** Update File: f", "@@", " x", "-end", "+END", "*** End of File"),
			want:  map[string]string{"f": "x\nend\nmid\nx\nEND\n"},
		},
		{
			name:  "end of file chunk elsewhere is not found",
			files: map[string]string{"f": "a\nb\nc\n"},
			patch: v4a("*** Update File: f", "@@", "-a", "+A", "*** End of File"),
			class: patch.ClassContextNotFound,
		},
		{
			name:  "anchors disambiguate",
			files: map[string]string{"f": "fn a\nx=1\nfn b\nx=1\n"},
			patch: v4a("*** Update File: f", "@@ fn b", "-x=1", "+x=2"),
			want:  map[string]string{"f": "fn a\nx=1\nfn b\nx=2\n"},
		},
		{
			name:  "stacked anchors narrow down",
			files: map[string]string{"f.py": "class A:\n  def f():\n    pass\nclass B:\n  def g():\n    pass\n  def f():\n    pass\n"},
			patch: v4a("*** Update File: f.py", "@@ class B:", "@@   def f():", "-    pass", "+    return 1"),
			want:  map[string]string{"f.py": "class A:\n  def f():\n    pass\nclass B:\n  def g():\n    pass\n  def f():\n    return 1\n"},
		},
		{
			name:  "missing anchor",
			files: map[string]string{"f": "a\nb\n"},
			patch: v4a("*** Update File: f", "@@ nope", "-b", "+B"),
			class: patch.ClassContextNotFound,
		},
		{
			name:  "chunks out of order",
			files: map[string]string{"f": "a\nb\nc\n"},
			patch: v4a("*** Update File: f", "@@", "-c", "+C", "@@", "-a", "+A"),
			class: patch.ClassContextNotFound,
		},
		{
			name:  "indentation-only mismatch keeps the file's indentation",
			files: map[string]string{"f.py": "def f():\n    x = 1\n    return x\n"},
			patch: v4a("*** Update File: f.py", "@@", " x = 1", "-return x", "+    return x + 1"),
			want:  map[string]string{"f.py": "def f():\n    x = 1\n    return x + 1\n"},
		},
		{
			name:  "an exact match later beats a loose match earlier",
			files: map[string]string{"f": "  a\nb\na\nb\n"},
			patch: v4a("*** Update File: f", "@@", " a", "-b", "+B"),
			want:  map[string]string{"f": "  a\nb\na\nB\n"},
		},
		{
			name:  "typographic quotes, dashes and non-breaking spaces",
			files: map[string]string{"f": "say(“hi” – ok)\u00a0now\nend\n"},
			patch: v4a("*** Update File: f", "@@", "-say(\"hi\" - ok) now", "+say(\"bye\")"),
			want:  map[string]string{"f": "say(\"bye\")\nend\n"},
		},
		{
			name:  "non-ASCII exact match",
			files: map[string]string{"f": "héllo wörld\n"},
			patch: v4a("*** Update File: f", "@@", "-héllo wörld", "+hallo welt"),
			want:  map[string]string{"f": "hallo welt\n"},
		},
		{
			name:  "CRLF file: inserted lines take CRLF",
			files: map[string]string{"f": "a\r\nb\r\n"},
			patch: v4a("*** Update File: f", "@@", " a", "+", "+x", " b"),
			want:  map[string]string{"f": "a\r\n\r\nx\r\nb\r\n"},
		},
		{
			name:  "lone CR line breaks",
			files: map[string]string{"f": "one\rtwo\r"},
			patch: v4a("*** Update File: f", "@@", "-two", "+2"),
			want:  map[string]string{"f": "one\r2\r"},
		},
		{
			name:  "missing final line break is added with the file's line break",
			files: map[string]string{"f": "a\r\nb"},
			patch: v4a("*** Update File: f", "@@", "-a", "+A"),
			want:  map[string]string{"f": "A\r\nb\r\n"},
		},
		{
			name:  "update of an empty file",
			files: map[string]string{"f": ""},
			patch: v4a("*** Update File: f", "@@", "+x"),
			want:  map[string]string{"f": "x\n"},
		},
		{
			name:  "deleting every line leaves an empty file",
			files: map[string]string{"f": "a\nb"},
			patch: v4a("*** Update File: f", "@@", "-a", "-b"),
			want:  map[string]string{"f": ""},
		},
		{
			name:  "add overwrites and creates directories",
			files: map[string]string{"dup.txt": "old\n"},
			patch: v4a("*** Add File: dup.txt", "+new", "*** Add File: a/b/c.txt", "+deep"),
			want:  map[string]string{"dup.txt": "new\n", "a/b/c.txt": "deep\n"},
		},
		{
			name:  "move with update onto an existing file",
			files: map[string]string{"src/a.txt": "from\n", "dst/b.txt": "existing\n"},
			patch: v4a("*** Update File: src/a.txt", "*** Move to: dst/b.txt", "@@", "-from", "+to"),
			want:  map[string]string{"dst/b.txt": "to\n"},
		},
		{
			name:  "move without change",
			files: map[string]string{"old/n.txt": "same\n"},
			patch: v4a("*** Update File: old/n.txt", "*** Move to: new/dir/n.txt", "@@", " same"),
			want:  map[string]string{"new/dir/n.txt": "same\n"},
		},
		{
			name:  "move onto itself is an update",
			files: map[string]string{"f": "a\n"},
			patch: v4a("*** Update File: f", "*** Move to: ./f", "@@", "-a", "+b"),
			want:  map[string]string{"f": "b\n"},
		},
		{
			name:  "several files",
			files: map[string]string{"del.txt": "x\n", "mod.txt": "1\n2\n"},
			patch: v4a("*** Add File: new.txt", "+created", "*** Delete File: del.txt", "*** Update File: mod.txt", "@@", "-2", "+two"),
			want:  map[string]string{"new.txt": "created\n", "mod.txt": "1\ntwo\n"},
		},
		{
			name:  "delete a missing file",
			files: map[string]string{"keep": "k\n"},
			patch: v4a("*** Delete File: missing"),
			class: patch.ClassFileNotFound,
		},
		{
			name:  "update a missing file",
			files: map[string]string{"keep": "k\n"},
			patch: v4a("*** Update File: missing", "@@", "-a"),
			class: patch.ClassFileNotFound,
		},
		{
			name:  "delete a directory",
			files: map[string]string{"dir/f": "k\n"},
			patch: v4a("*** Delete File: dir"),
			class: patch.ClassIsDirectory,
		},
		{
			name:  "add over a directory",
			files: map[string]string{"dir/f": "k\n"},
			patch: v4a("*** Add File: dir", "+x"),
			class: patch.ClassIsDirectory,
		},
		{
			name:  "move onto a directory",
			files: map[string]string{"f": "a\n", "dir/g": "k\n"},
			patch: v4a("*** Update File: f", "*** Move to: dir", "@@", " a"),
			class: patch.ClassIsDirectory,
		},
		{
			name:  "update a file that is not UTF-8",
			files: map[string]string{"bin": "\xff\xfe\n"},
			patch: v4a("*** Update File: bin", "@@", "+x"),
			class: patch.ClassIO,
		},
		{
			name:  "parent is a file",
			files: map[string]string{"file": "k\n"},
			patch: v4a("*** Add File: file/child", "+x"),
			class: patch.ClassIO,
		},
		{
			name:  "same file twice",
			files: map[string]string{"d.txt": "before\n"},
			patch: v4a("*** Update File: d.txt", "@@", "-before", "+one", "*** Update File: ./d.txt", "@@", "-before", "+two"),
			class: patch.ClassDuplicatePath,
		},
		{
			name:  "delete then add the same file",
			files: map[string]string{"d.txt": "before\n"},
			patch: v4a("*** Delete File: d.txt", "*** Add File: d.txt", "+new"),
			class: patch.ClassDuplicatePath,
		},
		{
			name:  "move destination changed by another operation",
			files: map[string]string{"a": "a\n", "b": "b\n"},
			patch: v4a("*** Update File: a", "*** Move to: b", "@@", " a", "*** Delete File: b"),
			class: patch.ClassDuplicatePath,
		},
		{
			name:  "path used as a file and as a directory",
			patch: v4a("*** Add File: x/y", "+1", "*** Add File: x", "+2"),
			class: patch.ClassDuplicatePath,
		},
		{
			name:  "a later failure changes nothing",
			files: map[string]string{"a": "a\n", "b": "b\n"},
			patch: v4a("*** Add File: new", "+n", "*** Delete File: a", "*** Update File: b", "@@", "-nope", "+x"),
			class: patch.ClassContextNotFound,
		},
		{
			name:  "an escape after valid operations changes nothing",
			files: map[string]string{"a": "a\n"},
			patch: v4a("*** Update File: a", "@@", "-a", "+b", "*** Add File: ../escape.txt", "+x"),
			class: patch.ClassPathEscape,
		},
	})
}

func TestApplyOperation(t *testing.T) {
	update := func(path, diff string) patch.Operation {
		return patch.Operation{Type: patch.UpdateFile, Path: path, Diff: diff}
	}
	testApply(t, []applyCase{
		{
			name:  "pure addition goes to the cursor",
			files: map[string]string{"f": "line1\nline2\n"},
			op:    update("f", "@@\n+added"),
			want:  map[string]string{"f": "added\nline1\nline2\n"},
		},
		{
			name:  "pure addition after the anchor",
			files: map[string]string{"m": "a\nmarker\nb\n"},
			op:    update("m", "@@ marker\n+new"),
			want:  map[string]string{"m": "a\nmarker\nnew\nb\n"},
		},
		{
			name:  "pure addition at the end of file",
			files: map[string]string{"m": "a\nb\n"},
			op:    update("m", "@@\n+new\n*** End of File"),
			want:  map[string]string{"m": "a\nb\nnew\n"},
		},
		{
			name:  "missing final line break is kept",
			files: map[string]string{"t": "a\nb"},
			op:    update("t", "@@\n a\n-b\n+B"),
			want:  map[string]string{"t": "a\nB"},
		},
		{
			name:  "appending to a file without final line break",
			files: map[string]string{"t": "a\nb"},
			op:    update("t", "@@ b\n+c"),
			want:  map[string]string{"t": "a\nb\nc"},
		},
		{
			name:  "single anchor not found is ignored",
			files: map[string]string{"f": "a\nb\n"},
			op:    update("f", "@@ nope\n-b\n+B"),
			want:  map[string]string{"f": "a\nB\n"},
		},
		{
			name:  "stacked anchors must all be found",
			files: map[string]string{"f": "a\nb\n"},
			op:    update("f", "@@ nope\n@@ b\n-b\n+B"),
			class: patch.ClassContextNotFound,
		},
		{
			name:  "anchor before the cursor does not move it",
			files: map[string]string{"f": "a\nb\nc\nd\n"},
			op:    update("f", "@@\n-c\n+C\n@@ a\n-d\n+D"),
			want:  map[string]string{"f": "a\nb\nC\nD\n"},
		},
		{
			name:  "end of file falls back to the cursor",
			files: map[string]string{"f": "a\nb\nc\n"},
			op:    update("f", "@@\n-a\n+A\n*** End of File"),
			want:  map[string]string{"f": "A\nb\nc\n"},
		},
		{
			name:  "CRLF file with LF diff",
			files: map[string]string{"f": "line1\r\nline2\r\nline3\r\n"},
			op:    update("f", "@@ line1\n-line2\n+updated\n line3"),
			want:  map[string]string{"f": "line1\r\nupdated\r\nline3\r\n"},
		},
		{
			name:  "empty file takes the diff's CRLF",
			files: map[string]string{"f": ""},
			op:    update("f", "@@\r\n+hello\r\n+world"),
			want:  map[string]string{"f": "hello\r\nworld\r\n"},
		},
		{
			name:  "leading blank line before the first header",
			files: map[string]string{"f": "a\nb\n\nc\n"},
			op:    update("f", "\n@@\n-a\n+A"),
			want:  map[string]string{"f": "A\nb\n\nc\n"},
		},
		{
			name:  "context mismatch",
			files: map[string]string{"f": "one\ntwo\n"},
			op:    update("f", "@@ -1,2 +1,2 @@\n x\n-two\n+2"),
			class: patch.ClassContextNotFound,
		},
		{
			name: "create nested",
			op:   patch.Operation{Type: patch.CreateFile, Path: "a/b/new.txt", Diff: "+hello\n+"},
			want: map[string]string{"a/b/new.txt": "hello\n"},
		},
		{
			name:  "delete",
			files: map[string]string{"gone": "x\n", "keep": "k\n"},
			op:    patch.Operation{Type: patch.DeleteFile, Path: "gone"},
			want:  map[string]string{"keep": "k\n"},
		},
		{
			name:  "empty path",
			op:    patch.Operation{Type: patch.CreateFile, Path: "", Diff: "+x"},
			class: patch.ClassInvalidPath,
		},
		{
			name:  "update a missing file",
			op:    update("missing", "@@\n-a\n+b"),
			class: patch.ClassFileNotFound,
		},
	})
}

func TestApplyPaths(t *testing.T) {
	tests := []struct {
		path  string
		class string
	}{
		{"", patch.ClassInvalidPath},
		{"a\x00b", patch.ClassInvalidPath},
		{"a\nb", patch.ClassInvalidPath},
		{"tab\there", patch.ClassInvalidPath},
		{"del\x7f", patch.ClassInvalidPath},
		{"/etc/passwd", patch.ClassPathEscape},
		{"/tmp/outside-root-escape.txt", patch.ClassPathEscape},
		{"C:/Windows/x", patch.ClassPathEscape},
		{"c:x", patch.ClassPathEscape},
		{"//host/share/x", patch.ClassPathEscape},
		{"~/x", patch.ClassPathEscape},
		{"~", patch.ClassPathEscape},
		{"a\\b", patch.ClassInvalidPath},
		{"../x", patch.ClassPathEscape},
		{"..", patch.ClassPathEscape},
		{"a/../../x", patch.ClassPathEscape},
		{"a/../..", patch.ClassPathEscape},
		{"dir/", patch.ClassInvalidPath},
		{".", patch.ClassInvalidPath},
		{"a/..", patch.ClassInvalidPath},
	}
	for _, tt := range tests {
		for _, typ := range []string{patch.CreateFile, patch.UpdateFile, patch.DeleteFile} {
			t.Run(typ+"/"+tt.path, func(t *testing.T) {
				root, dir := newRoot(t, map[string]string{"a/keep": "k\n"})
				diff := map[string]string{patch.CreateFile: "+x", patch.UpdateFile: "@@\n+x"}[typ]
				_, err := patch.ApplyOperation(root, patch.Operation{Type: typ, Path: tt.path, Diff: diff})
				e, ok := errors.AsType[*patch.Error](err)
				if !ok || e.Class != tt.class {
					t.Errorf("ApplyOperation(%s %q) = %v, want class %q", typ, tt.path, err, tt.class)
				}
				if ok && e.Path != tt.path {
					t.Errorf("ApplyOperation(%s %q) error path = %q", typ, tt.path, e.Path)
				}
				if diff := cmp.Diff(map[string]string{"a/keep": "k\n"}, snapshot(t, dir)); diff != "" {
					t.Errorf("folder changed (-want +got):\n%s", diff)
				}
			})
		}
	}
	// The move destination is checked the same way.
	root, _ := newRoot(t, map[string]string{"f": "a\n"})
	p, err := patch.Parse(v4a("*** Update File: f", "*** Move to: ../out", "@@", " a"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = patch.Apply(root, p)
	if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassPathEscape || e.Path != "../out" {
		t.Errorf("Apply(move to ../out) = %v, want a path_escape error on ../out", err)
	}
}

func TestApplyEmpty(t *testing.T) {
	root, _ := newRoot(t, nil)
	for _, p := range []*patch.Patch{nil, {}} {
		if _, err := patch.Apply(root, p); classOf(err) != patch.ClassEmptyPatch {
			t.Errorf("Apply(%v) = %v, want class %q", p, err, patch.ClassEmptyPatch)
		}
	}
	if _, err := patch.Apply(nil, &patch.Patch{Files: []patch.File{{Kind: patch.Delete, Path: "x"}}}); classOf(err) != patch.ClassIO {
		t.Errorf("Apply(nil root) = %v, want class %q", err, patch.ClassIO)
	}
	if _, err := patch.Apply(root, &patch.Patch{Files: []patch.File{{Path: "x"}}}); classOf(err) != patch.ClassParse {
		t.Errorf("Apply(zero Kind) = %v, want class %q", err, patch.ClassParse)
	}
}

func TestApplyKeepsPermissions(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"run.sh": "echo a\n"})
	if err := os.Chmod(filepath.Join(dir, "run.sh"), 0o751); err != nil {
		t.Fatal(err)
	}
	p, _ := patch.Parse(v4a("*** Update File: run.sh", "@@", "-echo a", "+echo b"))
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o751 {
		t.Errorf("permissions after Apply = %v, want %v", got, fs.FileMode(0o751))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries after Apply, want 1 (no temporary file left)", len(entries))
	}
}

func TestApplyUnchangedFileIsNotRewritten(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"f": "a\n"})
	before, _ := os.Stat(filepath.Join(dir, "f"))
	p, _ := patch.Parse(v4a("*** Update File: f", "@@", " a"))
	res, err := patch.Apply(root, p)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(dir, "f"))
	if !os.SameFile(before, after) {
		t.Error("Apply replaced a file whose content did not change")
	}
	if got := res.String(); got != "M f\n" {
		t.Errorf("Result.String() = %q, want %q", got, "M f\n")
	}
}

func TestDryRun(t *testing.T) {
	files := map[string]string{"a": "1\n2\n", "b": "x\n"}
	root, dir := newRoot(t, files)
	p, err := patch.Parse(v4a("*** Update File: a", "@@", "-2", "+two", "*** Delete File: b", "*** Add File: c/d", "+new"))
	if err != nil {
		t.Fatal(err)
	}
	dry, err := patch.DryRun(root, p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(files, snapshot(t, dir)); diff != "" {
		t.Fatalf("DryRun changed the folder (-before +after):\n%s", diff)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("DryRun left %d entries, want 2", len(entries))
	}
	res, err := patch.Apply(root, p)
	if err != nil {
		t.Fatal(err)
	}
	if dry.Diff() != res.Diff() || dry.String() != res.String() {
		t.Errorf("DryRun result differs from Apply result:\n%s\n%s", dry.Diff(), res.Diff())
	}
	if diff := cmp.Diff(map[string]string{"a": "1\ntwo\n", "c/d": "new\n"}, snapshot(t, dir)); diff != "" {
		t.Errorf("folder after Apply (-want +got):\n%s", diff)
	}
}

func TestApplyLimits(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"small": "x\n"})
	big := filepath.Join(dir, "big")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(patch.MaxFileSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	for _, op := range []patch.Operation{
		{Type: patch.UpdateFile, Path: "big", Diff: "@@\n+x"},
		{Type: patch.DeleteFile, Path: "big"},
		{Type: patch.CreateFile, Path: "big", Diff: "+x"},
	} {
		_, err := patch.ApplyOperation(root, op)
		if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassIO || !strings.Contains(e.Msg, "limit") {
			t.Errorf("ApplyOperation(%s %s) = %v, want an io_error about the limit", op.Type, op.Path, err)
		}
	}

	// An update may not grow a file past the limit.
	if err := os.Truncate(big, patch.MaxFileSize-10); err != nil {
		t.Fatal(err)
	}
	_, err = patch.ApplyOperation(root, patch.Operation{Type: patch.UpdateFile, Path: "big", Diff: "@@\n+" + strings.Repeat("x", 100) + "\n*** End of File"})
	if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassIO || !strings.Contains(e.Msg, "limit") {
		t.Errorf("ApplyOperation(grow past the limit) = %v, want an io_error about the limit", err)
	}
	if info, err := os.Stat(big); err != nil || info.Size() != patch.MaxFileSize-10 {
		t.Errorf("file changed by a failed update (size %v, err %v)", info.Size(), err)
	}
}

func TestContextErrorMessage(t *testing.T) {
	root, _ := newRoot(t, map[string]string{"fib.py": "def fib(n):\n    if n < 2:\n        return n\n    return fib(n-1) + fib(n-2)\n"})
	p, _ := patch.Parse(v4a("*** Update File: fib.py", "@@ def fib(n):", "     if n < 2:", "-        return 1", "+        return n"))
	_, err := patch.Apply(root, p)
	e, ok := errors.AsType[*patch.Error](err)
	if !ok {
		t.Fatalf("Apply error = %v, want *patch.Error", err)
	}
	want := &patch.Error{
		Class:        patch.ClassContextNotFound,
		Path:         "fib.py",
		Line:         3,
		Msg:          "the chunk's context and removed lines were not found",
		Sought:       []string{"    if n < 2:", "        return 1"},
		From:         2,
		Closest:      2,
		Matched:      1,
		ClosestLines: []string{"    if n < 2:", "        return n"},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("Apply error mismatch (-want +got):\n%s", diff)
	}
	wantText := `patch: fib.py: patch line 3: the chunk's context and removed lines were not found
sought at or after line 2 of the file:
	    if n < 2:
	        return 1
closest candidate at line 2 (1 of 2 lines match):
	    if n < 2:
	        return n`
	if got := e.Error(); got != wantText {
		t.Errorf("Error() =\n%s\nwant\n%s", got, wantText)
	}
}

func TestContextErrorHints(t *testing.T) {
	tests := []struct {
		name, file, patch, hint string
	}{
		{
			name:  "out of order",
			file:  "a\nb\nc\n",
			patch: v4a("*** Update File: f", "@@", "-c", "+C", "@@", "-a", "+A"),
			hint:  "they occur at line 1, before line 4 where the search started",
		},
		{
			name:  "not at the end",
			file:  "a\nb\nc\n",
			patch: v4a("*** Update File: f", "@@", "-b", "*** End of File"),
			hint:  "they occur at line 2, which is not the end of the file",
		},
		{
			name:  "anchor",
			file:  "a\nb\n",
			patch: v4a("*** Update File: f", "@@ zzz", "-b"),
			hint:  "the anchor line '@@ zzz' was not found",
		},
		{
			name:  "a near miss beats other partial matches",
			file:  "func a() {\n\tx()\n}\n\nfunc b() {\n\treturn fmt.Sprintf(\"Hello, %s!\", name)\n}\n",
			patch: v4a("*** Update File: f", "@@", "-\treturn fmt.Sprintf(\"Hello, %s\", name)", " }"),
			hint:  "closest candidate at line 6 (1 of 2 lines match)",
		},
		{
			name:  "a similar anchor",
			file:  "x\ndef fib(n):\n    pass\n",
			patch: v4a("*** Update File: f", "@@ def fob(n):", "-    pass"),
			hint:  "closest candidate at line 2 (0 of 1 lines match):\n\tdef fib(n):",
		},
		{
			name:  "nothing similar",
			file:  "a\nb\n",
			patch: v4a("*** Update File: f", "@@", "-q"),
			hint:  "no line of the file resembles these lines",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, _ := newRoot(t, map[string]string{"f": tt.file})
			p, _ := patch.Parse(tt.patch)
			_, err := patch.Apply(root, p)
			if err == nil || !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("Apply error = %v, want it to contain %q", err, tt.hint)
			}
		})
	}
}

func TestHardLinksAreOneFile(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"a": "x\n"})
	if err := os.Link(filepath.Join(dir, "a"), filepath.Join(dir, "b")); err != nil {
		t.Skipf("hard links unsupported: %v", err)
	}
	p, _ := patch.Parse(v4a("*** Update File: a", "@@", "-x", "+y", "*** Update File: b", "@@", "-x", "+z"))
	if _, err := patch.Apply(root, p); classOf(err) != patch.ClassDuplicatePath {
		t.Errorf("Apply(two hard links) = %v, want class %q", err, patch.ClassDuplicatePath)
	}
}
