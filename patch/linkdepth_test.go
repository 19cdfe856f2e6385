package patch_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/respkit/respkit/patch"
)

// TestPathTooDeepThroughLink checks the limits on the path a symbolic link
// leads to, not only on the path as written.
func TestPathTooDeepThroughLink(t *testing.T) {
	root, dir := newRoot(t, nil)
	deep := strings.Repeat("d/", patch.MaxPathDepth-11) + "d"
	if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(deep)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.FromSlash(deep), filepath.Join(dir, "link")); err != nil {
		t.Skipf("symbolic links unsupported: %v", err)
	}
	before := snapshot(t, dir)
	for _, name := range []string{
		"link/" + deepPath(20),         // the folders past the link do not exist
		"link/d/d/d/d/d/d/d/d/d/d/d/f", // they exist, up to the limit, and one more
	} {
		if strings.HasPrefix(name, "link/d/") {
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(deep), "d/d/d/d/d/d/d/d/d/d/d"), 0o755); err != nil {
				t.Fatal(err)
			}
			before = snapshot(t, dir)
		}
		p, err := patch.Parse(v4a("*** Add File: "+name, "+x"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = patch.Apply(root, p)
		if classOf(err) != patch.ClassInvalidPath {
			t.Errorf("Apply(%s) = %v, want class %s: the path it leads to is deeper than %d", name, err, patch.ClassInvalidPath, patch.MaxPathDepth)
		}
		if after := snapshot(t, dir); !slices.Equal(slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))) {
			t.Errorf("Apply(%s) changed the folder", name)
		}
	}
}
