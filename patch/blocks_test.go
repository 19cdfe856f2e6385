package patch_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
)

// block returns a SEARCH/REPLACE chunk: old lines as '-', new as '+'.
func block(n int, old, new string) patch.Chunk {
	c := patch.Chunk{Block: n, Line: n * 10}
	for l := range strings.Lines(old) {
		c.Lines = append(c.Lines, patch.Line{Op: '-', Text: strings.TrimRight(l, "\n")})
	}
	for l := range strings.Lines(new) {
		c.Lines = append(c.Lines, patch.Line{Op: '+', Text: strings.TrimRight(l, "\n")})
	}
	return c
}

// hunk returns a unified-diff chunk from lines prefixed by ' ', '-' or '+';
// a line "\\" marks the line before as having no line break.
func hunk(n, oldStart int, lines ...string) patch.Chunk {
	c := patch.Chunk{Block: n, OldStart: oldStart, Line: n * 10}
	for _, l := range lines {
		if l == `\` {
			c.Lines[len(c.Lines)-1].NoEOL = true
			continue
		}
		c.Lines = append(c.Lines, patch.Line{Op: l[0], Text: l[1:]})
	}
	return c
}

func readFile(t *testing.T, dir, name string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

const goSource = "package greet\n\nimport \"fmt\"\n\n// Greet says hello — to 世界 too 👋.\nfunc Greet(name string) string {\n\treturn fmt.Sprintf(\"Hello, %s\", name)\n}\n\nfunc Bye() {\n\tfmt.Println(\"bye\")\n}\n"

func TestApplyReplaceMode(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		p     patch.Patch
		want  map[string]string // path → content; "" absent means deleted/not created
		class string            // class of the first failed block, or ""
		msg   string            // substring of the error
	}{
		{
			name:  "exact",
			files: map[string]string{"g.go": goSource},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "g.go", Chunks: []patch.Chunk{
				block(1, "\treturn fmt.Sprintf(\"Hello, %s\", name)\n", "\treturn fmt.Sprintf(\"Hi, %s!\", name)\n")}}}},
			want: map[string]string{"g.go": strings.Replace(goSource, `"Hello, %s"`, `"Hi, %s!"`, 1)},
		},
		{
			name:  "indentation dropped uniformly",
			files: map[string]string{"g.go": goSource},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "g.go", Chunks: []patch.Chunk{
				block(1, "fmt.Println(\"bye\")\n", "fmt.Println(\"bye\")\nfmt.Println(\"see you\")\n")}}}},
			want: map[string]string{"g.go": strings.Replace(goSource, "\tfmt.Println(\"bye\")\n", "\tfmt.Println(\"bye\")\n\tfmt.Println(\"see you\")\n", 1)},
		},
		{
			name:  "elided with dots",
			files: map[string]string{"g.go": goSource},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "g.go", Chunks: []patch.Chunk{
				block(1, "func Greet(name string) string {\n...\nfunc Bye() {\n", "func Greet(who string) string {\n...\nfunc Bye2() {\n")}}}},
			want: map[string]string{"g.go": strings.Replace(strings.Replace(goSource, "Greet(name", "Greet(who", 1), "Bye()", "Bye2()", 1)},
		},
		{
			name:  "ambiguous",
			files: map[string]string{"a.txt": "x\ny\nx\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "x\n", "z\n")}}}},
			want:  map[string]string{"a.txt": "x\ny\nx\n"},
			class: patch.ClassAmbiguous,
			msg:   "occur more than once in the file (at lines 1, 3)",
		},
		{
			name:  "first match",
			files: map[string]string{"a.txt": "x\ny\nx\n"},
			p: patch.Patch{FirstMatch: true, Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "x\n", "z\n")}}}},
			want: map[string]string{"a.txt": "z\ny\nx\n"},
		},
		{
			name:  "missing",
			files: map[string]string{"g.go": goSource},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "g.go", Chunks: []patch.Chunk{
				block(1, "func Greet(name string) {\n\treturn fmt.Sprintf(\"Hello, %s\", name)\n", "x\n")}}}},
			want:  map[string]string{"g.go": goSource},
			class: patch.ClassContextNotFound,
			msg:   "did you mean these lines of the file, at line 6 (1 of 2 lines match)?\n\tfunc Greet(name string) string {\n\t\treturn",
		},
		{
			name:  "new file",
			files: map[string]string{},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "dir/new.txt", Chunks: []patch.Chunk{
				block(1, "", "héllo\nwörld 🌍\n"), block(2, "wörld 🌍\n", "world\n")}}}},
			want: map[string]string{"dir/new.txt": "héllo\nworld\n"},
		},
		{
			name:  "missing file",
			files: map[string]string{},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "nope.txt", Chunks: []patch.Chunk{
				block(1, "a\n", "b\n"), block(2, "c\n", "d\n")}}}},
			want:  map[string]string{},
			class: patch.ClassFileNotFound,
			msg:   "2 blocks of 2 failed",
		},
		{
			name:  "block edits what an earlier block wrote",
			files: map[string]string{"a.txt": "one\ntwo\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "one\n", "uno\n"), block(2, "uno\ntwo\n", "uno\ndos\n")}}}},
			want: map[string]string{"a.txt": "uno\ndos\n"},
		},
		{
			name:  "several files, one block fails: nothing written",
			files: map[string]string{"a.txt": "a\n", "b.txt": "b\n"},
			p: patch.Patch{Files: []patch.File{
				{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{block(1, "a\n", "A\n")}},
				{Kind: patch.Update, Path: "b.txt", Chunks: []patch.Chunk{block(2, "zzz\n", "B\n")}},
			}},
			want:  map[string]string{"a.txt": "a\n", "b.txt": "b\n"},
			class: patch.ClassContextNotFound,
			msg:   "1 block of 2 failed to apply, so no file was changed. The other block would have applied",
		},
		{
			name:  "crlf and no final line break kept",
			files: map[string]string{"w.txt": "a\r\nb\r\nc"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "w.txt", Chunks: []patch.Chunk{
				block(1, "b\nc\n", "B\nC\n")}}}},
			want: map[string]string{"w.txt": "a\r\nB\r\nC"},
		},
		{
			name:  "replace lines already present",
			files: map[string]string{"a.txt": "new\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "old\n", "new\n")}}}},
			want:  map[string]string{"a.txt": "new\n"},
			class: patch.ClassContextNotFound,
			msg:   "its new lines are already in the file, at line 1",
		},
		{
			name:  "spurious blank first line",
			files: map[string]string{"a.txt": "a\nb\nc\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "\nb\nc\n", "B\nc\n")}}}},
			want: map[string]string{"a.txt": "a\nB\nc\n"},
		},
		{
			name:  "empty search appends",
			files: map[string]string{"a.txt": "a"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				block(1, "", "b\n")}}}},
			want: map[string]string{"a.txt": "a\nb\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, dir := newRoot(t, tc.files)
			p := tc.p
			p.Mode = patch.ReplaceMode
			_, err := patch.Apply(root, &p)
			checkBlocks(t, err, tc.class, tc.msg)
			for name, want := range tc.want {
				if got, _ := readFile(t, dir, name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func checkBlocks(t *testing.T, err error, class, msg string) {
	t.Helper()
	if class == "" {
		if err != nil {
			t.Fatalf("error: %v", err)
		}
		return
	}
	var be *patch.BlockError
	if !errors.As(err, &be) {
		t.Fatalf("error = %v (%T), want a *BlockError", err, err)
	}
	if be.Failed[0].Class != class {
		t.Errorf("class = %s, want %s", be.Failed[0].Class, class)
	}
	var pe *patch.Error
	if !errors.As(err, &pe) || pe != be.Failed[0] {
		t.Errorf("errors.As does not reach the first failed block")
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error:\n%s\nwant it to contain:\n%s", err, msg)
	}
}

func TestApplyPartial(t *testing.T) {
	root, dir := newRoot(t, map[string]string{"a.txt": "a\nb\nc\n", "b.txt": "b\n"})
	p := &patch.Patch{Mode: patch.ReplaceMode, Files: []patch.File{
		{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{block(1, "a\n", "A\n"), block(2, "nope\n", "x\n"), block(3, "c\n", "C\n")}},
		{Kind: patch.Update, Path: "b.txt", Chunks: []patch.Chunk{block(4, "b\n", "B\n")}},
		{Kind: patch.Update, Path: "../out.txt", Chunks: []patch.Chunk{block(5, "", "x\n")}},
	}}
	res, err := patch.ApplyPartial(root, p)
	var be *patch.BlockError
	if !errors.As(err, &be) {
		t.Fatalf("error = %v, want a *BlockError", err)
	}
	if len(be.Failed) != 2 || be.Failed[0].Block != 2 || be.Failed[1].Block != 5 || be.Failed[1].Class != patch.ClassPathEscape {
		t.Errorf("failed = %v", err)
	}
	if be.Applied != 3 || !be.Written {
		t.Errorf("applied = %d, written = %v; want 3, true", be.Applied, be.Written)
	}
	if !strings.Contains(err.Error(), "patch: 2 blocks of 5 failed to apply. The other 3 blocks applied and were written: do not send them again") {
		t.Errorf("message:\n%s", err)
	}
	if res == nil || len(res.Changes) != 2 {
		t.Fatalf("result = %v", res)
	}
	for name, want := range map[string]string{"a.txt": "A\nb\nC\n", "b.txt": "B\n"} {
		if got, _ := readFile(t, dir, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := res.Diff(); !strings.Contains(got, "-a\n+A\n b\n-c\n+C\n") {
		t.Errorf("diff:\n%s", got)
	}
}

func TestApplyUnifiedMode(t *testing.T) {
	long := strings.Repeat("same\n", 5)
	tests := []struct {
		name  string
		files map[string]string
		p     patch.Patch
		want  map[string]string
		class string
		msg   string
	}{
		{
			name:  "numbers right",
			files: map[string]string{"a.txt": "1\n2\n3\n4\n5\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 2, " 2", "-3", "+three", " 4")}}}},
			want: map[string]string{"a.txt": "1\n2\nthree\n4\n5\n"},
		},
		{
			name:  "numbers wrong: placed by context",
			files: map[string]string{"a.txt": "1\n2\n3\n4\n5\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 40, " 2", "-3", "+three", " 4")}}}},
			want: map[string]string{"a.txt": "1\n2\nthree\n4\n5\n"},
		},
		{
			name:  "nearest the hint among repeats",
			files: map[string]string{"a.txt": "x\n" + long + "y\n" + long + "z\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 9, " same", "-same", "+SAME", " same")}}}},
			want: map[string]string{"a.txt": "x\n" + long + "y\nsame\nsame\nSAME\nsame\nsame\nz\n"},
		},
		{
			name:  "hunk without trailing context goes at the end",
			files: map[string]string{"a.txt": "a\nb\na\nb\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 1, " a", " b", "+c")}}}},
			want: map[string]string{"a.txt": "a\nb\na\nb\nc\n"},
		},
		{
			name:  "no newline at end added",
			files: map[string]string{"a.txt": "a\nb"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 1, " a", "-b", `\`, "+b")}}}},
			want: map[string]string{"a.txt": "a\nb\n"},
		},
		{
			name:  "no newline at end removed",
			files: map[string]string{"a.txt": "a\nb\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 1, " a", "-b", "+b", `\`)}}}},
			want: map[string]string{"a.txt": "a\nb"},
		},
		{
			name:  "insert at top",
			files: map[string]string{"a.txt": "a\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 0, "+top")}}}},
			want: map[string]string{"a.txt": "top\na\n"},
		},
		{
			name:  "fuzz: a context line at each end differs from the file",
			files: map[string]string{"a.txt": "1\n2\n3\n4\n5\n6\n7\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 2, " two", " 3", "-4", "+four", " 5", " six")}}}},
			want: map[string]string{"a.txt": "1\n2\n3\nfour\n5\n6\n7\n"},
		},
		{
			name:  "two hunks, one fails",
			files: map[string]string{"a.txt": "1\n2\n3\n"},
			p: patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "a.txt", Chunks: []patch.Chunk{
				hunk(1, 1, "-1", "+one"), hunk(2, 3, "-9", "+nine")}}}},
			want:  map[string]string{"a.txt": "1\n2\n3\n"},
			class: patch.ClassContextNotFound,
			msg:   "a.txt: block 2 (line 20): the hunk's context and removed lines were not found",
		},
		{
			name:  "add with mode, delete, rename",
			files: map[string]string{"old.txt": "o\n", "gone.txt": "g\n"},
			p: patch.Patch{Files: []patch.File{
				{Kind: patch.Add, Path: "run.sh", Contents: "#!/bin/sh\n", Perm: 0o755},
				{Kind: patch.Delete, Path: "gone.txt"},
				{Kind: patch.Update, Path: "old.txt", MoveTo: "new.txt"},
			}},
			want: map[string]string{"run.sh": "#!/bin/sh\n", "new.txt": "o\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, dir := newRoot(t, tc.files)
			p := tc.p
			p.Mode = patch.UnifiedMode
			_, err := patch.Apply(root, &p)
			checkBlocks(t, err, tc.class, tc.msg)
			for name, want := range tc.want {
				if got, _ := readFile(t, dir, name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestApplyUnifiedPerm(t *testing.T) {
	root, dir := newRoot(t, nil)
	p := &patch.Patch{Mode: patch.UnifiedMode, Files: []patch.File{{Kind: patch.Add, Path: "run.sh", Contents: "#!/bin/sh\n", Perm: 0o755}}}
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o100 == 0 {
		t.Errorf("mode = %v, want executable", info.Mode())
	}
}
