package patch_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/respkit/respkit/patch"
)

// ignoreLines drops the Line fields, which the tables check separately.
var ignoreLines = cmp.Options{
	cmpopts.IgnoreFields(patch.File{}, "Line"),
	cmpopts.IgnoreFields(patch.Chunk{}, "Line"),
	cmpopts.IgnoreUnexported(patch.Patch{}),
	cmpopts.EquateEmpty(),
}

func lines(spec ...string) []patch.Line {
	out := make([]patch.Line, len(spec))
	for i, s := range spec {
		out[i] = patch.Line{Op: s[0], Text: s[1:]}
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []patch.File
		env  string
	}{
		{
			name: "add file",
			in:   "*** Begin Patch\n*** Add File: hello.txt\n+hello\n+\n+world\n*** End Patch\n",
			want: []patch.File{{Kind: patch.Add, Path: "hello.txt", Contents: "hello\n\nworld\n"}},
		},
		{
			name: "add empty file",
			in:   "*** Begin Patch\n*** Add File: empty.txt\n*** End Patch",
			want: []patch.File{{Kind: patch.Add, Path: "empty.txt"}},
		},
		{
			name: "delete then update with move",
			in: "*** Begin Patch\n*** Delete File: old.txt\n*** Update File: a.go\n*** Move to: b/a.go\n" +
				"@@ func f() {\n-\treturn 1\n+\treturn 2\n }\n*** End Patch",
			want: []patch.File{
				{Kind: patch.Delete, Path: "old.txt"},
				{Kind: patch.Update, Path: "a.go", MoveTo: "b/a.go", Chunks: []patch.Chunk{{
					Anchors: []string{"func f() {"},
					Lines:   lines("-\treturn 1", "+\treturn 2", " }"),
				}}},
			},
		},
		{
			name: "first chunk without header, then end of file chunk",
			in:   "*** Begin Patch\n*** Update File: f\n a\n-b\n@@\n-y\n+z\n*** End of File\n\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Lines: lines(" a", "-b")},
				{Anchors: []string{""}, Lines: lines("-y", "+z"), EndOfFile: true},
			}}},
		},
		{
			name: "empty line is empty context, not a separator",
			in:   "*** Begin Patch\n*** Update File: f\n@@\n-b\n+B\n\n-d\n+D\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Anchors: []string{""}, Lines: lines("-b", "+B", " ", "-d", "+D")},
			}}},
		},
		{
			name: "stacked anchors",
			in:   "*** Begin Patch\n*** Update File: f.py\n@@ class A\n@@     def f():\n-        pass\n+        return 1\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f.py", Chunks: []patch.Chunk{
				{Anchors: []string{"class A", "    def f():"}, Lines: lines("-        pass", "+        return 1")},
			}}},
		},
		{
			name: "blank lines before the first header are ignored",
			in:   "*** Begin Patch\n*** Update File: f\n*** Move to: g\n\n\n@@\n-a\n+A\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", MoveTo: "g", Chunks: []patch.Chunk{
				{Anchors: []string{""}, Lines: lines("-a", "+A")},
			}}},
		},
		{
			name: "blank line before a context line is context",
			in:   "*** Begin Patch\n*** Update File: f\n\n-a\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{{Lines: lines(" ", "-a")}}}},
		},
		{
			name: "padded markers, CRLF and surrounding blank lines",
			in:   "\r\n \r\n  *** Begin Patch \r\n  *** Delete File: x \r\n*** End Patch  \r\n\r\n",
			want: []patch.File{{Kind: patch.Delete, Path: "x"}},
		},
		{
			name: "leading spaces inside an update make a context line",
			in:   "*** Begin Patch\n*** Update File: f\n@@\n  *** Add File: g\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Anchors: []string{""}, Lines: lines("  *** Add File: g")},
			}}},
		},
		{
			name: "heredoc, unquoted",
			in:   "<<EOF\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF\n",
			want: []patch.File{{Kind: patch.Delete, Path: "x"}},
		},
		{
			name: "heredoc, double quoted",
			in:   "<<\"EOF\"\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF",
			want: []patch.File{{Kind: patch.Delete, Path: "x"}},
		},
		{
			name: "environment id and repeated end markers",
			in:   "*** Begin Patch\n*** Environment ID: dev-1\n*** Delete File: x\n*** End Patch\n*** End Patch",
			want: []patch.File{{Kind: patch.Delete, Path: "x"}},
			env:  "dev-1",
		},
		{
			name: "end of file marker before any chunk is ignored",
			in:   "*** Begin Patch\n*** Update File: f\n*** End of File\n-a\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{{Lines: lines("-a")}}}},
		},
		{
			name: "move to anywhere before the first chunk",
			in:   "*** Begin Patch\n*** Update File: f\n*** End of File\n*** Move to: g\n@@\n-a\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", MoveTo: "g", Chunks: []patch.Chunk{{Anchors: []string{""}, Lines: lines("-a")}}}},
		},
		{
			name: "empty patch parses",
			in:   "*** Begin Patch\n*** End Patch",
			want: nil,
		},
		{
			name: "unified diff header is an anchor",
			in:   "*** Begin Patch\n*** Update File: f\n@@ -1,2 +1,2 @@\n-a\n*** End Patch",
			want: []patch.File{{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Anchors: []string{"-1,2 +1,2 @@"}, Lines: lines("-a")},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := patch.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if p.Mode != patch.PatchMode {
				t.Errorf("Parse(%q).Mode = %v, want %v", tt.in, p.Mode, patch.PatchMode)
			}
			if p.EnvironmentID != tt.env {
				t.Errorf("Parse(%q).EnvironmentID = %q, want %q", tt.in, p.EnvironmentID, tt.env)
			}
			if diff := cmp.Diff(tt.want, p.Files, ignoreLines); diff != "" {
				t.Errorf("Parse(%q) files mismatch (-want +got):\n%s", tt.in, diff)
			}
			// Rendering gives back the same patch.
			again, err := patch.Parse(p.String())
			if err != nil {
				t.Fatalf("Parse(String()) error: %v\n%s", err, p.String())
			}
			if diff := cmp.Diff(p, again, ignoreLines); diff != "" {
				t.Errorf("Parse(String()) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseLineNumbers(t *testing.T) {
	p, err := patch.Parse("\n\n*** Begin Patch\n*** Add File: a\n+x\n*** Update File: b\n-q\n@@ z\n+y\n*** End Patch")
	if err != nil {
		t.Fatal(err)
	}
	got := []int{p.Files[0].Line, p.Files[1].Line, p.Files[1].Chunks[0].Line, p.Files[1].Chunks[1].Line}
	if want := []int{4, 6, 7, 8}; !cmp.Equal(got, want) {
		t.Errorf("Parse lines = %v, want %v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string // a fragment of the message
	}{
		{"empty text", "", 1, "first line"},
		{"missing begin", "*** Update File: f\n@@\n-a\n*** End Patch", 1, "first line"},
		{"missing end", "*** Begin Patch\n*** Delete File: f", 2, "last line"},
		{"only begin", "*** Begin Patch", 1, "last line"},
		{"text after end", "*** Begin Patch\n*** Delete File: f\n*** End Patch\ntrailing", 4, "last line"},
		{"text between two ends", "*** Begin Patch\n*** Delete File: f\n*** End Patch\nx\n*** End Patch", 4, "after"},
		{"three ends", "*** Begin Patch\n*** Delete File: f\n*** End Patch\n*** End Patch\n*** End Patch", 4, "after"},
		{"heredoc with mismatched quotes", "<<\"EOF'\n*** Begin Patch\n*** Delete File: f\n*** End Patch\nEOF", 1, "first line"},
		{"heredoc missing end", "<<EOF\n*** Begin Patch\n*** Update File: f\n+x\nEOF", 4, "last line"},
		{"invalid header", "*** Begin Patch\n*** Frobnicate File: foo\n*** End Patch", 2, "not a valid file header"},
		{"add without path", "*** Begin Patch\n*** Add File: \n+x\n*** End Patch", 2, "not a valid file header"},
		{"blank line after begin", "*** Begin Patch\n\n*** Delete File: f\n*** End Patch", 2, "not a valid file header"},
		{"unprefixed add line", "*** Begin Patch\n*** Add File: f\n+a\n\n+b\n*** End Patch", 4, "must start with '+'"},
		{"delete with content", "*** Begin Patch\n*** Delete File: f\n+x\n*** End Patch", 3, "takes no lines"},
		{"update without chunks", "*** Begin Patch\n*** Update File: f\n*** End Patch", 2, "no chunks"},
		{"move without chunks", "*** Begin Patch\n*** Update File: f\n*** Move to: g\n*** End Patch", 2, "no chunks"},
		{"header only chunk", "*** Begin Patch\n*** Update File: f\n@@\n*** End Patch", 3, "no lines"},
		{"end of file without lines", "*** Begin Patch\n*** Update File: f\n@@\n*** End of File\n*** End Patch", 4, "no lines"},
		{"unexpected line", "*** Begin Patch\n*** Update File: f\n@@\nbad\n*** End Patch", 4, "unexpected line 'bad'"},
		{"line after chunk needs header", "*** Begin Patch\n*** Update File: f\n@@\n-a\n+b\noops\n*** End Patch", 6, "a new chunk starts with '@@'"},
		{"line after end of file", "*** Begin Patch\n*** Update File: f\n@@\n-a\n*** End of File\n\n-b\n*** End Patch", 7, "expected '@@'"},
		{"tab-prefixed line", "*** Begin Patch\n*** Update File: f\n\tx\n*** End Patch", 3, "unexpected line"},
		{"move to without path", "*** Begin Patch\n*** Update File: f\n*** Move to:\n@@\n-a\n*** End Patch", 3, "unexpected line"},
		{"empty environment id", "*** Begin Patch\n*** Environment ID: \n*** End Patch", 2, "environment ID is empty"},
		{"repeated environment id", "*** Begin Patch\n*** Environment ID: x\n*** Environment ID: y\n*** End Patch", 3, "only once"},
		{"too large", "*** Begin Patch\n" + strings.Repeat("x", patch.MaxPatchSize) + "\n*** End Patch", 0, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := patch.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%.60q) = %v, want an error", tt.in, p)
			}
			e, ok := errors.AsType[*patch.Error](err)
			if !ok {
				t.Fatalf("Parse(%.60q) error is %T, want *patch.Error", tt.in, err)
			}
			if e.Class != patch.ClassParse {
				t.Errorf("Parse(%.60q) class = %q, want %q", tt.in, e.Class, patch.ClassParse)
			}
			if e.Line != tt.line {
				t.Errorf("Parse(%.60q) line = %d, want %d (%v)", tt.in, e.Line, tt.line, err)
			}
			if !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("Parse(%.60q) error = %q, want it to contain %q", tt.in, e.Error(), tt.msg)
			}
			if !strings.HasPrefix(e.Error(), "patch: ") {
				t.Errorf("Parse error %q lacks the package prefix", e.Error())
			}
		})
	}
}

