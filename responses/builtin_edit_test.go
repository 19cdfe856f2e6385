package responses_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestEditTool(t *testing.T) {
	for f, name := range map[patch.Format]string{patch.V4A: "apply_patch", patch.SearchReplace: "search_replace", patch.XML: "xml_edit", patch.Unified: "unified_diff"} {
		tool := responses.EditTool(f)
		g, ok := tool.Format.(*responses.Grammar)
		if tool.Name != name || !ok || g.Syntax != responses.SyntaxLark || g.Definition != f.Grammar() ||
			!strings.Contains(tool.Description, f.Instructions()) || !strings.Contains(tool.Description, "not JSON") {
			t.Errorf("EditTool(%v) = %+v", f, tool)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("EditTool of an unknown format did not panic")
		}
	}()
	responses.EditTool(0)
}

func TestEditIn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.txt"), []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	call := func(id, input string) *responses.CustomToolCall {
		return &responses.CustomToolCall{CallID: id, Name: "search_replace", Input: input, Status: "completed"}
	}
	block := func(path, old, new string) string {
		return path + "\n<<<<<<< SEARCH\n" + old + "=======\n" + new + ">>>>>>> REPLACE\n"
	}
	// The second call needs the first: the calls apply in call order.
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{responses.EditIn(root, patch.SearchReplace)}}, responsestest.Items(
		call("call_1", block("list.txt", "b\n", "B\n")),
		call("call_2", block("list.txt", "B\nc\n", "B\nC\n")+block("new/hello.txt", "", "hello\n")),
		call("call_3", block("list.txt", "a\n", "A\n")+block("list.txt", "zzz\n", "y\n")),
		call("call_4", block("../outside.txt", "", "no\n")),
		call("call_5", "no blocks here"),
	))
	want := []string{
		"Success. Updated the following files:\nM list.txt\n",
		"Success. Updated the following files:\nA new/hello.txt\nM list.txt\n",
		"Updated the following files:\nM list.txt\n\npatch: 1 block of 2 failed to apply. The other block applied and was written: do not send it again; send a fixed version of the failed block only.\n\npatch: list.txt: block 2 (line 8): the block's old lines were not found in the file",
		"error: patch: 1 block of 1 failed to apply; no file was changed.\n\npatch: ../outside.txt: block 1 (line 2): ",
		"error: patch: the reply holds no edits in the search-replace format",
	}
	for i, w := range want {
		o := outs[i].(*responses.CustomToolCallOutput)
		if got := o.Output.Text(); !strings.HasPrefix(got, w) {
			t.Errorf("output %d = %q, want %q…", i, got, w)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "list.txt")); string(got) != "A\nB\nC\n" {
		t.Errorf("list.txt = %q, want %q", got, "A\nB\nC\n")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "new", "hello.txt")); string(got) != "hello\n" {
		t.Errorf("new/hello.txt = %q", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.txt")); err == nil {
		t.Error("an edit wrote outside the root")
	}
}

// TestEditInV4A checks that a V4A call is one patch, up to its last line:
// a file may hold a line that reads "*** End Patch", as a context line.
func TestEditInV4A(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sample.txt"), []byte("*** Begin Patch\n*** End Patch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	input := "*** Begin Patch\n*** Update File: sample.txt\n@@\n *** Begin Patch\n *** End Patch\n+done\n*** End Patch\n"
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{responses.EditIn(root, patch.V4A)}}, responsestest.Items(
		&responses.CustomToolCall{CallID: "call_1", Name: "apply_patch", Input: input, Status: "completed"},
	))
	if got, want := outs[0].(*responses.CustomToolCallOutput).Output.Text(), "Success. Updated the following files:\nM sample.txt\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "sample.txt")); string(got) != "*** Begin Patch\n*** End Patch\ndone\n" {
		t.Errorf("sample.txt = %q", got)
	}
}

// TestEditToolWithFake runs the loop against the fake server's model,
// which answers an edit tool with an edit in its format, for every format.
func TestEditToolWithFake(t *testing.T) {
	t.Parallel()
	for _, f := range []patch.Format{patch.V4A, patch.SearchReplace, patch.XML, patch.Unified} {
		t.Run(f.String(), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			rs, _ := newService(t)
			loop := &responses.Loop{Service: rs, Tools: []responses.Handler{responses.EditIn(root, f)}}
			tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("Review main.go")})
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Turns) != 2 || !strings.HasPrefix(tr.Turns[0].Outputs[0].(*responses.CustomToolCallOutput).Output.Text(), "Success.") {
				t.Fatalf("%d turns; the first outputs %v", len(tr.Turns), tr.Turns[0].Outputs)
			}
			got, _ := os.ReadFile(filepath.Join(dir, "main.go"))
			if !strings.Contains(string(got), "package main\n") || !strings.Contains(string(got), "// Reviewed by respkit's offline test server") {
				t.Errorf("main.go = %q", got)
			}
		})
	}
}
