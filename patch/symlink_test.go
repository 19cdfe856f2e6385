package patch_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respkit/respkit/patch"
)

// linkFixture builds outer/root (the root) next to outer/outside.txt and
// outer/outdir, with symbolic links inside the root that lead out of it and
// links that stay inside. It returns the root and the outer folder.
func linkFixture(t *testing.T) (*os.Root, string) {
	t.Helper()
	outer := t.TempDir()
	rootDir := filepath.Join(outer, "root")
	writeFiles(t, outer, map[string]string{
		"outside.txt":        "secret\n",
		"outdir/f.txt":       "outside file\n",
		"root/real.txt":      "real\n",
		"root/realdir/g.txt": "g\n",
	})
	links := map[string]string{
		"out.txt":  "../outside.txt",
		"outdir":   "../outdir",
		"abs.txt":  filepath.Join(outer, "outside.txt"),
		"in.txt":   "real.txt",
		"sub":      "realdir",
		"halflink": "missing.txt",
		"loop1":    "loop2",
		"loop2":    "loop1",
		"up":       "realdir/../..",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(rootDir, name)); err != nil {
			t.Skipf("symbolic links unsupported: %v", err)
		}
	}
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root, outer
}

// outsideFiles returns the regular files of outer that are not in the root.
func outsideFiles(t *testing.T, outer string) map[string]string {
	t.Helper()
	files := snapshot(t, outer)
	for name := range files {
		if len(name) > 5 && name[:5] == "root/" {
			delete(files, name)
		}
	}
	return files
}

func TestSymlinkEscapes(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		op    patch.Operation
		class string
	}{
		// Reading through a link that leads out.
		{name: "update through a file link", patch: v4a("*** Update File: out.txt", "@@", "-secret", "+pwned"), class: patch.ClassPathEscape},
		{name: "update through a directory link", patch: v4a("*** Update File: outdir/f.txt", "@@", "+x"), class: patch.ClassPathEscape},
		{name: "update through an absolute link", patch: v4a("*** Update File: abs.txt", "@@", "+x"), class: patch.ClassPathEscape},
		{name: "update through a link climbing out", patch: v4a("*** Update File: up/outside.txt", "@@", "+x"), class: patch.ClassPathEscape},
		{name: "delete a link that leads out", patch: v4a("*** Delete File: out.txt"), class: patch.ClassPathEscape},
		{name: "delete through a directory link", patch: v4a("*** Delete File: outdir/f.txt"), class: patch.ClassPathEscape},
		{name: "operation update through a link", op: patch.Operation{Type: patch.UpdateFile, Path: "out.txt", Diff: "@@\n+x"}, class: patch.ClassPathEscape},
		// Writing through a link that leads out.
		{name: "add over a file link", patch: v4a("*** Add File: out.txt", "+pwned"), class: patch.ClassPathEscape},
		{name: "add into a directory link", patch: v4a("*** Add File: outdir/new.txt", "+pwned"), class: patch.ClassPathEscape},
		{name: "add into a nested path under a directory link", patch: v4a("*** Add File: outdir/a/b/new.txt", "+pwned"), class: patch.ClassPathEscape},
		{name: "move into a directory link", patch: v4a("*** Update File: real.txt", "*** Move to: outdir/moved.txt", "@@", " real"), class: patch.ClassPathEscape},
		{name: "move over a file link", patch: v4a("*** Update File: real.txt", "*** Move to: abs.txt", "@@", " real"), class: patch.ClassPathEscape},
		{name: "operation create into a directory link", op: patch.Operation{Type: patch.CreateFile, Path: "outdir/x", Diff: "+pwned"}, class: patch.ClassPathEscape},
		// Links that stay inside but cannot be resolved.
		{name: "link loop", patch: v4a("*** Update File: loop1", "@@", "+x"), class: patch.ClassIO},
		{name: "one file under two names", patch: v4a("*** Update File: in.txt", "@@", "-real", "+a", "*** Update File: real.txt", "@@", "-real", "+b"), class: patch.ClassDuplicatePath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, outer := linkFixture(t)
			before := snapshot(t, outer)
			var err error
			if tt.patch != "" {
				p, perr := patch.Parse(tt.patch)
				if perr != nil {
					t.Fatal(perr)
				}
				_, err = patch.Apply(root, p)
			} else {
				_, err = patch.ApplyOperation(root, tt.op)
			}
			if classOf(err) != tt.class {
				t.Errorf("Apply error = %v (class %q), want class %q", err, classOf(err), tt.class)
			}
			if diff := cmp.Diff(before, snapshot(t, outer)); diff != "" {
				t.Errorf("failed Apply changed files (-before +after):\n%s", diff)
			}
		})
	}
}

func TestSymlinksInsideRoot(t *testing.T) {
	root, outer := linkFixture(t)
	rootDir := filepath.Join(outer, "root")
	p, err := patch.Parse(v4a(
		"*** Update File: in.txt", "@@", "-real", "+REAL",
		"*** Add File: sub/new.txt", "+new",
		"*** Add File: halflink", "+created through a dangling link",
	))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := map[string]string{
		"real.txt":        "REAL\n",
		"realdir/g.txt":   "g\n",
		"realdir/new.txt": "new\n",
		"missing.txt":     "created through a dangling link\n",
	}
	if diff := cmp.Diff(want, snapshot(t, rootDir)); diff != "" {
		t.Errorf("root after Apply (-want +got):\n%s", diff)
	}
	if target, err := os.Readlink(filepath.Join(rootDir, "in.txt")); err != nil || target != "real.txt" {
		t.Errorf("in.txt is no longer a link to real.txt (target %q, err %v)", target, err)
	}

	// Deleting a link removes the link, not its target.
	p, _ = patch.Parse(v4a("*** Delete File: in.txt"))
	res, err := patch.Apply(root, p)
	if err != nil {
		t.Fatalf("Apply(delete link): %v", err)
	}
	if _, err := os.Lstat(filepath.Join(rootDir, "in.txt")); !os.IsNotExist(err) {
		t.Errorf("link still present after Delete (err %v)", err)
	}
	if b, err := os.ReadFile(filepath.Join(rootDir, "real.txt")); err != nil || string(b) != "REAL\n" {
		t.Errorf("link target changed by Delete: %q, %v", b, err)
	}
	if got := res.Changes[0].Old; got != "REAL\n" {
		t.Errorf("Delete of a link: Old = %q, want the target's content", got)
	}

	// So does deleting a link to a directory or a dangling link.
	if err := os.Symlink("nowhere", filepath.Join(rootDir, "dangling")); err != nil {
		t.Fatal(err)
	}
	p, _ = patch.Parse(v4a("*** Delete File: sub", "*** Delete File: dangling"))
	if _, err := patch.Apply(root, p); err != nil {
		t.Fatalf("Apply(delete links to a directory and to nothing): %v", err)
	}
	for _, name := range []string{"sub", "dangling"} {
		if _, err := os.Lstat(filepath.Join(rootDir, name)); !os.IsNotExist(err) {
			t.Errorf("link %s still present after Delete (err %v)", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(rootDir, "realdir", "g.txt")); err != nil {
		t.Errorf("deleting a link to a directory touched the directory: %v", err)
	}
	if diff := cmp.Diff(map[string]string{"outside.txt": "secret\n", "outdir/f.txt": "outside file\n"}, outsideFiles(t, outer)); diff != "" {
		t.Errorf("files outside the root changed (-want +got):\n%s", diff)
	}
}
