package responses

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/tidwall/gjson"
)

// TestConformanceBodies decodes every recorded response, compaction and token
// count body, and the OpenAPI examples of the same objects.
func TestConformanceBodies(t *testing.T) {
	files := conformance.Files(t, "responses", "*.json")
	examples, _ := filepath.Glob(filepath.Join(conformance.Dir(t), "openapi", "examples", "*.json"))
	seen := map[string]int{}
	for _, path := range append(files, examples...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		switch obj := gjson.GetBytes(data, "object").String(); obj {
		case "response":
			if gjson.GetBytes(data, "deleted").Exists() {
				continue // the confirmation of a deletion
			}
			v = new(Response)
		case "response.compaction":
			v = new(CompactedResponse)
		case "response.input_tokens":
			v = new(TokenCount)
		case "list":
			v = new(ItemPage)
		default:
			continue
		}
		seen[gjson.GetBytes(data, "object").String()]++
		t.Run(filepath.Base(path), func(t *testing.T) { checkBody(t, data, v) })
	}
	for _, obj := range []string{"response", "response.compaction", "response.input_tokens", "list"} {
		if seen[obj] == 0 {
			t.Errorf("no %q body found", obj)
		}
	}
}

// TestConformanceRequests decodes the body of every recorded request to the
// Responses API: create, compact and count input tokens.
func TestConformanceRequests(t *testing.T) {
	seen := map[string]int{}
	for _, path := range conformance.Files(t, "exchanges", "*.exchange.json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		req := gjson.GetBytes(data, "request")
		if req.Get("method").String() != "POST" {
			continue
		}
		uri := req.Get("uri").String()
		var v any
		switch {
		case strings.HasSuffix(uri, "/responses"):
			v = new(Request)
		case strings.HasSuffix(uri, "/responses/compact"):
			v = new(CompactRequest)
		case strings.HasSuffix(uri, "/responses/input_tokens"):
			v = new(CountTokensRequest)
		default:
			continue
		}
		seen[uri[strings.LastIndex(uri, "/"):]]++
		body := []byte(req.Get("body").Raw)
		t.Run(filepath.Base(path), func(t *testing.T) { checkBody(t, body, v) })
	}
	for _, end := range []string{"/responses", "/compact", "/input_tokens"} {
		if seen[end] == 0 {
			t.Errorf("no request to %s found", end)
		}
	}
}

// TestConformanceStreamItems decodes the items and responses carried by the
// recorded stream events (response.output_item.added and .done, and the
// response of response.created, .completed and the like).
func TestConformanceStreamItems(t *testing.T) {
	files := conformance.Files(t, "sse", "*.sse")
	var n int
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			for line := range strings.Lines(string(data)) {
				payload, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), "data: ")
				if !ok || !gjson.Valid(payload) {
					continue
				}
				if item := gjson.Get(payload, "item"); item.IsObject() {
					var it Item
					checkBody(t, []byte(item.Raw), &it)
					n++
				}
				if r := gjson.Get(payload, "response"); r.IsObject() {
					checkBody(t, []byte(r.Raw), new(Response))
				}
			}
		})
	}
	if n == 0 {
		t.Error("no item found in the streams")
	}
}
