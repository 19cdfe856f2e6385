package patch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUndoMessageBounded checks that the message of an undone commit names
// the files it wrote again without quoting each long path whole.
func TestUndoMessageBounded(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	text.WriteString("*** Begin Patch\n")
	for i := range 12 {
		part := strings.Repeat(string(rune('a'+i)), 200)
		name := strings.Repeat(part+"/", 19) + "f"
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		text.WriteString("*** Update File: " + name + "\n@@\n-a\n+b\n")
	}
	text.WriteString("*** Delete File: gone\n*** End Patch\n")
	if err := os.WriteFile(filepath.Join(dir, "gone"), []byte("g\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	p, err := Parse(text.String())
	if err != nil {
		t.Fatal(err)
	}
	injected := errors.New("injected failure")
	testHook = func(step, name string) error {
		if step == "remove" {
			return injected
		}
		return nil
	}
	defer func() { testHook = nil }()
	_, err = Apply(root, p)
	if !errors.Is(err, injected) {
		t.Fatalf("Apply = %v, want the injected failure", err)
	}
	if n := len(err.Error()); n > 4000 {
		t.Errorf("error message is %d bytes: %.300s", n, err)
	}
	if !strings.Contains(err.Error(), "and 2 more") {
		t.Errorf("error message does not count the files it leaves out: %.300s", err)
	}
}
