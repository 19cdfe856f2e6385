package sdkcheck

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/respkit/respkit/responses/responsestest"
	// The OpenAPI spec's schemas are JSON Schema 2020-12; validating the
	// fake's bodies against them needs a validator, and this module, not
	// the core one, is where a test-only dependency may live.
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// conformanceDir returns the recorded API traffic, which sits beside the
// repository (../../shared/conformance from this module), or skips the test.
func conformanceDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "conformance")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("conformance data not found at %s (it sits beside the repository on CI): %v", dir, err)
	}
	return dir
}

// members returns the members a response body must have, those present in
// at least 90% of the recorded responses (older recordings lack a few newer
// members), and those it may have, present in any.
func members(t *testing.T, dir string) (required, allowed map[string]bool) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "responses", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if string(m["object"]) != `"response"` {
			continue
		}
		n++
		for k := range m {
			count[k]++
		}
	}
	if n == 0 {
		t.Skip("no recorded responses in " + dir)
	}
	required, allowed = map[string]bool{}, map[string]bool{}
	for k, c := range count {
		allowed[k] = true
		if c*10 >= n*9 {
			required[k] = true
		}
	}
	return required, allowed
}

var (
	specOnce   sync.Once
	specSchema *jsonschema.Schema
	specErr    error
)

// responseSchema compiles the spec's Response schema.
func responseSchema(t *testing.T, dir string) *jsonschema.Schema {
	t.Helper()
	specOnce.Do(func() {
		var f *os.File
		f, specErr = os.Open(filepath.Join(dir, "openapi", "openapi.json"))
		if specErr != nil {
			return
		}
		defer f.Close()
		var doc any
		if doc, specErr = jsonschema.UnmarshalJSON(f); specErr != nil {
			return
		}
		c := jsonschema.NewCompiler()
		// The spec says 3.1 (JSON Schema 2020-12) but uses 2019-09's
		// boolean $recursiveAnchor, which 2020-12's metaschema refuses.
		c.DefaultDraft(jsonschema.Draft2019)
		const url = "file:///openapi.json"
		if specErr = c.AddResource(url, doc); specErr != nil {
			return
		}
		specSchema, specErr = c.Compile(url + "#/components/schemas/Response")
	})
	if os.IsNotExist(specErr) {
		t.Skipf("the OpenAPI spec is not in %s: %v", dir, specErr)
	}
	if specErr != nil {
		t.Fatalf("compile the spec's Response schema: %v", specErr)
	}
	return specSchema
}

// TestResponseShapes checks every kind of response body the fake returns
// against the recorded responses' members and the spec's Response schema.
func TestResponseShapes(t *testing.T) {
	dir := conformanceDir(t)
	required, allowed := members(t, dir)
	schema := responseSchema(t, dir)

	srv, c := newServer(t)
	text := func(s string) responses.ResponseNewParams {
		return responses.ResponseNewParams{Model: model, Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(s)}}
	}
	bodies := map[string]string{} // what the fake answered, by case
	create := func(name string, p responses.ResponseNewParams, reply ...responsestest.Reply) *responses.Response {
		t.Helper()
		srv.Enqueue(reply...)
		resp, err := c.Responses.New(t.Context(), p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		bodies[name] = resp.RawJSON()
		return resp
	}

	created := create("text", text("Hello"), responsestest.Text("Hi."))
	create("default model", text("Say hello."))
	p := text("Weather in Paris?")
	p.Instructions = openai.String("Be brief.")
	p.Metadata = map[string]string{"k": "v"}
	p.Tools = []responses.ToolUnionParam{responses.ToolParamOfFunction("get_weather",
		map[string]any{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}, "required": []string{"city"}, "additionalProperties": false}, true)}
	create("function call", p, responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: `{"city":"Paris"}`}))
	create("refusal", text("Something"), responsestest.Refusal("I can't help with that."))
	create("incomplete", text("Write a lot"), responsestest.Incomplete("max_output_tokens", "A lot of"))
	create("failed", text("Fail"), responsestest.Failed("server_error", "The model failed."))
	bgParams := text("Later")
	bgParams.Background, bgParams.Store = openai.Bool(true), openai.Bool(true)
	bg := create("background", bgParams, responsestest.Text("Done later."))

	get, err := c.Responses.Get(t.Context(), created.ID, responses.ResponseGetParams{})
	if err != nil {
		t.Fatal(err)
	}
	bodies["get"] = get.RawJSON()
	cancelled, err := c.Responses.Cancel(t.Context(), bg.ID)
	if err != nil {
		t.Fatal(err)
	}
	bodies["cancel"] = cancelled.RawJSON()

	srv.Enqueue(responsestest.Text("Streamed."))
	for _, ev := range readAll(t, c.Responses.NewStreaming(t.Context(), text("Stream"))) {
		switch ev.Type {
		case "response.created", "response.in_progress", "response.completed":
			bodies["stream "+ev.Type] = ev.Response.RawJSON()
		}
	}

	tolerated := recordedDeviations(t, dir, schema)
	for _, name := range slices.Sorted(maps.Keys(bodies)) {
		body := bodies[name]
		t.Run(name, func(t *testing.T) {
			m := jsonObject(t, body)
			t.Run("members", func(t *testing.T) {
				for _, k := range slices.Sorted(maps.Keys(required)) {
					if _, ok := m[k]; !ok {
						t.Errorf("no member %q, which the API always sends", k)
					}
				}
				for _, k := range slices.Sorted(maps.Keys(m)) {
					if !allowed[k] {
						t.Errorf("member %q, which no recorded response has", k)
					}
				}
			})
			t.Run("schema", func(t *testing.T) {
				v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(body)))
				if err != nil {
					t.Fatal(err)
				}
				if err := schema.Validate(v); err != nil {
					var lines []string
					for _, l := range schemaErrors(err) {
						if !tolerated[l] {
							lines = append(lines, l)
						}
					}
					if len(lines) > 0 {
						t.Errorf("the body does not match the spec's Response schema:\n%s\nbody: %s", strings.Join(lines, "\n"), body)
					}
				}
			})
		})
	}
}

// recordedDeviations returns where the API's own responses depart from the
// spec's Response schema (for example "user": null, which the spec types
// as a string, or "usage": null in the response of response.created): the
// schema failures of the recorded responses, whole and in recorded
// streams. The fake may depart from the spec where the API does.
func recordedDeviations(t *testing.T, dir string, schema *jsonschema.Schema) map[string]bool {
	t.Helper()
	var bodies [][]byte
	files, _ := filepath.Glob(filepath.Join(dir, "responses", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(`"object": "response"`)) || bytes.Contains(b, []byte(`"object":"response"`)) {
			bodies = append(bodies, b)
		}
	}
	streams, _ := filepath.Glob(filepath.Join(dir, "sse", "*.sse"))
	for _, f := range streams {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for line := range bytes.Lines(b) {
			data, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("data: "))
			if !ok {
				continue
			}
			var ev struct {
				Response json.RawMessage `json:"response"`
			}
			if json.Unmarshal(data, &ev) == nil && len(ev.Response) > 0 && ev.Response[0] == '{' {
				bodies = append(bodies, ev.Response)
			}
		}
	}
	seen := map[string]bool{}
	for _, b := range bodies {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			continue
		}
		if err := schema.Validate(v); err != nil {
			for _, l := range schemaErrors(err) {
				seen[l] = true
			}
		}
	}
	return seen
}
