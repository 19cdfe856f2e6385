package patch_test

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

var seedPatches = []string{
	"*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch",
	"*** Begin Patch\n*** Update File: a.txt\n@@ a\n-b\n+B\n c\n*** End of File\n*** End Patch\n",
	"*** Begin Patch\n*** Update File: crlf.txt\n*** Move to: d/moved.txt\n@@\n one\n+x\n*** Delete File: nonl.txt\n*** End Patch",
	"<<'EOF'\n*** Begin Patch\n*** Update File: a.txt\n\n@@ a\n@@\n+q\n*** End Patch\nEOF",
	"*** Begin Patch\r\n*** Update File: dir/x.txt\r\n x\r\n-y\r\n\r\n*** End Patch",
	"*** Begin Patch\n*** Environment ID: e\n*** Add File: ../x\n+x\n*** Delete File: /abs\n*** End Patch",
}

// addConformanceSeeds adds the shared scenarios' patches, when present, to
// the fuzz corpus (read at run time, never copied into the repository).
func addConformanceSeeds(f *testing.F, add func(sc scenario, text string)) {
	dirs, _ := filepath.Glob(filepath.Join(conformanceDir, "*", "scenario.json"))
	for _, p := range dirs {
		var sc scenario
		data, err := os.ReadFile(p)
		if err != nil || json.Unmarshal(data, &sc) != nil {
			continue
		}
		text, err := os.ReadFile(filepath.Join(filepath.Dir(p), "patch.txt"))
		if err == nil {
			add(sc, string(text))
		}
	}
}

// addPatchSeeds adds the full-patch seeds to a fuzzer taking one string.
func addPatchSeeds(f *testing.F) {
	for _, s := range seedPatches {
		f.Add(s)
	}
	addConformanceSeeds(f, func(sc scenario, text string) {
		if sc.Kind == "patch" {
			f.Add(text)
		}
	})
}

func FuzzParse(f *testing.F) {
	addPatchSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		p, err := patch.Parse(text)
		if err != nil {
			if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassParse {
				t.Fatalf("Parse error = %v, want a parse_error *patch.Error", err)
			}
			return
		}
		again, err := patch.Parse(p.String())
		if err != nil {
			t.Fatalf("Parse(String()) error: %v\n%q", err, p.String())
		}
		if diff := cmp.Diff(p, again, ignoreLines); diff != "" {
			t.Fatalf("Parse(String()) mismatch (-want +got):\n%s", diff)
		}
	})
}

func FuzzParseOperation(f *testing.F) {
	f.Add(uint8(0), "+a\n+b\n+")
	f.Add(uint8(1), "\n@@ a\n@@\n-b\n+c\n*** End of File\n*** End Patch\n")
	f.Add(uint8(1), " a\r\n-b\r\n@@x\n")
	f.Fuzz(func(t *testing.T, typ uint8, diff string) {
		op := patch.Operation{Type: opTypes[int(typ)%len(opTypes)], Path: "f", Diff: diff}
		_, err := patch.ParseOperation(op)
		if err != nil {
			if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassParse {
				t.Fatalf("ParseOperation error = %v, want a parse_error *patch.Error", err)
			}
		}
	})
}

var opTypes = []string{patch.CreateFile, patch.UpdateFile, patch.DeleteFile, "bogus"}

// fuzzFiles is the folder every fuzzed patch is applied to.
var fuzzFiles = map[string]string{
	"a.txt":     "a\nb\nc\n",
	"crlf.txt":  "one\r\ntwo\r\n",
	"nonl.txt":  "x\ny",
	"cr.txt":    "p\rq\r",
	"dir/x.txt": "x\ny\n\nz\n",
	"bin":       "\xff\xfe",
}

