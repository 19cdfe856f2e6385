package responses

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/respkit/respkit/internal/wire"
)

// FuzzDecodeItem decodes arbitrary bytes as an item. Decoding never panics
// and fails only with a typed error; a decoded item encodes to valid JSON
// that decodes to an item encoding to the same bytes; and ToInput accepts it.
func FuzzDecodeItem(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "items", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`"hi"`))
	f.Add([]byte(`{"type":"shell_call_output","output":[{"outcome":{"type":"exit","exit_code":"0"},"created_by":1}],"created_by":null}`))
	f.Add([]byte(`{"type":"custom_tool_call_output","status":"","output":[{"type":"computer_screenshot"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var it Item
		if err := wire.Unmarshal(in, &it); err != nil {
			var se *wire.SyntaxError
			var te *wire.TypeError
			if !errors.As(err, &se) && !errors.As(err, &te) {
				t.Fatalf("Unmarshal(%q) = %T %v, want *wire.SyntaxError or *wire.TypeError", in, err, err)
			}
			return
		}
		out, err := wire.Marshal(&it)
		if err != nil {
			return // such as a number too large for a float64
		}
		if !json.Valid(out) {
			t.Fatalf("Marshal wrote invalid JSON %q for %q", out, in)
		}
		var it2 Item
		if err := wire.Unmarshal(out, &it2); err != nil {
			t.Fatalf("Unmarshal(Marshal(%q)) = %v", in, err)
		}
		out2, err := wire.Marshal(&it2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("second round trip of %q: %s, want %s (%v)", in, out2, out, err)
		}
		for _, x := range ToInput([]Item{it}) {
			if b, err := wire.Marshal(&x); err != nil || !json.Valid(b) {
				t.Fatalf("ToInput(%q) encodes to %q, %v", in, b, err)
			}
		}
	})
}