func TestParseOperation(t *testing.T) {
	tests := []struct {
		name string
		op   patch.Operation
		want patch.File
	}{
		{
			name: "create without final line break",
			op:   patch.Operation{Type: "create_file", Path: "n.txt", Diff: "+hello\n+world"},
			want: patch.File{Kind: patch.Add, Path: "n.txt", Contents: "hello\nworld"},
		},
		{
			name: "create with trailing bare plus and CRLF",
			op:   patch.Operation{Type: "create_file", Path: "n.txt", Diff: "+hello\r\n+world\r\n+"},
			want: patch.File{Kind: patch.Add, Path: "n.txt", Contents: "hello\r\nworld\r\n"},
		},
		{
			name: "create empty",
			op:   patch.Operation{Type: "create_file", Path: "n.txt"},
			want: patch.File{Kind: patch.Add, Path: "n.txt"},
		},
		{
			name: "update with leading blank line and final End Patch",
			op:   patch.Operation{Type: "update_file", Path: "f", Diff: "\n@@ def f():\n-    pass\n+    return 1\n*** End Patch\n"},
			want: patch.File{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Anchors: []string{"def f():"}, Lines: lines("-    pass", "+    return 1")},
			}},
		},
		{
			name: "update with sections and end of file",
			op:   patch.Operation{Type: "update_file", Path: "f", Diff: " a\n-b\n@@ x\n@@\n+c\n*** End of File\n@@\n-z"},
			want: patch.File{Kind: patch.Update, Path: "f", Chunks: []patch.Chunk{
				{Lines: lines(" a", "-b")},
				{Anchors: []string{"x", ""}, Lines: lines("+c"), EndOfFile: true},
				{Anchors: []string{""}, Lines: lines("-z")},
			}},
		},
		{
			name: "delete ignores the diff",
			op:   patch.Operation{Type: "delete_file", Path: "gone"},
			want: patch.File{Kind: patch.Delete, Path: "gone"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := patch.ParseOperation(tt.op)
			if err != nil {
				t.Fatalf("ParseOperation(%+v) error: %v", tt.op, err)
			}
			if p.Mode != patch.OperationMode {
				t.Errorf("ParseOperation(%+v).Mode = %v, want %v", tt.op, p.Mode, patch.OperationMode)
			}
			if diff := cmp.Diff([]patch.File{tt.want}, p.Files, ignoreLines); diff != "" {
				t.Errorf("ParseOperation(%+v) mismatch (-want +got):\n%s", tt.op, diff)
			}
		})
	}
}

