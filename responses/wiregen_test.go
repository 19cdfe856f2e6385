package responses

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/respkit/respkit/internal/wiregen"
)

var update = flag.Bool("update", false, "rewrite generated files and golden files")

// TestWireGen checks that wire_gen.go is up to date; go test -update
// rewrites it.
func TestWireGen(t *testing.T) {
	got, err := wiregen.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(wiregen.Output, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wiregen.Output)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test -run TestWireGen -update", wiregen.Output)
	}
}
