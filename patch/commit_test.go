package patch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests make a step of the write phase fail through testHook, which
// the normal API cannot reach, and check that Apply undoes what it did.
// They do not run in parallel: testHook is global.

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			files[filepath.ToSlash(rel)] = "link -> " + target
		case d.IsDir():
			if rel != "." {
				files[filepath.ToSlash(rel)+"/"] = "dir"
			}
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, _ := d.Info()
			files[filepath.ToSlash(rel)] = info.Mode().Perm().String() + " " + string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestCommitFailureIsUndone(t *testing.T) {
	const text = `*** Begin Patch
*** Update File: a.txt
@@
-a
+A
*** Add File: new/dir/b.txt
+b
*** Delete File: c.txt
*** Update File: d.txt
*** Move to: moved/d.txt
@@
 d
*** Delete File: link
*** Add File: e.txt
+replaces e
*** End Patch`
	steps := []struct{ step, name string }{
		{"write", "new/dir/b.txt"},
		{"write", "e.txt"},
		{"rename", "a.txt"},
		{"rename", "new/dir/b.txt"},
		{"rename", "e.txt"},
		{"remove", "c.txt"},
		{"remove", "d.txt"},
		{"remove", "link"},
	}
	for _, s := range steps {
		t.Run(s.step+" "+s.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range map[string]string{"a.txt": "a\n", "c.txt": "c\n", "d.txt": "d\n", "e.txt": "e\n", "target": "t\n"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink("target", filepath.Join(dir, "link")); err != nil {
				t.Skipf("symbolic links unsupported: %v", err)
			}
			before := readDir(t, dir)
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			p, err := Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			injected := errors.New("injected failure")
			testHook = func(step, name string) error {
				if step == s.step && name == s.name {
					return injected
				}
				return nil
			}
			defer func() { testHook = nil }()

			_, err = Apply(root, p)
			e, ok := errors.AsType[*Error](err)
			if !ok || e.Class != ClassIO || !errors.Is(err, injected) {
				t.Fatalf("Apply = %v, want an io_error wrapping the injected failure", err)
			}
			if !strings.Contains(e.Msg, "no file was changed") {
				t.Errorf("error message %q does not say that nothing changed", e.Msg)
			}
			if after := readDir(t, dir); !equalMaps(before, after) {
				t.Errorf("folder not restored:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestDirectorySwappedForLinkBeforeWrite(t *testing.T) {
	outer := t.TempDir()
	dir := filepath.Join(outer, "root")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "f.txt"), []byte("f\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(outer, "elsewhere"), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p, err := Parse("*** Begin Patch\n*** Update File: sub/f.txt\n@@\n-f\n+pwned\n*** Add File: sub/new.txt\n+pwned\n*** End Patch")
	if err != nil {
		t.Fatal(err)
	}
	// Between the checks and the writes, sub becomes a link that leads out.
	testHook = func(step, name string) error {
		if step == "write" && name == "sub/f.txt" {
			if err := os.Rename(filepath.Join(dir, "sub"), filepath.Join(outer, "moved-sub")); err != nil {
				return err
			}
			return os.Symlink("../elsewhere", filepath.Join(dir, "sub"))
		}
		return nil
	}
	defer func() { testHook = nil }()
	_, err = Apply(root, p)
	if e, ok := errors.AsType[*Error](err); !ok || e.Class != ClassIO {
		t.Fatalf("Apply = %v, want an io_error", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(outer, "elsewhere")); len(entries) != 0 {
		t.Errorf("Apply wrote outside the root through the swapped link: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(outer, "moved-sub", "f.txt")); string(b) != "f\n" {
		t.Errorf("moved file changed: %q", b)
	}
}
