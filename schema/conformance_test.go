package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
	"github.com/tidwall/gjson"
)

// Recorded traffic lives outside the repository, in ../shared/conformance
// from the repository root.
var conformanceDir = filepath.Join("..", "..", "shared", "conformance")

func conformance(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(conformanceDir); err != nil {
		t.Skipf("conformance data not found at %s (it lives outside the repository): %v", conformanceDir, err)
	}
	return conformanceDir
}

// Hand-written Go types for the json_schema formats found in the recorded
// traffic, by format name.

// confPayment is pydantic-ai's Payment with a Decimal amount: a JSON number
// or a numeric string.
type confPayment struct {
	Amount confDecimal `json:"amount"`
}

type confDecimal string

func (d *confDecimal) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(s)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("not a decimal: %s", b)
	}
	*d = confDecimal(n)
	return nil
}

func (confDecimal) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{{Type: "number"}, {Type: "string"}}}
}

// confFinalResult is pydantic-ai's union output: {"result": CityLocation or
// CountryLanguage}, told apart by kind.
type confFinalResult struct {
	Result confLocation `json:"result"`
}

type confLocation struct {
	City    *confCity
	Country *confCountry
}

type confCity struct {
	Kind string `json:"kind" jsonschema:"enum=CityLocation"`
	Data struct {
		City    string `json:"city"`
		Country string `json:"country"`
	} `json:"data"`
}

type confCountry struct {
	Kind string `json:"kind" jsonschema:"enum=CountryLanguage"`
	Data struct {
		Country  string `json:"country"`
		Language string `json:"language"`
	} `json:"data"`
}

func (l *confLocation) UnmarshalJSON(b []byte) error {
	var err error
	switch kind := gjson.GetBytes(b, "kind").String(); kind {
	case "CityLocation":
		var v confCity
		v, err = Decode[confCity](b)
		l.City = &v
	case "CountryLanguage":
		var v confCountry
		v, err = Decode[confCountry](b)
		l.Country = &v
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
	return err
}

// decodeKnown decodes text with the hand-written type of a format name.
func decodeKnown(name, text string) (any, bool, error) {
	switch name {
	case "Payment":
		v, err := Decode[confPayment]([]byte(text))
		return v, true, err
	case "final_result":
		v, err := Decode[confFinalResult]([]byte(text))
		return v, true, err
	}
	return nil, false, nil
}

// structured is one structured output found in the recorded traffic.
type structured struct {
	file   string
	name   string
	schema string
	text   string
	deltas []string
}

// sseEvents splits an SSE transcript into the data of its events.
func sseEvents(raw []byte) []gjson.Result {
	var out []gjson.Result
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	for block := range strings.SplitSeq(string(raw), "\n\n") {
		var data []string
		for line := range strings.SplitSeq(block, "\n") {
			if v, ok := strings.CutPrefix(line, "data:"); ok {
				data = append(data, strings.TrimPrefix(v, " "))
			}
		}
		if len(data) > 0 {
			out = append(out, gjson.Parse(strings.Join(data, "\n")))
		}
	}
	return out
}

func collectSSE(t *testing.T, dir string) []structured {
	files, _ := filepath.Glob(filepath.Join(dir, "sse", "*.sse"))
	var out []structured
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var format gjson.Result
		var deltas []string
		var texts []string
		for _, ev := range sseEvents(raw) {
			switch ev.Get("type").String() {
			case "response.created", "response.in_progress", "response.completed", "response.incomplete":
				if fm := ev.Get("response.text.format"); fm.Exists() {
					format = fm
				}
			case "response.output_text.delta":
				deltas = append(deltas, ev.Get("delta").String())
			case "response.output_text.done":
				texts = append(texts, ev.Get("text").String())
			}
		}
		if format.Get("type").String() != "json_schema" {
			continue
		}
		for _, text := range texts {
			s := structured{file: filepath.Base(f), name: format.Get("name").String(), schema: format.Get("schema").Raw, text: text}
			if len(texts) == 1 && strings.Join(deltas, "") == text {
				s.deltas = deltas
			}
			out = append(out, s)
		}
	}
	return out
}

func collectResponses(t *testing.T, dir string) []structured {
	files, _ := filepath.Glob(filepath.Join(dir, "responses", "*.json"))
	var out []structured
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := gjson.ParseBytes(raw)
		format := r.Get("text.format")
		if format.Get("type").String() != "json_schema" || r.Get("status").String() != "completed" {
			continue
		}
		for _, item := range r.Get("output").Array() {
			for _, part := range item.Get("content").Array() {
				if part.Get("type").String() == "output_text" {
					out = append(out, structured{file: filepath.Base(f), name: format.Get("name").String(), schema: format.Get("schema").Raw, text: part.Get("text").String()})
				}
			}
		}
	}
	return out
}

