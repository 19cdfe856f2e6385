package patch_test

import (
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
)

// TestErrorMessagesBounded checks that no message grows with a path or a
// line that the patch or the file makes long.
func TestErrorMessagesBounded(t *testing.T) {
	long := longPath(4000)
	line := strings.Repeat("x", 1<<20)
	tests := []struct {
		name  string
		files map[string]string
		patch string
		op    patch.Operation
	}{
		{name: "same file twice", patch: v4a("*** Add File: "+long, "+x", "*** Add File: ./"+long, "+y")},
		{name: "file used as a folder", patch: v4a("*** Add File: "+long, "+x", "*** Add File: "+long+"/g", "+y")},
		{name: "folder used as a file", patch: v4a("*** Add File: "+long+"/g", "+x", "*** Add File: "+long, "+y")},
		{name: "path through a file", files: map[string]string{long: "x\n"}, patch: v4a("*** Add File: "+long+"/g", "+y")},
		{name: "long header", patch: v4a("*** Frobnicate File: " + line)},
		{name: "long line in an add", patch: v4a("*** Add File: a", line)},
		{name: "long line in an update", files: map[string]string{"a": "a\n"}, patch: v4a("*** Update File: a", "@@", "#"+line)},
		{name: "long line after the end", patch: "*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\n" + line + "\n"},
		{name: "long context not found", files: map[string]string{"a": "a\n"}, patch: v4a("*** Update File: a", "@@", "-"+line)},
		{name: "long closest line", files: map[string]string{"a": "a\n" + line + "\nb\n"}, patch: v4a("*** Update File: a", "@@", " "+line+"y", "-b")},
		{name: "long operation type", op: patch.Operation{Type: line, Path: "a", Diff: "+x"}},
		{name: "long line in create_file", op: patch.Operation{Type: patch.CreateFile, Path: "a", Diff: line}},
		{name: "long line in update_file", files: map[string]string{"a": "a\n"}, op: patch.Operation{Type: patch.UpdateFile, Path: "a", Diff: "@@\n#" + line}},
		{name: "long section header", files: map[string]string{"a": "a\n"}, op: patch.Operation{Type: patch.UpdateFile, Path: "a", Diff: "@" + line}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, _ := newRoot(t, tt.files)
			var err error
			if tt.patch != "" {
				var p *patch.Patch
				if p, err = patch.Parse(tt.patch); err == nil {
					_, err = patch.Apply(root, p)
				}
			} else {
				_, err = patch.ApplyOperation(root, tt.op)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(err.Error()); n > 2000 {
				t.Errorf("error message is %d bytes: %.200s", n, err)
			}
		})
	}
}
