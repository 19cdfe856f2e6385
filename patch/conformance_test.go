package patch_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

// conformanceDir is the shared V4A scenario folder, relative to this package.
var conformanceDir = filepath.Join("..", "..", "shared", "conformance", "patch")

type scenario struct {
	Kind      string `json:"kind"`
	Operation struct {
		Type string `json:"type"`
		Path string `json:"path"`
	} `json:"operation"`
	Outcome    string `json:"outcome"`
	ErrorClass string `json:"error_class"`
}

// TestConformance runs every scenario of the shared conformance folder as its
// README describes: copy input/ into an empty root, apply patch.txt (a full
// patch, or the diff of one operation), then compare the root with expected/
// byte for byte and check the error class. It also checks that DryRun gives
// the same outcome without touching the folder, and that nothing appears
// outside the root.
func TestConformance(t *testing.T) {
	entries, err := os.ReadDir(conformanceDir)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("conformance scenarios not found at %s (they live in the shared steering folder, absent from a plain clone)", conformanceDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, e := range entries {
		dir := filepath.Join(conformanceDir, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "scenario.json")); err != nil {
			continue
		}
		ran++
		t.Run(e.Name(), func(t *testing.T) { runScenario(t, dir) })
	}
	if ran == 0 {
		t.Fatalf("no scenario found in %s", conformanceDir)
	}
}

func runScenario(t *testing.T, dir string) {
	var sc scenario
	data, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sc); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(dir, "patch.txt"))
	if err != nil {
		t.Fatal(err)
	}
	wantClass := ""
	if b, err := os.ReadFile(filepath.Join(dir, "expected_error.txt")); err == nil {
		wantClass = strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	}

	outer := t.TempDir()
	rootDir := filepath.Join(outer, "root")
	if err := os.Mkdir(rootDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(rootDir, os.DirFS(filepath.Join(dir, "input"))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	before := snapshot(t, rootDir)
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	var res *patch.Result
	apply := func(dry bool) error {
		var p *patch.Patch
		var err error
		switch sc.Kind {
		case "patch":
			p, err = patch.Parse(string(text))
		case "operation":
			p, err = patch.ParseOperation(patch.Operation{Type: sc.Operation.Type, Path: sc.Operation.Path, Diff: string(text)})
		default:
			t.Fatalf("unknown scenario kind %q", sc.Kind)
		}
		if err != nil {
			return err
		}
		if dry {
			_, err = patch.DryRun(root, p)
		} else {
			res, err = patch.Apply(root, p)
		}
		return err
	}

	dryErr := apply(true)
	if diff := cmp.Diff(before, snapshot(t, rootDir)); diff != "" {
		t.Errorf("DryRun changed the folder (-before +after):\n%s", diff)
	}
	if got, want := classOf(dryErr), wantClass; got != want {
		t.Errorf("DryRun error class = %q, want %q (error: %v)", got, want, dryErr)
	}

	err = apply(false)
	if got := classOf(err); got != wantClass {
		t.Errorf("Apply error class = %q, want %q (error: %v)", got, wantClass, err)
	}
	if err != nil {
		if _, ok := errors.AsType[*patch.Error](err); !ok {
			t.Errorf("Apply error is %T, want *patch.Error", err)
		}
	}
	if res != nil {
		checkDiffs(t, res)
	}
	want := snapshot(t, filepath.Join(dir, "expected"))
	if diff := cmp.Diff(want, snapshot(t, rootDir)); diff != "" {
		t.Errorf("folder after Apply differs from expected/ (-want +got):\n%s", diff)
	}

	// Nothing may appear next to the root, nor at an absolute path named by
	// the scenario.
	if names, _ := os.ReadDir(outer); len(names) != 1 {
		var list []string
		for _, n := range names {
			list = append(list, n.Name())
		}
		t.Errorf("files appeared outside the root: %v", list)
	}
	for _, p := range scenarioPaths(sc, string(text)) {
		if filepath.IsAbs(p) {
			if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("absolute path %s exists after Apply (err=%v)", p, err)
			}
		}
	}
}

func classOf(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*patch.Error](err); ok {
		return e.Class
	}
	return "not a *patch.Error"
}

var headerPath = regexp.MustCompile(`(?m)^\s*\*\*\* (?:Add File|Delete File|Update File|Move to): (.*?)\r?$`)

func scenarioPaths(sc scenario, text string) []string {
	paths := []string{sc.Operation.Path}
	for _, m := range headerPath.FindAllStringSubmatch(text, -1) {
		paths = append(paths, strings.TrimSpace(m[1]))
	}
	return paths
}

// snapshot returns the regular files under dir, by slash-separated relative
// path, with their contents. A missing dir is an empty folder.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
