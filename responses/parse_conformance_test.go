package responses_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/invopop/jsonschema"
	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
	"github.com/tidwall/gjson"
)

// The Go types of the json_schema formats in the recorded traffic, by format
// name, written by hand from the recorded schemas.

// payment is the "Payment" format: a decimal amount, as a number or as a
// string.
type payment struct {
	Amount decimal `json:"amount"`
}

// decimal keeps a number or a numeric string as it was written.
type decimal string

func (d *decimal) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v.(type) {
	case float64, string:
		*d = decimal(b)
		return nil
	}
	return fmt.Errorf("decimal: got %s, want a number or a string", b)
}

func (d decimal) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil // not decoded yet
	}
	return []byte(d), nil
}

func (decimal) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{{Type: "number"}, {Type: "string"}}}
}

// finalResult is pydantic-ai's "final_result" format for a union of two
// output types, told apart by kind.
type finalResult struct {
	Result location `json:"result"`
}

type location struct {
	Kind string
	City *cityLocation
	Lang *countryLanguage
}

type cityLocation struct {
	City    string `json:"city"`
	Country string `json:"country"`
}

type countryLanguage struct {
	Country  string `json:"country"`
	Language string `json:"language"`
}

// UnmarshalJSON decodes the variant named by kind, strictly.
func (l *location) UnmarshalJSON(b []byte) error {
	var env struct {
		Kind string          `json:"kind"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return err
	}
	var err error
	switch l.Kind = env.Kind; env.Kind {
	case "CityLocation":
		var v cityLocation
		v, err = schema.Decode[cityLocation](env.Data)
		l.City = &v
	case "CountryLanguage":
		var v countryLanguage
		v, err = schema.Decode[countryLanguage](env.Data)
		l.Lang = &v
	default:
		err = fmt.Errorf("location: unknown kind %q", env.Kind)
	}
	return err
}

func (l location) MarshalJSON() ([]byte, error) {
	var data any = l.City
	if l.Lang != nil {
		data = l.Lang
	}
	return json.Marshal(map[string]any{"kind": l.Kind, "data": data})
}

func (location) JSONSchema() *jsonschema.Schema {
	object := func(props ...string) *jsonschema.Schema {
		p := jsonschema.NewProperties()
		for _, name := range props {
			p.Set(name, &jsonschema.Schema{Type: "string"})
		}
		return &jsonschema.Schema{Type: "object", Properties: p, Required: props}
	}
	variant := func(kind string, data *jsonschema.Schema) *jsonschema.Schema {
		p := jsonschema.NewProperties()
		p.Set("kind", &jsonschema.Schema{Type: "string", Const: kind})
		p.Set("data", data)
		return &jsonschema.Schema{Type: "object", Properties: p, Required: []string{"kind", "data"}}
	}
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
		variant("CityLocation", object("city", "country")),
		variant("CountryLanguage", object("country", "language")),
	}}
}

// anyJSON stands for the formats that have no Go type here: it takes any
// JSON value.
type anyJSON struct{ raw json.RawMessage }

func (a *anyJSON) UnmarshalJSON(b []byte) error {
	a.raw = append(a.raw[:0], b...)
	return nil
}

func (a anyJSON) MarshalJSON() ([]byte, error) {
	if a.raw == nil {
		return []byte("null"), nil // not decoded yet
	}
	return a.raw, nil
}

func (anyJSON) JSONSchema() *jsonschema.Schema { return &jsonschema.Schema{Type: "object"} }

// format parses, streams and decodes with the Go type of a json_schema
// format.
type format struct {
	parse  func(*testing.T, *responses.Service, *responses.Request) (any, *responses.Response, error)
	stream func(*testing.T, *responses.Service, *responses.Request) (final any, partials []string, err error)
	decode func(text string) (any, error)
}

func formatFor[T any]() format {
	return format{
		parse: func(t *testing.T, rs *responses.Service, req *responses.Request) (any, *responses.Response, error) {
			return responses.Parse[T](t.Context(), rs, req)
		},
		stream: func(t *testing.T, rs *responses.Service, req *responses.Request) (any, []string, error) {
			c := collectParsed(t, responses.StreamParse[T](t.Context(), rs, req))
			if c.err != nil {
				return nil, c.partials, c.err
			}
			return c.final.Value, c.partials, nil
		},
		decode: func(text string) (any, error) { return schema.Decode[T]([]byte(text)) },
	}
}

// formats holds the Go types of the formats in the recorded traffic, by
// format name; other formats are decoded as any JSON.
var formats = map[string]format{
	"Payment":      formatFor[payment](),
	"final_result": formatFor[finalResult](),
}

func formatNamed(t *testing.T, name string) format {
	f, ok := formats[name]
	if !ok {
		t.Logf("no Go type for format %q: decoding as any JSON", name)
		f = formatFor[anyJSON]()
	}
	return f
}

// sameJSON reports whether the JSON of v means the same as text.
func sameJSON(t *testing.T, v any, text string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(text), &want); err != nil {
		t.Fatalf("recorded text is not JSON: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded value differs from the recorded text (-text +value):\n%s", diff)
	}
}

// TestConformanceParse replays every recorded response of a request with a
// json_schema format and parses it with the Go type of the format.
func TestConformanceParse(t *testing.T) {
	n := 0
	for _, path := range conformance.Files(t, "responses", "*.json") {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		format := gjson.GetBytes(body, "text.format")
		if format.Get("type").Str != "json_schema" {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(responsestest.Raw(200, "application/json", body))
			f := formatNamed(t, format.Get("name").Str)
			v, resp, err := f.parse(t, rs, &responses.Request{Model: "m", Input: responses.Text("x")})
			if resp == nil || resp.ID != gjson.GetBytes(body, "id").Str {
				t.Fatalf("Parse() response = %v, %v; want the recorded one", resp, err)
			}
			if resp.OutputText() == "" && len(resp.FunctionCalls()) > 0 {
				// The model called a tool instead of answering.
				if !errors.Is(err, responses.ErrNoText) {
					t.Errorf("Parse() error = %v, want ErrNoText", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			sameJSON(t, v, resp.OutputText())

			// The same output, streamed in deltas, gives the same value.
			srv.Enqueue(responsestest.Items(resp.Output...))
			v, partials, err := f.stream(t, rs, &responses.Request{Model: "m", Input: responses.Text("x")})
			if err != nil {
				t.Fatalf("StreamParse() error = %v", err)
			}
			sameJSON(t, v, resp.OutputText())
			if len(partials) == 0 {
				t.Error("StreamParse() yielded no partial value")
			}
		})
	}
	t.Logf("%d responses with a json_schema format", n)
}

// TestConformanceStreamParse replays every recorded stream of a request with
// a json_schema format through StreamParse, and decodes the text of each of
// its output_text.done events with the Go type of the format.
func TestConformanceStreamParse(t *testing.T) {
	n := 0
	for _, path := range conformance.Files(t, "sse", "*.sse") {
		if checkStreamRecording(t, path) {
			n++
		}
	}
	t.Logf("%d streams with a json_schema format", n)
}

// TestStreamParseRecording checks a stream of structured output, recorded
// from the fake server, as the recorded streams are checked.
func TestStreamParseRecording(t *testing.T) {
	if !checkStreamRecording(t, filepath.Join("testdata", "parse", "payment.sse")) {
		t.Error("no json_schema format found in the recording")
	}
}

// checkStreamRecording replays the stream in the file through StreamParse
// with the Go type of its json_schema format, and decodes the text of each of
// its output_text.done events with it. It reports false, checking nothing,
// for a stream without a json_schema format.
func checkStreamRecording(t *testing.T, path string) bool {
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	var done []string
	for line := range strings.SplitSeq(string(body), "\n") {
		data, ok := strings.CutPrefix(line, "data:")
		if !ok {
			continue
		}
		ev := gjson.Parse(data)
		if f := ev.Get("response.text.format"); f.Get("type").Str == "json_schema" {
			name = f.Get("name").Str
		}
		if ev.Get("type").Str == "response.output_text.done" {
			done = append(done, ev.Get("text").Str)
		}
	}
	if name == "" {
		return false
	}
	gaps := strings.Contains(path, string(filepath.Separator)+"sse"+string(filepath.Separator)) && conformance.SequenceGaps(t, path)
	t.Run(filepath.Base(path), func(t *testing.T) {
		t.Parallel()
		f := formatNamed(t, name)
		for i, text := range done {
			if _, err := f.decode(text); err != nil {
				t.Errorf("output_text.done %d: %v", i, err)
			}
		}
		rs, srv := newService(t)
		srv.Enqueue(responsestest.Raw(200, "text/event-stream", body))
		v, partials, err := f.stream(t, rs, &responses.Request{Model: "m", Input: responses.Text("x")})
		if gaps {
			// A recording trimmed by its authors: the stream stops at the gap.
			if !errors.Is(err, responses.ErrSequenceGap) {
				t.Errorf("the recording skips sequence numbers, but StreamParse() gave %v", err)
			}
			return
		}
		if len(done) == 0 || !strings.Contains(string(body), "event: response.completed") {
			if err == nil {
				t.Errorf("StreamParse() = %v, want an error for a stream without text or not completed", v)
			}
			return
		}
		if err != nil {
			t.Fatalf("StreamParse() error = %v", err)
		}
		sameJSON(t, v, done[len(done)-1])
		if len(partials) == 0 {
			t.Error("no partial values")
		}
		for i := 1; i < len(partials); i++ {
			if partials[i] == partials[i-1] {
				t.Errorf("partial %d = %s, the same as the one before", i, partials[i])
			}
		}
	})
	return true
}
