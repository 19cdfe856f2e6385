package responses

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/tidwall/gjson"
)

// TestConformanceRequestSettings decodes the recorded request bodies of
// POST /v1/responses as a [Request] and checks the round trip and that every
// member has a Go field. The input is left out: its items are checked with
// the items.
func TestConformanceRequestSettings(t *testing.T) {
	n := 0
	for _, path := range conformance.Files(t, "exchanges", "*.exchange.json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		req := gjson.GetBytes(data, "request")
		if req.Get("method").String() != "POST" || !strings.HasSuffix(req.Get("uri").String(), "/responses") {
			continue
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal([]byte(req.Get("body").Raw), &body); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		delete(body, "input")
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			var r Request
			checkRecorded(t, string(raw), &r)
		})
	}
	if n == 0 {
		t.Error("no request bodies of POST /v1/responses found")
	}
}
