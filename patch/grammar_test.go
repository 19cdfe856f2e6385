package patch_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
)

// lark returns the path of a Python 3 that has the lark module, the
// parser of the grammar syntax of custom tools, or skips the test.
// Debian's python3-lark provides it; .ci/run installs it.
func lark(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(p, "-c", "import lark").Run(); err == nil {
			return p
		}
	}
	t.Skip("the grammar tests need Python 3 with the lark module (apt-get install python3-lark)")
	return ""
}

// runPython runs a Python program with the JSON values in as its input,
// one per line, and returns its output.
func runPython(t *testing.T, program string, in ...any) []byte {
	t.Helper()
	var stdin bytes.Buffer
	for _, v := range in {
		line, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		stdin.Write(append(line, '\n'))
	}
	cmd := exec.Command(lark(t), "-c", program)
	cmd.Stdin = &stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.Bytes())
	}
	return out
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
            err = ""
            try:
                parser.parse(s)
                ok = want == "accept"
            except lark.exceptions.LarkError as e:
                ok = want == "reject"
                err = str(e)
            if not ok:
                print(case["name"], want, "failed:", json.dumps(s), err)
`

// trickyPatch holds lines that come close to the markers of the block
// formats without being markers: every format can say it.
const trickyPatch = "*** Begin Patch\n" +
	"*** Update File: conflict.txt\n" +
	"@@\n" +
	" <<<<<<< HEAD\n" +
	"-ours x</new_code>\n" +
	"+ours x</old_code>\n" +
	"+<</new_code\n" +
	" ========\n" +
	" = theirs\n" +
	" \n" +
	"  \t\n" +
	" >>>>>>> main\n" +
	" <<<< SEARCH\n" +
	" <<<<<<<<<< REPLACE\n" +
	" <<<<<<< SEARCHING\n" +
	" ```go\n" +
	"*** End Patch\n"

// TestGrammars parses samples of each format with Lark: each format's
// instruction example and rendered patches must be accepted; prose, broken
// edits and what the format's parser would refuse or misread must not.
func TestGrammars(t *testing.T) {
	reject := map[patch.Format][]string{
		patch.V4A: {
			"*** Begin Patch\n*** Frob File: x\n*** End Patch\n",
			"Sure! *** Begin Patch\n",
			"*** Begin Patch\n*** Update File: a\n x\n*** End of File\n y\n*** End Patch\n", // no "@@" after End of File
			"*** Begin Patch\n*** Add File:  \n+x\n*** End Patch\n",                         // no path
			"*** Begin Patch\n*** Update File: a\n*** Move to: b\n*** End Patch\n",          // no chunk
		},
		patch.SearchReplace: {
			"a.py\n<<<<<<< SEARCH\nx\n>>>>>>> REPLACE\n",
			"Here you go:\n\na.py\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n",
			"\n\n",
			"a.py\n<<<<<<< SEARCH\n  =======\n=======\n>>>>>>> REPLACE\n",
			"a.py\n<<<<<<< SEARCH\n=======\nx\n=======\n>>>>>>> REPLACE\n",
			"a.py\n<<<<<<< SEARCH\n=======\n<<<<<<<< SEARCH\n>>>>>>> REPLACE\n",
			"a.py\n<<<<<<< SEARCH\n\t>>>>> REPLACE  \n=======\n>>>>>>> REPLACE\n",
			"`a.py`\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n",
			"a.py\n```go b.go\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n```\n",
			"...\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n",
		},
		patch.XML: {
			"<edit>\n<file>\na\n</file>\n<new_code>\n</new_code>\n</edit>\n",
			"text <edit>\n",
			"<edit>\n<file>\na\n</file>\n<old_code>\nx</old_code>\n</old_code>\n<new_code>\n</new_code>\n</edit>\n",
			"<edit>\n<file>\na\n</file>\n<old_code>\n</old_code>\n<new_code>\n</new_code>y\n</new_code>\n</edit>\n",
			"<edit>\n<file>\n<a>\n</file>\n<old_code>\n</old_code>\n<new_code>\n</new_code>\n</edit>\n",
		},
		patch.Unified: {
			"--- a/x\n+++ b/x\n@@ -1 +1 @@\n*bad\n",
			"--- a/x\n+++ b/x\n",
			"--- /dev/null\n+++ /dev/null\n@@ -0,0 +1 @@\n+x\n",
			"--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n x\n",
			"--- a/x\n+++ b/x\n@@ -1 +1 @@\n\\ No newline at end of file\n",
			"--- a/\n+++ b/\n@@ -1 +1 @@\n-x\n+y\n",
			"--- a/x\t2024-01-01\n+++ b/x\n@@ -1 +1 @@\n-x\n+y\n",
		},
	}
	// Patches of every format, and the appending chunk and the new file
	// of package responsestest's model.
	var rendered []*patch.Patch
	for _, text := range []string{v4aSample, trickyPatch} {
		p, err := patch.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		rendered = append(rendered, p)
	}
	rendered = append(rendered,
		&patch.Patch{Files: []patch.File{{Kind: patch.Update, Path: "main.go", Chunks: []patch.Chunk{{Lines: []patch.Line{{Op: '+', Text: "// end"}}}}}}},
		&patch.Patch{Files: []patch.File{{Kind: patch.Add, Path: "NOTES.md", Contents: "# Notes\n\nText.\n"}}},
	)
	var cases []any
	for _, f := range allFormats {
		_, example, _ := strings.Cut(f.Instructions(), "in app.py:\n\n")
		accept := []string{example}
		for _, p := range rendered {
			rendered, err := p.Render(f)
			if err != nil {
				t.Fatal(err)
			}
			accept = append(accept, rendered)
		}
		cases = append(cases, map[string]any{"name": f.String(), "grammar": f.Grammar(), "accept": accept, "reject": reject[f]})
	}
	if out := runPython(t, larkCheck, cases...); len(out) > 0 {
		t.Errorf("lark:\n%s", out)
	}
}

