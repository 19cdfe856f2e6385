package responses

import (
	"bufio"
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// recordedTools returns the tools arrays and tool choices of the recorded
// traffic, each once, keyed by their JSON, with the file each was first
// found in: the responses (their echo of the request), the request bodies
// of POST /v1/responses, the responses carried by stream events, and the
// OpenAPI examples.
func recordedTools(t *testing.T) (tools, choices map[string]string) {
	tools, choices = map[string]string{}, map[string]string{}
	add := func(file string, obj gjson.Result) {
		if v := obj.Get("tools"); v.IsArray() {
			if _, ok := tools[v.Raw]; !ok {
				tools[v.Raw] = file
			}
		}
		if v := obj.Get("tool_choice"); v.Exists() && v.Type != gjson.Null {
			if _, ok := choices[v.Raw]; !ok {
				choices[v.Raw] = file
			}
		}
	}
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	dir := conformance.Dir(t)
	for _, path := range conformance.Files(t, "responses", "*.json") {
		add(filepath.Base(path), gjson.ParseBytes(read(path)))
	}
	for _, path := range conformance.Files(t, "exchanges", "*.exchange.json") {
		req := gjson.GetBytes(read(path), "request")
		if req.Get("method").String() == "POST" && strings.HasSuffix(req.Get("uri").String(), "/responses") {
			add(filepath.Base(path), req.Get("body"))
		}
	}
	for _, path := range conformance.Files(t, "sse", "*") {
		sc := bufio.NewScanner(bytes.NewReader(read(path)))
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			line := bytes.TrimPrefix(sc.Bytes(), []byte("data:"))
			if r := gjson.GetBytes(line, "response"); r.IsObject() {
				add(filepath.Base(path), r)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	examples, err := filepath.Glob(filepath.Join(dir, "openapi", "examples", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range examples {
		add(filepath.Base(path), gjson.ParseBytes(read(path)))
	}
	return tools, choices
}

// TestConformanceTools decodes every tool and tool choice of the recorded
// traffic, checks that encoding it gives back the same JSON, and that no
// part of it is decoded without a Go field or type.
func TestConformanceTools(t *testing.T) {
	tools, choices := recordedTools(t)
	kinds := map[string]int{}
	for _, raw := range slices.Sorted(maps.Keys(tools)) {
		gjson.Get(raw, "#.type").ForEach(func(_, k gjson.Result) bool {
			kinds["tool "+k.String()]++
			return true
		})
		t.Run("tools/"+tools[raw], func(t *testing.T) {
			var v []Tool
			checkRecorded(t, raw, &v)
		})
	}
	for _, raw := range slices.Sorted(maps.Keys(choices)) {
		if k := gjson.Get(raw, "type"); k.Exists() {
			kinds["tool_choice "+k.String()]++
		} else {
			kinds["tool_choice "+raw]++
		}
		t.Run("tool_choice/"+choices[raw], func(t *testing.T) {
			var v ToolChoice
			checkRecorded(t, raw, &v)
		})
	}
	t.Logf("%d distinct tool lists and %d tool choices; kinds: %v", len(tools), len(choices), kinds)
}

func checkRecorded(t *testing.T, raw string, v any) {
	t.Helper()
	if err := wire.Unmarshal([]byte(raw), v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out, err := wire.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if diff := jsontest.Diff([]byte(raw), out); diff != "" {
		t.Errorf("round trip differs:\n%s", diff)
	}
	for _, u := range unmodeled(v) {
		if !allowedUnmodeled[u] {
			t.Errorf("decoded without a Go field or type: %s", u)
		}
	}
}