// checkApply applies p, or op, to a fresh copy of fuzzFiles and checks the
// invariants: DryRun changes nothing; a failed Apply changes nothing; a
// successful Apply leaves exactly the contents its Result describes; nothing
// appears outside the root.
func checkApply(t *testing.T, files map[string]string, p *patch.Patch) {
	outer := t.TempDir()
	dir := filepath.Join(outer, "root")
	writeFiles(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	dry, dryErr := patch.DryRun(root, p)
	if diff := cmp.Diff(files, snapshot(t, dir)); diff != "" {
		t.Fatalf("DryRun changed the folder (-before +after):\n%s", diff)
	}
	res, err := patch.Apply(root, p)
	if classOf(err) != classOf(dryErr) {
		t.Fatalf("Apply error %v, DryRun error %v", err, dryErr)
	}
	if names, _ := os.ReadDir(outer); len(names) != 1 {
		t.Fatalf("files appeared outside the root: %v", names)
	}
	got := snapshot(t, dir)
	if err != nil {
		if _, ok := errors.AsType[*patch.Error](err); !ok {
			t.Fatalf("Apply error is %T, want *patch.Error", err)
		}
		if diff := cmp.Diff(files, got); diff != "" {
			t.Fatalf("failed Apply (%v) changed the folder (-before +after):\n%s", err, diff)
		}
		return
	}
	if dry.Diff() != res.Diff() {
		t.Fatalf("DryRun and Apply results differ")
	}
	want := make(map[string]string)
	maps.Copy(want, files)
	for _, c := range res.Changes {
		switch {
		case c.Kind == patch.Delete:
			delete(want, c.Path)
		case c.MoveTo != "":
			delete(want, c.Path)
			want[c.MoveTo] = c.New
		default:
			want[c.Path] = c.New
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("folder after Apply differs from its Result (-result +folder):\n%s", diff)
	}
	checkDiffs(t, res)
}

func FuzzApply(f *testing.F) {
	addPatchSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		p, err := patch.Parse(text)
		if err != nil {
			return
		}
		checkApply(t, fuzzFiles, p)
	})
}

// FuzzUpdate fuzzes the matcher and the writer: a file's content and the
// chunks of an update, in both modes.
func FuzzUpdate(f *testing.F) {
	f.Add("a\nb\nc\n", "@@ a\n-b\n+B\n c\n*** End of File", false)
	f.Add("one\r\ntwo\rthree", "@@\n two\n+2\n three\n@@\n+end", false)
	f.Add("x\n\ny", "\n@@\n \n-y\n+Y\n\n", true)
	f.Add("  say(“hi”)\u00a0\n", "@@\n-say(\"hi\") \n+bye", true)
	f.Add("a\na\na\n", "@@ a\n@@ a\n-a\n+b\n@@\n+c\n*** End of File", true)
	f.Fuzz(func(t *testing.T, content, body string, operation bool) {
		var p *patch.Patch
		var err error
		if operation {
			p, err = patch.ParseOperation(patch.Operation{Type: patch.UpdateFile, Path: "f", Diff: body})
		} else {
			p, err = patch.Parse("*** Begin Patch\n*** Update File: f\n" + body + "\n*** End Patch")
		}
		if err != nil {
			return
		}
		checkApply(t, map[string]string{"f": content}, p)
	})
}

func FuzzApplyOperation(f *testing.F) {
	f.Add(uint8(1), "a.txt", "@@ a\n-b\n+B")
	f.Add(uint8(1), "nonl.txt", "@@\n x\n+w\n-y\n*** End of File")
	f.Add(uint8(0), "new/f", "+a\r\n+")
	f.Add(uint8(2), "dir/x.txt", "")
	addConformanceSeeds(f, func(sc scenario, text string) {
		if sc.Kind == "operation" {
			for i, typ := range opTypes {
				if typ == sc.Operation.Type {
					f.Add(uint8(i), "a.txt", text)
				}
			}
		}
	})
	f.Fuzz(func(t *testing.T, typ uint8, path, diff string) {
		p, err := patch.ParseOperation(patch.Operation{Type: opTypes[int(typ)%len(opTypes)], Path: path, Diff: diff})
		if err != nil {
			return
		}
		checkApply(t, fuzzFiles, p)
	})
}

