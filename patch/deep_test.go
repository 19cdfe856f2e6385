package patch_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/patch"
)

// deepPath returns a path of depth components: depth-1 folders and a file.
func deepPath(depth int) string {
	return strings.Repeat("d/", depth-1) + "f.txt"
}

// applyCreate creates path in a new folder with a two-line file and
// returns how long Apply took.
func applyCreate(t testing.TB, path string) (time.Duration, error) {
	t.Helper()
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p, err := patch.Parse("*** Begin Patch\n*** Add File: " + path + "\n+one\n+two\n*** End Patch\n")
	if err != nil {
		return 0, err
	}
	start := time.Now()
	_, err = patch.Apply(root, p)
	return time.Since(start), err
}

// longPath returns a path of n bytes, of components short enough for any
// file system.
func longPath(n int) string {
	part := strings.Repeat("n", 99) + "/"
	p := strings.Repeat(part, (n-1)/len(part))
	return p + strings.Repeat("f", n-len(p))
}

func TestPathLimits(t *testing.T) {
	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"deepest", deepPath(patch.MaxPathDepth), true},
		{"too deep", deepPath(patch.MaxPathDepth + 1), false},
		{"too deep with dots", strings.Repeat("./", 10) + deepPath(patch.MaxPathDepth+1), false},
		{"longest", longPath(patch.MaxPathLength), true},
		{"too long", longPath(patch.MaxPathLength + 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := applyCreate(t, tt.path)
			if tt.ok {
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				return
			}
			pe, ok := errors.AsType[*patch.Error](err)
			if !ok || pe.Class != patch.ClassInvalidPath {
				t.Fatalf("Apply: %v, want a *patch.Error of class %s", err, patch.ClassInvalidPath)
			}
			if len(pe.Error()) > 1000 {
				t.Errorf("message is %d bytes long", len(pe.Error()))
			}
		})
	}
}

// TestDeepPathLinear checks that applying costs time linear in the depth of
// the path: 8 times deeper may cost about 8 times more, far from the 64
// times of a cost quadratic in the depth. The best of a few runs is taken,
// so that a busy machine does not decide.
func TestDeepPathLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	best := func(depth int) time.Duration {
		b := time.Duration(1<<63 - 1)
		for range 5 {
			d, err := applyCreate(t, deepPath(depth))
			if err != nil {
				t.Fatal(err)
			}
			b = min(b, d)
		}
		return b
	}
	shallow, deep := best(patch.MaxPathDepth/8), best(patch.MaxPathDepth)
	if ratio := float64(deep) / float64(shallow); ratio > 24 {
		t.Errorf("depth %d took %v, depth %d %v: %.1f times longer for 8 times the depth", patch.MaxPathDepth, deep, patch.MaxPathDepth/8, shallow, ratio)
	}
}

func BenchmarkApplyDeep(b *testing.B) {
	for _, depth := range []int{16, 64, 256} {
		b.Run(fmt.Sprint("depth=", depth), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := applyCreate(b, deepPath(depth)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
