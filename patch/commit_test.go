package patch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// oldTime is the modification time the tests give the files they make, so
// that a file written again is told apart by its modification time (its
// inode number may be reused).
var oldTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// modTimes returns the modification time of every regular file in dir, by
// name.
func modTimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	times := make(map[string]time.Time)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range entries {
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		times[d.Name()] = info.ModTime()
	}
	return times
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
	// rewritten are the files the undo writes again, as new files, and
	// the message must name; an empty list means nothing was changed.
	steps := []struct {
		step, name string
		rewritten  []string
	}{
		{"write", "new/dir/b.txt", nil},
		{"write", "e.txt", nil},
		{"rename", "a.txt", nil},
		{"rename", "new/dir/b.txt", []string{"a.txt"}},
		{"rename", "e.txt", []string{"a.txt"}},
		{"remove", "c.txt", []string{"a.txt", "e.txt"}},
		{"remove", "d.txt", []string{"a.txt", "e.txt", "c.txt"}},
		{"remove", "link", []string{"a.txt", "e.txt", "c.txt", "d.txt"}},
	}
	for _, s := range steps {
		t.Run(s.step+" "+s.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range map[string]string{"a.txt": "a\n", "c.txt": "c\n", "d.txt": "d\n", "e.txt": "e\n", "target": "t\n"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o640); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(filepath.Join(dir, name), oldTime, oldTime); err != nil {
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
			if after := readDir(t, dir); !equalMaps(before, after) {
				t.Errorf("folder not restored:\nbefore %v\nafter  %v", before, after)
			}
			// The message tells the truth about what happened to the files.
			var changed []string
			for name, mt := range modTimes(t, dir) {
				if !mt.Equal(oldTime) {
					changed = append(changed, name)
				}
			}
			if len(changed) != len(s.rewritten) {
				t.Errorf("files written again: %v, want %v", changed, s.rewritten)
			}
			if len(s.rewritten) == 0 {
				if !strings.Contains(e.Msg, "no file was changed") {
					t.Errorf("error message %q does not say that nothing changed", e.Msg)
				}
				return
			}
			if strings.Contains(e.Msg, "no file was changed") || !strings.Contains(e.Msg, "undone") {
				t.Errorf("error message %q does not say that the changes were undone", e.Msg)
			}
			for _, name := range s.rewritten {
				if !strings.Contains(e.Msg, name) {
					t.Errorf("error message %q does not name %s, written again", e.Msg, name)
				}
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

// TestUndoFailureNamesFiles makes the undo of a replaced file and of a new
// file fail, and checks that the message says what each file was left as.
func TestUndoFailureNamesFiles(t *testing.T) {
	const text = `*** Begin Patch
*** Update File: a.txt
@@
-a
+A
*** Add File: b.txt
+b
*** Update File: e.txt
@@
-e
+E
*** Delete File: c.txt
*** End Patch`
	dir := t.TempDir()
	for name, content := range map[string]string{"a.txt": "a\n", "c.txt": "c\n", "e.txt": "e\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	injected, undoFailed := errors.New("injected failure"), errors.New("undo refused")
	testHook = func(step, name string) error {
		switch {
		case step == "remove" && name == "c.txt":
			return injected
		case step == "undo" && (name == "a.txt" || name == "b.txt"):
			return undoFailed
		}
		return nil
	}
	defer func() { testHook = nil }()

	_, err = Apply(root, p)
	if !errors.Is(err, injected) || !errors.Is(err, undoFailed) {
		t.Fatalf("Apply = %v, want both the failure and the undo's", err)
	}
	e, _ := errors.AsType[*Error](err)
	for _, want := range []string{
		"partly patched",
		"a.txt keeps its new content (undo refused)",
		"b.txt (new) is still there (undo refused)",
		"wrote e.txt again with the old content",
	} {
		if !strings.Contains(e.Msg, want) {
			t.Errorf("message %q does not say %q", e.Msg, want)
		}
	}
	if strings.Contains(e.Msg, "no file was changed") {
		t.Errorf("message %q says nothing changed", e.Msg)
	}
	after := readDir(t, dir)
	for name, want := range map[string]string{"a.txt": "-rw-r----- A\n", "b.txt": "b\n", "c.txt": "-rw-r----- c\n", "e.txt": "-rw-r----- e\n"} {
		if got := after[name]; !strings.HasSuffix(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
