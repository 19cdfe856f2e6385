package patch_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/respkit/respkit/patch"
)

// srLines returns a SEARCH/REPLACE chunk's lines.
func srLines(old, new []string) []patch.Line {
	var out []patch.Line
	for _, l := range old {
		out = append(out, patch.Line{Op: '-', Text: l})
	}
	for _, l := range new {
		out = append(out, patch.Line{Op: '+', Text: l})
	}
	return out
}

func TestParseSearchReplace(t *testing.T) {
	tests := []struct {
		name  string
		reply string
		want  []patch.File
	}{
		{
			name:  "crlf, indented markers, fence line name",
			reply: "```go app/x.go\r\n  <<<<<<< SEARCH\r\n\tx := 1 \r\n  =======\r\n\tx := 2\r\n  >>>>>>> REPLACE\r\n```\r\n",
			want: []patch.File{{Kind: patch.Update, Path: "app/x.go", Chunks: []patch.Chunk{
				{Block: 1, Lines: srLines([]string{"\tx := 1 "}, []string{"\tx := 2"})}}}},
		},
		{
			name:  "miscounted markers, empty replace",
			reply: "a.txt\n<<<<<< SEARCH\nx\n=======\n>>>>>>>> REPLACE\n",
			want: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				{Block: 1, Lines: srLines([]string{"x"}, nil)}}}},
		},
		{
			name:  "same file under two spellings is one file",
			reply: "a/b.txt\n<<<<<<< SEARCH\n1\n=======\n2\n>>>>>>> REPLACE\n./a/b.txt\n<<<<<<< SEARCH\n3\n=======\n4\n>>>>>>> REPLACE\n",
			want: []patch.File{{Kind: patch.Update, Path: "a/b.txt", Chunks: []patch.Chunk{
				{Block: 1, Lines: srLines([]string{"1"}, []string{"2"})},
				{Block: 2, Lines: srLines([]string{"3"}, []string{"4"})}}}},
		},
		{
			name:  "name through a fence of a language, escaped underscore",
			reply: "my\\_file.py\n```python\n<<<<<<< SEARCH\n=======\nx = 1\n>>>>>>> REPLACE\n```\n",
			want: []patch.File{{Kind: patch.Update, Path: "my_file.py", Chunks: []patch.Chunk{
				{Block: 1, Lines: srLines(nil, []string{"x = 1"})}}}},
		},
		{name: "no block", reply: "Sure! Nothing to change.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := patch.ParseSearchReplace(tc.reply)
			if err != nil {
				t.Fatal(err)
			}
			if p.Mode != patch.ReplaceMode {
				t.Errorf("mode = %v", p.Mode)
			}
			if diff := cmp.Diff(tc.want, p.Files, ignoreLines); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseBlockErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (*patch.Patch, error)
		reply string
		want  string
	}{
		{"no name", patch.ParseSearchReplace, "```\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n",
			"patch: patch line 2: block 1 has no file name: write the file's path alone on the line before the opening fence of the block"},
		{"no divider", patch.ParseSearchReplace, "f\n<<<<<<< SEARCH\na\n",
			"patch: f: patch line 2: block 1: no '=======' line after '<<<<<<< SEARCH'"},
		{"no end", patch.ParseSearchReplace, "f\n<<<<<<< SEARCH\na\n=======\nb\n",
			"patch: f: patch line 2: block 1: no '>>>>>>> REPLACE' line after its '======='"},
		{"nested", patch.ParseSearchReplace, "f\n<<<<<<< SEARCH\na\n<<<<<<< SEARCH\n",
			"patch: f: patch line 4: block 1: expected '=======' before '<<<<<<< SEARCH'"},
		{"xml no end", patch.ParseXML, "<edit>\n<file>a</file>\n",
			"patch: patch line 1: edit 1: no </edit> line"},
		{"xml no old_code", patch.ParseXML, "x\n<edit>\n<file>a</file>\n<new_code>\nb\n</new_code>\n</edit>\n",
			"patch: patch line 2: edit 1: no <old_code> element"},
		{"xml unclosed", patch.ParseXML, "<edit>\n<file>a</file>\n<old_code>\nx\n</edit>\n",
			"patch: patch line 3: edit 1: no </old_code> after <old_code>"},
		{"xml twice", patch.ParseXML, "<edit>\n<file>a</file>\n<file>b</file>\n</edit>\n",
			"patch: patch line 3: edit 1: a second <file> element"},
		{"unified hunk first", patch.ParseUnified, "@@ -1 +1 @@\n-a\n+b\n",
			"patch: patch line 1: hunk header '@@ -1 +1 @@' before any file header: a file's diff starts with '--- a/path' and '+++ b/path' lines"},
		{"unified empty hunk", patch.ParseUnified, "--- a/f\n+++ b/f\n@@ -1 +1 @@\nprose\n",
			"patch: patch line 3: hunk '@@ -1 +1 @@' has no lines"},
		{"unified binary", patch.ParseUnified, "diff --git a/i.png b/i.png\nindex 1..2 100644\nBinary files a/i.png and b/i.png differ\n",
			"patch: i.png: patch line 3: binary diffs are not supported"},
		{"unified copy", patch.ParseUnified, "diff --git a/x b/y\nsimilarity index 100%\ncopy from x\ncopy to y\n",
			"patch: y: patch line 3: copies are not supported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.parse(tc.reply)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tc.want)
			}
			var e *patch.Error
			if !errors.As(err, &e) || (e.Class != patch.ClassParse && e.Class != patch.ClassUnsupported) {
				t.Errorf("error %T is not a parse or unsupported *patch.Error", err)
			}
		})
	}
}