// larkGenerate is a Python program that reads {"grammar", "lines", "fixed",
// "n", "seed"} objects, one per line, and writes n random texts that the
// grammar accepts, as JSON strings, one per line. A regular-expression
// terminal takes one of the given lines (with or without a line break)
// that it matches, or one of its fixed values.
const larkGenerate = `
import json, random, re, sys, lark
from lark.grammar import Terminal, NonTerminal
for line in sys.stdin:
    case = json.loads(line)
    parser = lark.Lark(case["grammar"], start="start", parser="earley", lexer="dynamic")
    rules = {}
    for r in parser.rules:
        rules.setdefault(r.origin.name, []).append(r.expansion)
    terminals = {t.name: t for t in parser.terminals}
    choices = {}
    for name, t in terminals.items():
        if name in (case["fixed"] or {}):
            choices[name] = case["fixed"][name]
        elif t.pattern.type == "str":
            choices[name] = [t.pattern.value]
        else:
            rx = t.pattern.to_regexp()
            choices[name] = [s + end for s in case["lines"] for end in ("", "\n") if re.fullmatch(rx, s + end)]
            if not choices[name]:
                sys.exit("no line matches " + name)
    rnd = random.Random(case["seed"])
    def expand(symbol, depth):
        if isinstance(symbol, Terminal):
            return rnd.choice(choices[symbol.name])
        alts = rules[symbol.name]
        if depth > 12:
            alts = sorted(alts, key=len)[:1]
        return "".join(expand(s, depth + 1) for s in rnd.choice(alts))
    for _ in range(case["n"]):
        text = expand(NonTerminal("start"), 0)
        parser.parse(text)
        print(json.dumps(text))
`

// TestGrammarsParse checks that what a grammar accepts, its format's
// parser reads: random texts of each grammar, made of lines close to the
// markers of every format, must parse.
func TestGrammarsParse(t *testing.T) {
	lines := []string{
		"x", "  x", "app.py", "a/b.go", ".env", "..x", "...", "~x", "# app.py", "`x`", "*x*", "foo:", "Change app.py:", "a b", "x\r", "a/", "../x", "/abs",
		"", " ", "\t", "-", "+", "<", "</", "=", "0", "1,2", " heading",
		"=======", "  =======", "========", "\t=======", "======= x", "\u00a0=======",
		"<<<<<<< SEARCH", "<<<<< SEARCH", "<<<<<<<< SEARCH", "<<<<<<<<<< SEARCH", "<<<<<<< SEARCH ", "<<<<<<< SEARCHx",
		">>>>>>> REPLACE", "  >>>>>>> REPLACE", ">>>>> REPLACE", ">>>>>>> SEARCH", "<<<<<<< REPLACE", "<<<<<<<<< REPLACE ",
		"<<<<<<< HEAD", ">>>>>>> main", "```", "```python", "````", "```go other.go", "~~~",
		"<edit>", "</edit>", "  </edit>", "<file>", "</file>", "<old_code>", "</old_code>", "x</old_code>", "</old_code", "<</old_code>", "</old_code>x",
		"<new_code>", "</new_code>", "x</new_code>", "<</new_code",
		"*** Begin Patch", "*** End Patch", " *** End Patch", "*** End of File", "*** Add File: y", "@@", "@@ x", "@@ -1 +1 @@",
		"--- a/x", "+++ b/x", "--- /dev/null", "+++ /dev/null", "/dev/null", "diff --git a/x b/x", `\ No newline at end of file`,
	}
	// A hunk whose counts are not met reads a following "---" and "+++"
	// pair as its lines, which no grammar can prevent: counts of 0 end
	// every hunk.
	fixed := map[string]map[string][]string{patch.Unified.String(): {"RANGE": {"0,0", "3,0", "12,0"}}}
	var cases []any
	for _, f := range allFormats {
		cases = append(cases, map[string]any{"grammar": f.Grammar(), "lines": lines, "fixed": fixed[f.String()], "n": 200, "seed": 1})
	}
	out := runPython(t, larkGenerate, cases...)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		f := allFormats[i/200]
		var text string
		if err := json.Unmarshal(sc.Bytes(), &text); err != nil {
			t.Fatal(err)
		}
		var err error
		if f == patch.V4A {
			// A tool's input is one patch: its End Patch is its last line.
			_, err = patch.Parse(text)
		} else {
			_, err = patch.Extract(text, f)
		}
		if err != nil {
			t.Errorf("%v: the grammar accepts a text the parser refuses: %v\n%q", f, err, text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