// FuzzApplyBlocks fuzzes the block applier: a file's content and two
// blocks, as SEARCH/REPLACE blocks (old and new text) or as unified hunks
// (lines prefixed by ' ', '-' or '+'; "\" marks a missing line break).
func FuzzApplyBlocks(f *testing.F) {
	f.Add("a\nb\nc\n", "b\n", "B\n", "c\n", "", uint8(0), false, false)
	f.Add("a\n\tb\n\tc", "b\nc\n", "x\ny\n", "", "z\n", uint8(0), false, true)
	f.Add("f(\n  x\n)\nf(\n  x\n)\n", "f(\n...\n)\n", "g(\n...\n)\n", "x\n", "y\n", uint8(0), false, false)
	f.Add("1\n2\n3\n4\n", " 2\n-3\n+three\n 4\n", "", "-1\n\\\n+one\n", "", uint8(9), true, false)
	f.Add("a\nb", " a\n-b\n\\\n+b\n", "", "+top\n", "", uint8(0), true, true)
	f.Fuzz(func(t *testing.T, content, old1, new1, old2, new2 string, start uint8, unified, first bool) {
		var p *patch.Patch
		if unified {
			p = &patch.Patch{Mode: patch.UnifiedMode}
			file := patch.File{Kind: patch.Update, Path: "f"}
			for i, body := range []string{old1, old2} {
				c := patch.Chunk{Block: i + 1, OldStart: int(start) * (i + 1)}
				for l := range strings.Lines(body) {
					l = strings.TrimSuffix(l, "\n")
					switch {
					case l == `\` && len(c.Lines) > 0:
						c.Lines[len(c.Lines)-1].NoEOL = true
					case l != "" && strings.ContainsRune(" -+", rune(l[0])):
						c.Lines = append(c.Lines, patch.Line{Op: l[0], Text: l[1:]})
					}
				}
				if len(c.Lines) > 0 {
					file.Chunks = append(file.Chunks, c)
				}
			}
			if len(file.Chunks) == 0 {
				return
			}
			p.Files = []patch.File{file}
		} else {
			p = &patch.Patch{Mode: patch.ReplaceMode, FirstMatch: first, Files: []patch.File{{Kind: patch.Update, Path: "f",
				Chunks: []patch.Chunk{block(1, old1, new1), block(2, old2, new2)}}}}
		}
		files := map[string]string{"f": content}
		checkApply(t, files, p)
		checkPartial(t, files, p)
	})
}

// checkPartial applies p with ApplyPartial to a fresh copy of files and
// checks that the folder holds what its Result says, and that a failure
// that wrote nothing changed nothing.
func checkPartial(t *testing.T, files map[string]string, p *patch.Patch) {
	dir := t.TempDir()
	writeFiles(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res, err := patch.ApplyPartial(root, p)
	got := snapshot(t, dir)
	if err != nil {
		be, ok := errors.AsType[*patch.BlockError](err)
		if !ok {
			if _, ok := errors.AsType[*patch.Error](err); !ok {
				t.Fatalf("ApplyPartial error is %T, want *patch.BlockError or *patch.Error", err)
			}
		}
		if !ok || !be.Written {
			if res != nil {
				t.Fatalf("ApplyPartial returned a result with an error that wrote nothing")
			}
			if diff := cmp.Diff(files, got); diff != "" {
				t.Fatalf("failed ApplyPartial (%v) changed the folder (-before +after):\n%s", err, diff)
			}
			return
		}
	}
	want := maps.Clone(files)
	for _, c := range res.Changes {
		want[c.Path] = c.New
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("folder after ApplyPartial differs from its Result (-result +folder):\n%s", diff)
	}
	checkDiffs(t, res)
}

// FuzzParseFormats fuzzes the parsers of the block formats and unified
// diffs, and Extract: they never panic, fail only with a parse or
// unsupported *patch.Error, and what they parse renders in its own format
// and parses back the same (rendering gives numbers to hunks without
// them, so a second round trip must be exact).
func FuzzParseFormats(f *testing.F) {
	f.Add(uint8(patch.SearchReplace), "a.go\n```go\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n```\n")
	f.Add(uint8(patch.SearchReplace), "```py b.py\r\n>>>>>>> SEARCH\r\n=======\r\nz\r\n<<<<<<< REPLACE\r\n")
	f.Add(uint8(patch.XML), "<edit>\n<file>a</file>\n<old_code>x</old_code>\n<new_code>\ny\n</new_code>\n</edit>\n")
	f.Add(uint8(patch.Unified), "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@ h\n a\n-b\n\\ No newline at end of file\n+c\n")
	f.Add(uint8(patch.Unified), "diff --git \"a/\\303\\251\" b/x\nrename from \"\\303\\251\"\nrename to x\nnew mode 100755\n")
	f.Add(uint8(patch.V4A), "Here:\n*** Begin Patch\n*** Delete File: x\n*** End Patch\n")
	f.Add(uint8(0), "```diff\n--- a/f\t2020-01-01\n+++ b/f\t1970-01-01 00:00:00\n@@ @@\n-x\n\n```\n")
	f.Fuzz(func(t *testing.T, format uint8, reply string) {
		fm := patch.Format(format % 5)
		parse := map[patch.Format]func(string) (*patch.Patch, error){
			patch.V4A:           func(s string) (*patch.Patch, error) { return patch.Extract(s, patch.V4A) },
			patch.SearchReplace: patch.ParseSearchReplace,
			patch.XML:           patch.ParseXML,
			patch.Unified:       patch.ParseUnified,
			0:                   func(s string) (*patch.Patch, error) { return patch.Extract(s, 0) },
		}[fm]
		p, err := parse(reply)
		if err != nil {
			if e, ok := errors.AsType[*patch.Error](err); !ok || (e.Class != patch.ClassParse && e.Class != patch.ClassUnsupported && e.Class != patch.ClassEmptyPatch) {
				t.Fatalf("error = %v (%T), want a parse, unsupported or empty_patch *patch.Error", err, err)
			}
			return
		}
		if fm == 0 {
			fm = patch.Detect(reply)
			parse = map[patch.Format]func(string) (*patch.Patch, error){
				patch.V4A: patch.Parse, patch.SearchReplace: patch.ParseSearchReplace, patch.XML: patch.ParseXML, patch.Unified: patch.ParseUnified,
			}[fm]
		}
		render := func(p *patch.Patch) (string, bool) {
			text, err := p.Render(fm)
			if err != nil {
				if e, ok := errors.AsType[*patch.Error](err); !ok || e.Class != patch.ClassUnsupported {
					t.Fatalf("Render error = %v, want an unsupported *patch.Error", err)
				}
				return "", false
			}
			return text, true
		}
		text, ok := render(p)
		if !ok {
			return
		}
		q, err := parse(text)
		if err != nil {
			t.Fatalf("parse of the rendered text: %v\n%q", err, text)
		}
		if diff := cmp.Diff(p, q, ignoreLines, ignoreHints(p)); diff != "" {
			t.Fatalf("round trip (-parsed +rendered and parsed):\n%s\n%q", diff, text)
		}
		text2, ok := render(q)
		if !ok {
			t.Fatalf("the rendered patch does not render again")
		}
		r, err := parse(text2)
		if err != nil {
			t.Fatalf("second parse: %v", err)
		}
		if diff := cmp.Diff(q, r, ignoreLines); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s\n%q\n%q", diff, text, text2)
		}
	})
}