// Every structured output in the recorded streams decodes with a matching
// Go type, and the partial decoder never fails on any prefix of it.
func TestConformanceStructuredStreams(t *testing.T) {
	dir := conformance(t)
	found := collectSSE(t, dir)
	if len(found) == 0 {
		t.Skipf("no stream in %s/sse used a json_schema text format", dir)
	}
	checkStructured(t, found)
}

// The same for the non-streamed responses.
func TestConformanceStructuredResponses(t *testing.T) {
	dir := conformance(t)
	found := collectResponses(t, dir)
	if len(found) == 0 {
		t.Skipf("no response in %s/responses used a json_schema text format", dir)
	}
	checkStructured(t, found)
}

func checkStructured(t *testing.T, found []structured) {
	for _, s := range found {
		t.Run(s.file, func(t *testing.T) {
			// The schema was accepted by the API with strict mode: the
			// transform must accept it too.
			sch, err := FromJSON(s.name, []byte(s.schema))
			if err != nil {
				t.Fatalf("FromJSON(recorded schema): %v", err)
			}
			for _, p := range checkStrict([]byte(sch.String())) {
				t.Errorf("strict rule broken: %s", p)
			}
			// A Go type built from the schema itself.
			doc := gjson.Parse(sch.String())
			if typ, ok := typeFromSchema(doc, doc.Get(`\$defs`), nil); ok {
				if _, err := decodeDynamic(typ, []byte(s.text)); err != nil {
					t.Errorf("Decode as %v: %v", typ, err)
				}
				checkPrefixesDynamic(t, typ, s.text)
			}
			// The hand-written type.
			v, known, err := decodeKnown(s.name, s.text)
			if !known {
				t.Logf("no hand-written Go type for format %q; checked with the type built from its schema", s.name)
				return
			}
			checkPrefixesKnown(t, s.name, s.text)
			if err != nil {
				t.Fatalf("Decode(%s) = %v", s.text, err)
			}
			t.Logf("%s decoded to %+v", s.text, v)
			if s.deltas != nil {
				checkDeltas(t, s.name, s.text, s.deltas)
			}
		})
	}
}

func checkPrefixesKnown(t *testing.T, name, text string) {
	switch name {
	case "Payment":
		checkPrefixes[confPayment](t, text)
	case "final_result":
		checkPrefixes[confFinalResult](t, text)
	}
}

// checkPrefixes writes text byte by byte (so that every prefix is seen)
// and requires no error and the final value of Decode.
func checkPrefixes[T any](t *testing.T, text string) {
	t.Helper()
	p := NewPartial[T]()
	for i := range len(text) {
		if _, err := p.Write(text[i : i+1]); err != nil {
			t.Fatalf("Partial.Write after %q: %v", text[:i+1], err)
		}
	}
	got, err := p.Final()
	want, werr := Decode[T]([]byte(text))
	if err != nil || werr != nil || snapshot(&got) != snapshot(&want) {
		t.Errorf("Partial.Final() = %v, %v; Decode = %v, %v", got, err, want, werr)
	}
}

func checkDeltas(t *testing.T, name, text string, deltas []string) {
	switch name {
	case "Payment":
		feedDeltas[confPayment](t, text, deltas)
	case "final_result":
		feedDeltas[confFinalResult](t, text, deltas)
	}
}

func feedDeltas[T any](t *testing.T, text string, deltas []string) {
	p := NewPartial[T]()
	for _, d := range deltas {
		if _, err := p.Write(d); err != nil {
			t.Fatalf("Write(%q): %v", d, err)
		}
	}
	if _, err := p.Final(); err != nil {
		t.Errorf("Final after the recorded deltas: %v", err)
	}
}

// typeFromSchema builds a Go type for a strict schema with reflect, for
// formats without a hand-written type: objects become structs, nullable
// unions pointers, other unions and recursion json.RawMessage.
func typeFromSchema(n, defs gjson.Result, stack []string) (reflect.Type, bool) {
	raw := reflect.TypeFor[json.RawMessage]()
	if ref := n.Get(`\$ref`); ref.Exists() {
		name, ok := strings.CutPrefix(ref.String(), "#/$defs/")
		if !ok {
			return raw, true
		}
		if slices.Contains(stack, name) {
			return raw, true
		}
		return typeFromSchema(defs.Get(gjson.Escape(name)), defs, append(stack, name))
	}
	if a := n.Get("anyOf"); a.Exists() {
		var others []gjson.Result
		null := false
		for _, b := range a.Array() {
			if b.Get("type").String() == "null" {
				null = true
			} else {
				others = append(others, b)
			}
		}
		if len(others) == 1 && null {
			t, ok := typeFromSchema(others[0], defs, stack)
			return reflect.PointerTo(t), ok
		}
		return raw, true
	}
	typ := n.Get("type")
	if typ.IsArray() {
		var other []string
		for _, x := range typ.Array() {
			if x.String() != "null" {
				other = append(other, x.String())
			}
		}
		if len(other) != 1 {
			return raw, true
		}
		t, ok := scalarType(other[0], n, defs, stack)
		return reflect.PointerTo(t), ok
	}
	return scalarType(typ.String(), n, defs, stack)
}