func TestParseXML(t *testing.T) {
	reply := "Edits:\n<edit>\n<file>\n  web/a.html  \n</file>\n<old_code>  <p>Hi</p>\n</old_code>\n<new_code>\n\n  <p>Hï 👋</p>\n  </new_code>\n</edit>\ntrailing prose\n"
	p, err := patch.ParseXML(reply)
	if err != nil {
		t.Fatal(err)
	}
	want := []patch.File{{Kind: patch.Update, Path: "web/a.html", Chunks: []patch.Chunk{
		{Block: 1, Lines: srLines([]string{"  <p>Hi</p>"}, []string{"", "  <p>Hï 👋</p>"})}}}}
	if diff := cmp.Diff(want, p.Files, ignoreLines); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestParseUnified(t *testing.T) {
	hunk := func(block, oldStart, newStart int, anchor string, spec ...string) patch.Chunk {
		c := patch.Chunk{Block: block, OldStart: oldStart, NewStart: newStart}
		if anchor != "" {
			c.Anchors = []string{anchor}
		}
		for _, s := range spec {
			if s == `\` {
				c.Lines[len(c.Lines)-1].NoEOL = true
				continue
			}
			c.Lines = append(c.Lines, patch.Line{Op: s[0], Text: s[1:]})
		}
		return c
	}
	tests := []struct {
		name string
		diff string
		want []patch.File
	}{
		{
			name: "diff -u with timestamps, epoch dates for created and deleted files",
			diff: "--- old/f.txt\t2026-12-05 04:12:23.49 +0000\n+++ new/f.txt\t2026-12-05 04:12:23.49 +0000\n@@ -1,2 +1,2 @@ func x()\n a\n-b\n+B\n\\ No newline at end of file\n" +
				"--- old/gone\t2026-12-05 04:12:23.49 +0000\n+++ new/gone\t1970-01-01 00:00:00.000000000 +0000\n@@ -1 +0,0 @@\n-x\n" +
				"--- old/new\t1970-01-01 00:00:00.000000000 +0000\n+++ new/new\t2026-12-05 04:12:23.49 +0000\n@@ -0,0 +1 @@\n+n\n",
			want: []patch.File{
				{Kind: patch.Update, Path: "f.txt", Chunks: []patch.Chunk{hunk(1, 1, 1, "func x()", " a", "-b", "+B", `\`)}},
				{Kind: patch.Delete, Path: "gone"},
				{Kind: patch.Add, Path: "new", Contents: "n\n"},
			},
		},
		{
			name: "git headers: rename with a hunk, mode, quoted name, new and deleted files",
			diff: "diff --git a/x.go b/y.go\nsimilarity index 90%\nrename from x.go\nrename to y.go\nindex 1..2 100644\n--- a/x.go\n+++ b/y.go\n@@ -3 +3 @@\n-p\n+q\n" +
				"diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n" +
				"diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\nnew file mode 100644\nindex 0..1\n--- /dev/null\n+++ \"b/caf\\303\\251.txt\"\n@@ -0,0 +1,2 @@\n+crème\n+brûlée\n\\ No newline at end of file\n" +
				"diff --git a/empty b/empty\nnew file mode 100644\nindex 0..e69de29\n" +
				"diff --git a/old b/old\ndeleted file mode 100644\nindex 1..0\n--- a/old\n+++ /dev/null\n@@ -1 +0,0 @@\n-o\n",
			want: []patch.File{
				{Kind: patch.Update, Path: "x.go", MoveTo: "y.go", Chunks: []patch.Chunk{hunk(1, 3, 3, "", "-p", "+q")}},
				{Kind: patch.Update, Path: "run.sh", Perm: 0o755},
				{Kind: patch.Add, Path: "café.txt", Contents: "crème\nbrûlée", Perm: 0o644},
				{Kind: patch.Add, Path: "empty", Perm: 0o644},
				{Kind: patch.Delete, Path: "old"},
			},
		},
		{
			name: "a model's diff: prose, fences, no numbers, dropped spaces, wrong counts, trailing blank line",
			diff: "Here you go:\n\n```diff\n--- a/main.py\n+++ b/main.py\n@@ ... @@\n def f():\n\n-    return 1\n+    return 2\n@@ -40,1 +40,1 @@\n-x = 1\n+x = 2\n\n```\nDone.\n",
			want: []patch.File{{Kind: patch.Update, Path: "main.py", Chunks: []patch.Chunk{
				hunk(1, 0, 0, "", " def f():", " ", "-    return 1", "+    return 2"),
				hunk(2, 40, 40, "", "-x = 1", "+x = 2"),
			}}},
		},
		{
			name: "names without a/ and b/: the same folder is kept",
			diff: "--- src/main.go\n+++ src/main.go\n@@ -1 +1 @@\n-a\n+b\n--- /dev/null\n+++ src/new.go\n@@ -0,0 +1 @@\n+n\n",
			want: []patch.File{
				{Kind: patch.Update, Path: "src/main.go", Chunks: []patch.Chunk{hunk(1, 1, 1, "", "-a", "+b")}},
				{Kind: patch.Add, Path: "src/new.go", Contents: "n\n"},
			},
		},
		{
			name: "header-like lines inside a hunk whose counts are not met",
			diff: "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n--- x\n+++ y\n a\n",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{hunk(1, 1, 1, "", "--- x", "+++ y", " a")}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := patch.ParseUnified(tc.diff)
			if err != nil {
				t.Fatal(err)
			}
			if p.Mode != patch.UnifiedMode {
				t.Errorf("mode = %v", p.Mode)
			}
			if diff := cmp.Diff(tc.want, p.Files, ignoreLines); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			again, err := p.Render(patch.Unified)
			if err != nil {
				t.Fatal(err)
			}
			p2, err := patch.ParseUnified(again)
			if err != nil {
				t.Fatalf("parse of the rendered diff: %v\n%s", err, again)
			}
			if diff := cmp.Diff(p, p2, ignoreLines, ignoreHints(p)); diff != "" {
				t.Errorf("round trip (-first +second):\n%s\n%s", diff, again)
			}
		})
	}
}

// ignoreHints ignores the line numbers of hunks when p has a hunk without
// them: rendering gives such hunks numbers.
func ignoreHints(p *patch.Patch) cmp.Option {
	for _, f := range p.Files {
		for _, c := range f.Chunks {
			if c.OldStart == 0 || c.NewStart == 0 {
				return cmpopts.IgnoreFields(patch.Chunk{}, "OldStart", "NewStart", "Anchors")
			}
		}
	}
	return cmp.Options{}
}

// v4aSample is a V4A patch that every other format can say except for its
// deletion and move, which unified diffs say too.
const v4aSample = `*** Begin Patch
*** Add File: docs/new.md
+# New ✨
+
+Text with "quotes".
*** Update File: src/app.go
@@ func main() {
-	fmt.Println("hello")
+	fmt.Println("hello, 世界")
@@
 	return
-}
+} // end
*** End Patch
`

func TestRenderAcrossFormats(t *testing.T) {
	files := map[string]string{"src/app.go": "package main\n\nfunc main() {\n\tfmt.Println(\"hello\")\n\tdone()\n\treturn\n}\n"}
	p, err := patch.Parse(v4aSample)
	if err != nil {
		t.Fatal(err)
	}
	root, dir := newRoot(t, files)
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, dir)
	for _, f := range []patch.Format{patch.V4A, patch.SearchReplace, patch.XML, patch.Unified} {
		t.Run(f.String(), func(t *testing.T) {
			text, err := p.Render(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := patch.Detect("Here is the change:\n\n" + text); got != f {
				t.Errorf("Detect = %v, want %v", got, f)
			}
			q, err := patch.Extract("Here is the change:\n\n"+text+"\nDone.\n", f)
			if err != nil {
				t.Fatalf("Extract: %v\n%s", err, text)
			}
			root, dir := newRoot(t, files)
			if _, err := patch.Apply(root, q); err != nil {
				t.Fatalf("Apply: %v\n%s", err, text)
			}
			if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
				t.Errorf("folder (-V4A +%v):\n%s\n%s", f, diff, text)
			}
		})
	}
}

func TestRenderUnsupported(t *testing.T) {
	del := &patch.Patch{Files: []patch.File{{Kind: patch.Delete, Path: "x"}}}
	move := &patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "x", MoveTo: "y"}}}
	marker := &patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "x", Chunks: []patch.Chunk{{Lines: srLines([]string{"======="}, nil)}}}}}
	closing := &patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "x", Chunks: []patch.Chunk{{Lines: srLines([]string{"a</old_code>"}, nil)}}}}}
	for _, tc := range []struct {
		p *patch.Patch
		f patch.Format
	}{
		{del, patch.SearchReplace}, {del, patch.XML}, {move, patch.SearchReplace}, {move, patch.XML},
		{marker, patch.SearchReplace}, {closing, patch.XML}, {del, patch.Format(99)},
	} {
		_, err := tc.p.Render(tc.f)
		var e *patch.Error
		if !errors.As(err, &e) || e.Class != patch.ClassUnsupported {
			t.Errorf("Render(%v) of %+v: error %v, want unsupported", tc.f, tc.p.Files[0], err)
		}
	}
	// What the block formats cannot say, unified diffs can.
	for _, p := range []*patch.Patch{del, move, marker, closing} {
		text, err := p.Render(patch.Unified)
		if err != nil {
			t.Fatal(err)
		}
		q, err := patch.ParseUnified(text)
		if err != nil {
			t.Fatalf("%v\n%s", err, text)
		}
		if diff := cmp.Diff(p.Files, q.Files, ignoreLines, cmpopts.IgnoreFields(patch.Chunk{}, "OldStart", "NewStart", "Block")); diff != "" {
			t.Errorf("unified round trip (-want +got):\n%s\n%s", diff, text)
		}
	}
}

func TestRenderRoundTrip(t *testing.T) {
	tests := []struct {
		format patch.Format
		parse  func(string) (*patch.Patch, error)
		reply  string
	}{
		{patch.SearchReplace, patch.ParseSearchReplace, "a.go\n```go\n<<<<<<< SEARCH\n```inner\n=======\n\ttabs\t \n>>>>>>> REPLACE\n```\nb/c.txt\n<<<<<<< SEARCH\n=======\nnew\n>>>>>>> REPLACE\n"},
		{patch.XML, patch.ParseXML, "<edit>\n<file>a.go</file>\n<old_code>\n\n  x\n\n</old_code>\n<new_code>\n</new_code>\n</edit>\n"},
		{patch.Unified, patch.ParseUnified, "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@ h\n a\n--- b\n+++ c\n\\ No newline at end of file\n"},
		{patch.V4A, patch.Parse, v4aSample},
	}
	for _, tc := range tests {
		t.Run(tc.format.String(), func(t *testing.T) {
			p, err := tc.parse(tc.reply)
			if err != nil {
				t.Fatal(err)
			}
			text, err := p.Render(tc.format)
			if err != nil {
				t.Fatal(err)
			}
			q, err := tc.parse(text)
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if diff := cmp.Diff(p, q, ignoreLines); diff != "" {
				t.Errorf("round trip (-first +second):\n%s\n%s", diff, text)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  patch.Format
	}{
		{"Nothing to do.", 0},
		{"prose\n*** Begin Patch\n*** End Patch\n", patch.V4A},
		{"f\n  >>>>>>> SEARCH\n", patch.SearchReplace},
		{"<edit>\n", patch.XML},
		{"--- a/x\n+++ b/x\n", patch.Unified},
		{"diff --git a/x b/x\n", patch.Unified},
		{"<edit>\n--- a/x\n+++ b/x\n", patch.XML}, // the first one wins
		{"--- just a rule\ntext\n", 0},
	} {
		if got := patch.Detect(tc.reply); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.reply, got, tc.want)
		}
	}
}

func TestExtract(t *testing.T) {
	_, err := patch.Extract("I cannot help with that.", 0)
	var e *patch.Error
	if !errors.As(err, &e) || e.Class != patch.ClassEmptyPatch {
		t.Errorf("Extract of prose: %v, want empty_patch", err)
	}
	_, err = patch.Extract("see the blocks below\n", patch.SearchReplace)
	if !errors.As(err, &e) || e.Class != patch.ClassEmptyPatch || !strings.Contains(err.Error(), "search-replace") {
		t.Errorf("Extract of prose as SEARCH/REPLACE: %v", err)
	}
	two := "First:\n*** Begin Patch\n*** Add File: a\n+1\n*** End Patch\nThen:\n\n*** Begin Patch\n*** Delete File: b\n*** End Patch\n"
	p, err := patch.Extract(two, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 2 || p.Files[0].Line != 3 || p.Files[1].Line != 9 || p.Files[1].Kind != patch.Delete {
		t.Errorf("files = %+v", p.Files)
	}
	_, err = patch.Extract("x\n*** Begin Patch\n*** Frobnicate: a\n*** End Patch\n", patch.V4A)
	if !errors.As(err, &e) || e.Line != 3 {
		t.Errorf("error %v: want it at line 3 of the reply", err)
	}
	if _, err := patch.Extract("*** Begin Patch\n*** Add File: a\n+1\n", patch.V4A); err == nil {
		t.Errorf("a patch without its end marker: no error")
	}
	if _, err := patch.Extract(strings.Repeat("x", patch.MaxPatchSize+1), 0); err == nil {
		t.Errorf("an oversized reply: no error")
	}
}

func TestUnifiedPermissionsApplied(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"run.sh": "#!/bin/sh\necho hi\n"})
	p, err := patch.ParseUnified("diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n--- a/run.sh\n+++ b/run.sh\n@@ -2 +2 @@\n-echo hi\n+echo hello\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatal(err)
	}
	got, _ := readFile(t, dir, "run.sh")
	info, err := fs.Stat(root.FS(), "run.sh")
	if err != nil {
		t.Fatal(err)
	}
	if got != "#!/bin/sh\necho hello\n" || info.Mode().Perm() != 0o755 {
		t.Errorf("run.sh = %q, %v", got, info.Mode())
	}
}
