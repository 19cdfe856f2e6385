// Package conformance finds the recorded API traffic that tests check
// respkit against. It lives beside the repository, in
// ../shared/conformance, on CI and on the developers' machines; in a user's
// clone it is absent and the tests that need it skip.
package conformance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Dir returns the conformance folder, or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "conformance")
			if _, err := os.Stat(c); err != nil {
				t.Skipf("conformance data not found at %s (it sits beside the repository on CI): %v", c, err)
			}
			return c
		}
		if filepath.Dir(dir) == dir {
			t.Skip("conformance data not found: no go.mod above the test's folder")
			return ""
		}
	}
}

// Files returns the files in the conformance subfolder sub that match the
// glob pattern, or skips the test when there are none.
func Files(t testing.TB, sub, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(t), sub, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no conformance files %s/%s", sub, pattern)
	}
	return files
}

var (
	indexOnce sync.Once
	index     map[string]struct {
		SequenceNumbers string `json:"sequence_numbers"`
	}
	indexErr error
)

// SequenceGaps reports whether index.json says that the recorded stream at
// path skips sequence numbers, as a recording its authors trimmed does: a
// reader that checks them must stop at the gap.
func SequenceGaps(t testing.TB, path string) bool {
	t.Helper()
	dir := Dir(t)
	indexOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join(dir, "index.json"))
		if err == nil {
			err = json.Unmarshal(b, &index)
		}
		indexErr = err
	})
	if indexErr != nil {
		t.Fatalf("conformance index: %v", indexErr)
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	return index[filepath.ToSlash(rel)].SequenceNumbers == "gaps"
}