func scalarType(typ string, n, defs gjson.Result, stack []string) (reflect.Type, bool) {
	switch typ {
	case "string":
		return reflect.TypeFor[string](), true
	case "integer":
		return reflect.TypeFor[int64](), true
	case "number":
		return reflect.TypeFor[float64](), true
	case "boolean":
		return reflect.TypeFor[bool](), true
	case "array":
		e, ok := typeFromSchema(n.Get("items"), defs, stack)
		return reflect.SliceOf(e), ok
	case "object":
		var fields []reflect.StructField
		ok := true
		i := 0
		n.Get("properties").ForEach(func(k, v gjson.Result) bool {
			if strings.ContainsAny(k.String(), "\",\\`") {
				ok = false
				return false
			}
			ft, fok := typeFromSchema(v, defs, stack)
			ok = ok && fok
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: ft, Tag: reflect.StructTag(`json:"` + k.String() + `"`)})
			i++
			return true
		})
		return reflect.StructOf(fields), ok
	}
	return reflect.TypeFor[json.RawMessage](), true
}

// decodeDynamic is Decode for a type known only at run time.
func decodeDynamic(t reflect.Type, data []byte) (reflect.Value, error) {
	c, err := plan(t, false)
	if err != nil {
		return reflect.Value{}, err
	}
	v := reflect.New(t).Elem()
	var m machine
	m.reset(slot{c: c}, v, t.String())
	m.buf = data
	m.finish()
	if m.err != nil {
		return reflect.Value{}, m.err
	}
	return v, nil
}

func checkPrefixesDynamic(t *testing.T, typ reflect.Type, text string) {
	c, err := plan(typ, false)
	if err != nil {
		t.Fatal(err)
	}
	var m machine
	m.reset(slot{c: c}, reflect.New(typ).Elem(), typ.String())
	for i := range len(text) {
		m.buf = append(m.buf, text[i])
		m.run()
		if m.err != nil {
			t.Fatalf("partial decoding after %q: %v", text[:i+1], m.err)
		}
	}
	m.finish()
	if m.err != nil {
		t.Errorf("partial decoding, final: %v", m.err)
	}
}

// Every strict schema the API accepted in a recorded request (text formats
// and strict function tools) is accepted by FromJSON, and the result is
// strict.
func TestConformanceRequestSchemas(t *testing.T) {
	dir := conformance(t)
	files, _ := filepath.Glob(filepath.Join(dir, "exchanges", "*.exchange.json"))
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ex := gjson.ParseBytes(raw)
		if ex.Get("response.status").Int() != 200 {
			continue
		}
		body := ex.Get("request.body")
		var schemas []gjson.Result
		if fm := body.Get("text.format"); fm.Get("type").String() == "json_schema" && fm.Get("strict").Bool() {
			schemas = append(schemas, fm)
		}
		for _, tool := range body.Get("tools").Array() {
			if tool.Get("type").String() == "function" && tool.Get("strict").Bool() {
				schemas = append(schemas, gjson.Parse(`{"name":`+tool.Get("name").Raw+`,"schema":`+tool.Get("parameters").Raw+`}`))
			}
		}
		for _, s := range schemas {
			n++
			name := s.Get("name").String()
			out, err := FromJSON(name, []byte(s.Get("schema").Raw))
			var se *SchemaError
			if errors.As(err, &se) && strings.Contains(se.Msg, "invalid name") {
				t.Logf("%s: %v", filepath.Base(f), err)
				continue
			}
			if err != nil {
				t.Errorf("%s: FromJSON(%s) = %v", filepath.Base(f), s.Get("schema").Raw, err)
				continue
			}
			for _, p := range checkStrict([]byte(out.String())) {
				t.Errorf("%s: strict rule broken: %s", filepath.Base(f), p)
			}
		}
	}
	if n == 0 {
		t.Skip("no strict schema in the recorded requests")
	}
	t.Logf("%d recorded strict schemas accepted", n)
}