func TestParseOperationErrors(t *testing.T) {
	tests := []struct {
		name string
		op   patch.Operation
		line int
	}{
		{"unknown type", patch.Operation{Type: "rename_file", Path: "f"}, 0},
		{"create line without plus", patch.Operation{Type: "create_file", Path: "f", Diff: "+a\nplain"}, 2},
		{"create with blank line", patch.Operation{Type: "create_file", Path: "f", Diff: "+a\n\n+b"}, 2},
		{"update with bad prefix", patch.Operation{Type: "update_file", Path: "f", Diff: "oops"}, 1},
		{"update empty", patch.Operation{Type: "update_file", Path: "f"}, 0},
		{"update with file header", patch.Operation{Type: "update_file", Path: "f", Diff: "@@\n-a\n*** Update File: g\n@@\n-b"}, 3},
		{"update with text after end patch", patch.Operation{Type: "update_file", Path: "f", Diff: "@@\n-a\n*** End Patch\n-b"}, 3},
		{"update full patch", patch.Operation{Type: "update_file", Path: "f", Diff: "*** Begin Patch\n*** Update File: f\n@@\n-a\n*** End Patch"}, 1},
		{"second section without header", patch.Operation{Type: "update_file", Path: "f", Diff: "@@\n-a\n*** End of File\n-b"}, 4},
		{"invalid section header", patch.Operation{Type: "update_file", Path: "f", Diff: "@@x\n-a"}, 1},
		{"empty section", patch.Operation{Type: "update_file", Path: "f", Diff: "@@ a\n@@"}, 1},
		{"too large", patch.Operation{Type: "create_file", Path: "f", Diff: strings.Repeat("+", patch.MaxPatchSize+1)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := patch.ParseOperation(tt.op)
			e, ok := errors.AsType[*patch.Error](err)
			if !ok {
				t.Fatalf("ParseOperation(%.60q) error = %v, want a *patch.Error", tt.op.Diff, err)
			}
			if e.Class != patch.ClassParse || e.Line != tt.line || e.Path != tt.op.Path {
				t.Errorf("ParseOperation(%.60q) = class %q line %d path %q, want %q line %d path %q (%v)",
					tt.op.Diff, e.Class, e.Line, e.Path, patch.ClassParse, tt.line, tt.op.Path, err)
			}
		})
	}
}
