package responses

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/respkit/respkit/internal/wire"
)

// addToolSeeds adds the fixtures of testdata/tools to the corpus.
func addToolSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "tools", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// fuzzRoundTrip decodes in into a new T. Decoding fails only with a typed
// error; when it succeeds, encoding, decoding and encoding again must give
// the same bytes.
func fuzzRoundTrip[T any](t *testing.T, in []byte) {
	var v T
	if err := wire.Unmarshal(in, &v); err != nil {
		var se *wire.SyntaxError
		var te *wire.TypeError
		if !errors.As(err, &se) && !errors.As(err, &te) {
			t.Fatalf("Unmarshal(%q) into %T = %T %v, want *wire.SyntaxError or *wire.TypeError", in, v, err, err)
		}
		return
	}
	out, err := wire.Marshal(&v)
	if err != nil {
		t.Fatalf("Marshal after Unmarshal(%q) = %v", in, err)
	}
	if !json.Valid(out) {
		t.Fatalf("Marshal wrote invalid JSON %q for %q", out, in)
	}
	var v2 T
	if err := wire.Unmarshal(out, &v2); err != nil {
		t.Fatalf("Unmarshal(Marshal(%q)) = %v; encoded %s", in, err, out)
	}
	out2, err := wire.Marshal(&v2)
	if err != nil {
		t.Fatalf("second Marshal of %q = %v", in, err)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("second round trip of %q = %s, want %s", in, out2, out)
	}
}

func FuzzDecodeTool(f *testing.F) {
	addToolSeeds(f)
	f.Fuzz(fuzzRoundTrip[Tool])
}

func FuzzDecodeToolChoice(f *testing.F) {
	addToolSeeds(f)
	f.Fuzz(fuzzRoundTrip[ToolChoice])
}
