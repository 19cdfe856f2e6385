package patch_test

import (
	"testing"

	"github.com/respkit/respkit/patch"
)

var allFormats = []patch.Format{patch.V4A, patch.SearchReplace, patch.XML, patch.Unified}

// TestInstructionsExample checks that the worked example of each format's
// instructions parses, from the instructions' whole text, and applies to
// the example's file as the instructions say.
func TestInstructionsExample(t *testing.T) {
	const before = "def greet(name):\n    return \"Hello, \" + name\n\n\ndef farewell(name):\n    return \"Bye, \" + name\n"
	const after = "def greet(name):\n    return \"Hi, \" + name\n\n\ndef farewell(name):\n    \"\"\"Say goodbye.\"\"\"\n    return \"Bye, \" + name\n"
	for _, f := range allFormats {
		t.Run(f.String(), func(t *testing.T) {
			text := f.Instructions()
			if got := patch.Detect(text); got != f {
				t.Errorf("Detect = %v", got)
			}
			p, err := patch.Extract(text, f)
			if err != nil {
				t.Fatal(err)
			}
			root, dir := newRoot(t, map[string]string{"app.py": before})
			if _, err := patch.Apply(root, p); err != nil {
				t.Fatal(err)
			}
			if got, _ := readFile(t, dir, "app.py"); got != after {
				t.Errorf("app.py = %q, want %q", got, after)
			}
		})
	}
	if patch.Format(0).Instructions() != "" || patch.Format(0).Grammar() != "" {
		t.Errorf("an unknown format has instructions or a grammar")
	}
}
