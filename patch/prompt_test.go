package patch_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
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

// larkCheck is a Python program that reads {"grammar", "accept", "reject"}
// objects, one per line, and says which samples Lark parses wrongly.
const larkCheck = `
import json, sys, lark
for line in sys.stdin:
    case = json.loads(line)
    parser = lark.Lark(case["grammar"], start="start", parser="earley", lexer="dynamic")
    for want, samples in (("accept", case["accept"]), ("reject", case["reject"])):
        for s in samples:
            try:
                parser.parse(s)
                ok = want == "accept"
            except lark.exceptions.LarkError as e:
                ok = want == "reject"
                err = str(e)
            if not ok:
                print(case["name"], want, "failed:", json.dumps(s), err if want == "accept" else "")
`

// TestGrammars parses samples of each format with Lark, the grammar
// syntax of custom tools: each format's instruction example and rendered
// patches must be accepted, prose and broken edits refused. It needs
// Python 3 with the lark module (Debian's python3-lark, which .ci/run
// installs).
func TestGrammars(t *testing.T) {
	python := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(p, "-c", "import lark").Run(); err == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("the grammar test needs Python 3 with the lark module (apt-get install python3-lark)")
	}
	v4a, err := patch.Parse(v4aSample)
	if err != nil {
		t.Fatal(err)
	}
	reject := map[patch.Format][]string{
		patch.V4A:           {"*** Begin Patch\n*** Frob File: x\n*** End Patch\n", "Sure! *** Begin Patch\n"},
		patch.SearchReplace: {"a.py\n<<<<<<< SEARCH\nx\n>>>>>>> REPLACE\n", "Here you go:\n\na.py\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n"},
		patch.XML:           {"<edit>\n<file>\na\n</file>\n<new_code>\n</new_code>\n</edit>\n", "text <edit>\n"},
		patch.Unified:       {"--- a/x\n+++ b/x\n@@ -1 +1 @@\n*bad\n", "--- a/x\n+++ b/x\n"},
	}
	var in bytes.Buffer
	for _, f := range allFormats {
		_, example, _ := strings.Cut(f.Instructions(), "in app.py:\n\n")
		accept := []string{example}
		text, err := v4a.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		accept = append(accept, text)
		line, _ := json.Marshal(map[string]any{"name": f.String(), "grammar": f.Grammar(), "accept": accept, "reject": reject[f]})
		in.Write(append(line, '\n'))
	}
	cmd := exec.Command(python, "-c", larkCheck)
	cmd.Stdin = &in
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("lark: %v\n%s", err, out)
	}
}
