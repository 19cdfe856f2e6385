package responses_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

func (d decimal) MarshalJSON() ([]byte, error) { return []byte(d), nil }

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

func (a anyJSON) MarshalJSON() ([]byte, error) { return a.raw, nil }

func (anyJSON) JSONSchema() *jsonschema.Schema { return &jsonschema.Schema{Type: "object"} }

// formatTypes parses with the Go type of each known format name.
var formatTypes = map[string]func(*testing.T, *responses.Service, *responses.Request) (any, *responses.Response, error){
	"Payment":      parseAs[payment],
	"final_result": parseAs[finalResult],
}

func parseAs[T any](t *testing.T, rs *responses.Service, req *responses.Request) (any, *responses.Response, error) {
	return responses.Parse[T](t.Context(), rs, req)
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
			parse, ok := formatTypes[format.Get("name").Str]
			if !ok {
				t.Logf("no Go type for format %q: decoding as any JSON", format.Get("name").Str)
				parse = parseAs[anyJSON]
			}
			v, resp, err := parse(t, rs, &responses.Request{Model: "m", Input: responses.Text("x")})
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
		})
	}
	t.Logf("%d responses with a json_schema format", n)
}
