package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The b.4 checklist of the research notes: one case per line. want is the
// expected strict schema, or err a substring of the expected error.
func TestStrictChecklist(t *testing.T) {
	const (
		closedA = `{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}`
	)
	tests := []struct {
		id, in, want, err string
	}{
		// Root.
		{"R1 invopop root ref", `{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"#/$defs/T","$defs":{"T":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}}`, closedA, ""},
		{"R1 root ref kept def when recursive", `{"$ref":"#/$defs/T","$defs":{"T":{"type":"object","properties":{"kid":{"$ref":"#/$defs/T"}},"required":["kid"]}}}`,
			`{"type":"object","properties":{"kid":{"$ref":"#/$defs/T"}},"required":["kid"],"additionalProperties":false,"$defs":{"T":{"type":"object","properties":{"kid":{"$ref":"#/$defs/T"}},"required":["kid"],"additionalProperties":false}}}`, ""},
		{"R2 root ref chain", `{"$ref":"#/$defs/A","$defs":{"A":{"$ref":"#/$defs/B"},"B":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}}`, closedA, ""},
		{"R2 cyclic root ref", `{"$ref":"#/$defs/A","$defs":{"A":{"$ref":"#/$defs/B"},"B":{"$ref":"#/$defs/A"}}}`, "", "cyclic root $ref"},
		{"R3 root array", `{"type":"array","items":{"type":"string"}}`, "", `must have type "object"`},
		{"R3 root string", `{"type":"string"}`, "", `must have type "object"`},
		{"R3 root without type is an implicit object", `{"properties":{}}`, `{"type":"object","properties":{},"required":[],"additionalProperties":false}`, ""},
		{"R4 root anyOf", `{"anyOf":[{"type":"object","properties":{}},{"type":"object","properties":{}}]}`, "", "must not be anyOf"},

		// Objects.
		{"O1 nested, items, anyOf, defs and type array closed", `{"type":"object","properties":{
			"n":{"type":"object","properties":{}},
			"l":{"type":"array","items":{"type":"object","properties":{}}},
			"u":{"anyOf":[{"type":"object","properties":{}},{"type":"null"}]},
			"t":{"type":["object","null"],"properties":{}},
			"r":{"$ref":"#/$defs/D"}},
			"required":["n","l","u","t","r"],"$defs":{"D":{"type":"object","properties":{}}}}`,
			`{"type":"object","properties":{"n":{"type":"object","properties":{},"required":[],"additionalProperties":false},` +
				`"l":{"type":"array","items":{"type":"object","properties":{},"required":[],"additionalProperties":false}},` +
				`"u":{"anyOf":[{"type":"object","properties":{},"required":[],"additionalProperties":false},{"type":"null"}]},` +
				`"t":{"type":["object","null"],"properties":{},"required":[],"additionalProperties":false},` +
				`"r":{"$ref":"#/$defs/D"}},"required":["n","l","u","t","r"],"additionalProperties":false,` +
				`"$defs":{"D":{"type":"object","properties":{},"required":[],"additionalProperties":false}}}`, ""},
		{"O2 additionalProperties true", `{"type":"object","properties":{},"additionalProperties":true}`, "", "additionalProperties must be false"},
		{"O3 map-style additionalProperties", `{"type":"object","properties":{"m":{"type":"object","additionalProperties":{"type":"integer"}}},"required":["m"]}`, "", "arbitrary keys"},
		{"O4 required in property order", `{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"string"}},"required":["a","b"]}`,
			`{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"string"}},"required":["b","a"],"additionalProperties":false}`, ""},
		{"O5 optional becomes nullable", `{"type":"object","properties":{"a":{"type":"string","description":"d"},"b":{"type":"integer"}},"required":["b"]}`,
			`{"type":"object","properties":{"a":{"description":"d","anyOf":[{"type":"string"},{"type":"null"}]},"b":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}`, ""},
		{"O6 no required at all", `{"type":"object","properties":{"a":{"type":["string","null"]}}}`,
			`{"type":"object","properties":{"a":{"type":["string","null"]}},"required":["a"],"additionalProperties":false}`, ""},
		{"O7 required not in properties", `{"type":"object","properties":{},"required":["x"]}`, "", `required property "x" is not in properties`},
		{"O8 empty object", `{"type":"object","properties":{"e":{"type":"object"}},"required":["e"]}`,
			`{"type":"object","properties":{"e":{"type":"object","properties":{},"required":[],"additionalProperties":false}},"required":["e"],"additionalProperties":false}`, ""},

		// Nullability.
		{"N2 oneOf null becomes anyOf", `{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},{"type":"null"}]}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"null"}]}},"required":["a"],"additionalProperties":false}`, ""},
		{"N3 nullable forms are not wrapped again", `{"type":"object","properties":{
			"t":{"type":["string","null"]},"c":{"const":null},"e":{"enum":["x",null]},"a":{"anyOf":[{"type":"integer"},{"type":"null"}]},
			"r":{"$ref":"#/$defs/N"}},"$defs":{"N":{"type":"null"}}}`,
			`{"type":"object","properties":{"t":{"type":["string","null"]},"c":{"const":null},"e":{"enum":["x",null]},` +
				`"a":{"anyOf":[{"type":"integer"},{"type":"null"}]},"r":{"$ref":"#/$defs/N"}},"required":["t","c","e","a","r"],"additionalProperties":false,"$defs":{"N":{"type":"null"}}}`, ""},
		{"N3 optional ref to non-nullable def", `{"type":"object","properties":{"r":{"$ref":"#/$defs/S"}},"$defs":{"S":{"type":"string"}}}`,
			`{"type":"object","properties":{"r":{"anyOf":[{"$ref":"#/$defs/S"},{"type":"null"}]}},"required":["r"],"additionalProperties":false,"$defs":{"S":{"type":"string"}}}`, ""},
		{"N3 optional anyOf without null gets a null branch", `{"type":"object","properties":{"u":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}`,
			`{"type":"object","properties":{"u":{"anyOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]}},"required":["u"],"additionalProperties":false}`, ""},
		{"N4 default null stripped", `{"type":"object","properties":{"a":{"type":["string","null"],"default":null}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"type":["string","null"]}},"required":["a"],"additionalProperties":false}`, ""},

		// References.
		{"F1 ref with description is inlined", `{"type":"object","properties":{"i":{"$ref":"#/$defs/In","description":"x"}},"required":["i"],"$defs":{"In":{"type":"object","properties":{"v":{"type":"integer"}},"required":["v"]}}}`,
			`{"type":"object","properties":{"i":{"type":"object","description":"x","properties":{"v":{"type":"integer"}},"required":["v"],"additionalProperties":false}},"required":["i"],"additionalProperties":false}`, ""},
		{"F1 recursive ref with description terminates", `{"type":"object","properties":{"next":{"$ref":"#/$defs/Node","description":"the next node"}},"required":["next"],
			"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node","description":"the next node"},"v":{"type":"string"}},"required":["next","v"]}}}`,
			`{"type":"object","properties":{"next":{"type":"object","description":"the next node","properties":{"next":{"$ref":"#/$defs/Node"},"v":{"type":"string"}},"required":["next","v"],"additionalProperties":false}},"required":["next"],"additionalProperties":false,` +
				`"$defs":{"Node":{"type":"object","description":"the next node","properties":{"next":{"$ref":"#/$defs/Node"},"v":{"type":"string"}},"required":["next","v"],"additionalProperties":false}}}`, ""},
		{"F2 root recursion via #", `{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#"}}},"required":["kids"]}`,
			`{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#"}}},"required":["kids"],"additionalProperties":false}`, ""},
		{"F3 dangling ref", `{"type":"object","properties":{"n":{"$ref":"#/$defs/Node"}},"required":["n"]}`, "", "does not resolve"},
		{"F4 external ref", `{"type":"object","properties":{"n":{"$ref":"https://example.com/s.json"}},"required":["n"]}`, "", "not local"},
		{"F4 pointer ref", `{"type":"object","properties":{"n":{"$ref":"#/properties/m"},"m":{"type":"string"}},"required":["n","m"]}`, "", "not supported"},
		{"F4 escaped def name", `{"type":"object","properties":{"n":{"$ref":"#/$defs/a~1b%20c"}},"required":["n"],"$defs":{"a/b c":{"type":"string"}}}`,
			`{"type":"object","properties":{"n":{"$ref":"#/$defs/a~1b%20c"}},"required":["n"],"additionalProperties":false,"$defs":{"a/b c":{"type":"string"}}}`, ""},
		{"F4 malformed escape", `{"type":"object","properties":{"n":{"$ref":"#/$defs/a~2"}},"required":["n"],"$defs":{"a~2":{"type":"string"}}}`, "", "malformed escape"},
		{"F5 definitions are strictified", `{"type":"object","properties":{"d":{"$ref":"#/definitions/D"}},"required":["d"],"definitions":{"D":{"type":"object","properties":{"x":{"type":"string"}}}}}`,
			`{"type":"object","properties":{"d":{"$ref":"#/$defs/D"}},"required":["d"],"additionalProperties":false,"$defs":{"D":{"type":"object","properties":{"x":{"anyOf":[{"type":"string"},{"type":"null"}]}},"required":["x"],"additionalProperties":false}}}`, ""},
		{"F unused defs removed", `{"type":"object","properties":{},"$defs":{"U":{"type":"string"}}}`,
			`{"type":"object","properties":{},"required":[],"additionalProperties":false}`, ""},

		// Composition.
		{"C1 single allOf merged", `{"type":"object","properties":{"a":{"allOf":[{"$ref":"#/$defs/S"}],"description":"d"}},"required":["a"],"$defs":{"S":{"type":"string","pattern":"^x"}}}`,
			`{"type":"object","properties":{"a":{"type":"string","description":"d","pattern":"^x"}},"required":["a"],"additionalProperties":false}`, ""},
		{"C2 allOf of objects merged", `{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"type":"object","properties":{"b":{"type":"integer"}},"required":["b"]}]}`,
			`{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}`, ""},
		{"C2 conflicting allOf", `{"allOf":[{"type":"object","properties":{"a":{"type":"string"}}},{"type":"object","properties":{"a":{"type":"integer"}}}]}`, "", "different schemas"},
		{"C3 oneOf becomes anyOf, discriminator dropped", `{"type":"object","properties":{"p":{"oneOf":[{"type":"string"},{"type":"integer"}],"discriminator":{"propertyName":"k"}}},"required":["p"]}`,
			`{"type":"object","properties":{"p":{"anyOf":[{"type":"string"},{"type":"integer"}]}},"required":["p"],"additionalProperties":false}`, ""},
		{"C4 false branches dropped", `{"type":"object","properties":{"p":{"anyOf":[false,{"type":"string"}]}},"required":["p"]}`,
			`{"type":"object","properties":{"p":{"anyOf":[{"type":"string"}]}},"required":["p"],"additionalProperties":false}`, ""},
		{"C4 only false branches", `{"type":"object","properties":{"p":{"anyOf":[false]}},"required":["p"]}`, "", "no branch"},
		{"C5 not", `{"type":"object","properties":{"p":{"type":"string","not":{"const":"x"}}},"required":["p"]}`, "", `unsupported keyword "not"`},
		{"C5 if", `{"type":"object","properties":{"p":{"type":"string","if":{},"then":{}}},"required":["p"]}`, "", `unsupported keyword "if"`},
		{"C5 patternProperties", `{"type":"object","properties":{},"patternProperties":{"^x":{"type":"string"}}}`, "", `unsupported keyword "patternProperties"`},
		{"C5 prefixItems", `{"type":"object","properties":{"p":{"type":"array","items":{"type":"string"},"prefixItems":[{"type":"string"}]}},"required":["p"]}`, "", `unsupported keyword "prefixItems"`},
		{"C5 tuple items", `{"type":"object","properties":{"p":{"type":"array","items":[{"type":"string"}]}},"required":["p"]}`, "", "tuple items"},
		{"C5 soft keywords move into the description", `{"type":"object","properties":{"p":{"type":"array","items":{"type":"string","minLength":2,"maxLength":5,"contentEncoding":"base64"},"uniqueItems":true}},"required":["p"]}`,
			`{"type":"object","properties":{"p":{"type":"array","description":"uniqueItems: true","items":{"type":"string","description":"minLength: 2; maxLength: 5; contentEncoding: base64"}}},"required":["p"],"additionalProperties":false}`, ""},
		{"C5 error names the path", `{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string","dependentRequired":{}}}}}}`, "", "/properties/a/properties/b"},

		// Leaves.
		{"L1 boolean schema", `{"type":"object","properties":{"a":true},"required":["a"]}`, "", "must be an object schema"},
		{"L2 untyped schema", `{"type":"object","properties":{"a":{}},"required":["a"]}`, "", "no type"},
		{"L3 array without items", `{"type":"object","properties":{"a":{"type":"array"}},"required":["a"]}`, "", "needs items"},
		{"L3 type union with array without items", `{"type":"object","properties":{"a":{"type":["array","null"]}},"required":["a"]}`, "", "needs items"},
		{"L4 fixed length arrays kept", `{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2}},"required":["a"],"additionalProperties":false}`, ""},
		{"L5 formats", `{"type":"object","properties":{"t":{"type":"string","format":"date-time"},"u":{"type":"string","format":"uri","description":"link"}},"required":["t","u"]}`,
			`{"type":"object","properties":{"t":{"type":"string","format":"date-time"},"u":{"type":"string","description":"link (format: uri)"}},"required":["t","u"],"additionalProperties":false}`, ""},
		{"L6 default stripped", `{"type":"object","properties":{"a":{"type":"string","default":"c"}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}`, ""},
		{"L7 large integer bounds keep their text", `{"type":"object","properties":{"a":{"type":"integer","minimum":-9007199254740993,"maximum":18446744073709551615}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"type":"integer","minimum":-9007199254740993,"maximum":18446744073709551615}},"required":["a"],"additionalProperties":false}`, ""},
		{"L8 singleton type array", `{"type":["object"],"properties":{"a":{"type":["string"]}},"required":["a"]}`, closedA, ""},

		// Other input errors.
		{"nested $id", `{"type":"object","properties":{"a":{"$id":"x","type":"string"}},"required":["a"]}`, "", "nested $id"},
		{"unknown keyword", `{"type":"object","properties":{"a":{"type":"string","x-extra":1}},"required":["a"]}`, "", `unsupported keyword "x-extra"`},
		{"unknown type", `{"type":"object","properties":{"a":{"type":"text"}},"required":["a"]}`, "", `unknown type "text"`},
		{"invalid JSON", `{"type":"object",`, "", "invalid JSON"},
		{"duplicate key", `{"type":"object","type":"object"}`, "", "duplicate key"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, err := FromJSON("t", []byte(tt.in))
			if tt.err != "" {
				if err == nil {
					t.Fatalf("FromJSON(%s) = %s, want an error containing %q", tt.in, s, tt.err)
				}
				if _, ok := err.(*SchemaError); !ok {
					t.Errorf("FromJSON error is %T, want *SchemaError", err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Errorf("FromJSON(%s) error = %v, want it to contain %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromJSON(%s) error = %v", tt.in, err)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("FromJSON(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			for _, p := range checkStrict([]byte(s.String())) {
				t.Errorf("strict rule broken: %s", p)
			}
			// M3: strictifying again changes nothing.
			again, err := FromJSON("t", []byte(s.String()))
			if err != nil || again.String() != s.String() {
				t.Errorf("FromJSON(FromJSON(x)) = %v, %v, want %s", again, err, s)
			}
		})
	}
}

// N1 and O5 for Go types: pointers and omitempty fields are nullable, and
// null decodes back to nil or zero.
func TestNullableRoundTrip(t *testing.T) {
	type T struct {
		P *Line  `json:"p"`
		O string `json:"o,omitempty"`
		V string `json:"v"`
	}
	s, err := For[T]()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"object","properties":{"p":{"anyOf":[{"$ref":"#/$defs/Line"},{"type":"null"}]},"o":{"anyOf":[{"type":"string"},{"type":"null"}]},"v":{"type":"string"}},"required":["p","o","v"],"additionalProperties":false,` +
		`"$defs":{"Line":{"type":"object","properties":{"product":{"type":"string","description":"Product name as printed"},"qty":{"type":"integer","minimum":1,"maximum":1000},"price":{"type":"number","exclusiveMinimum":0}},"required":["product","qty","price"],"additionalProperties":false}}}`
	if s.String() != want {
		t.Errorf("For = %s\nwant %s", s, want)
	}
	for _, v := range []T{{}, {P: &Line{Product: "x", Qty: 1, Price: 2}, O: "o", V: "v"}} {
		b, _ := json.Marshal(v)
		// encoding/json leaves out an empty omitempty field; the model
		// writes null instead.
		if v.O == "" {
			b = []byte(strings.Replace(string(b), `{`, `{"o":null,`, 1))
		}
		got, err := Decode[T](b)
		if err != nil {
			t.Fatalf("Decode(%s): %v", b, err)
		}
		if snapshot(&got) != snapshot(&v) {
			t.Errorf("Decode(%s) = %s, want %s", b, snapshot(&got), snapshot(&v))
		}
	}
}

// M2: the documented limits.
func TestLimits(t *testing.T) {
	props := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"type":"object","properties":{`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"p%d":{"type":"string"}`, i)
		}
		b.WriteString(`}}`)
		return b.String()
	}
	nested := func(n int) string {
		s := `{"type":"string"}`
		for range n {
			s = `{"type":"object","properties":{"x":` + s + `}}`
		}
		return s
	}
	enum := func(n, size int) string {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("%q", fmt.Sprintf("%0*d", size, i))
		}
		return `{"type":"object","properties":{"e":{"type":"string","enum":[` + strings.Join(vals, ",") + `]}}}`
	}
	longNames := `{"type":"object","properties":{"a":{"type":"object","properties":{` + strings.TrimSuffix(strings.Repeat(`"`+strings.Repeat("n", 40000)+`":{"type":"string"},`, 1), ",") +
		`,"` + strings.Repeat("m", 40000) + `":{"type":"string"},"` + strings.Repeat("o", 40001) + `":{"type":"string"}}}}}`
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"5000 properties", props(4999), true},
		{"5001 properties", props(5001), false},
		{"10 levels", nested(11), true},
		{"11 levels", nested(12), false},
		{"1000 enum values", enum(1000, 3), true},
		{"1001 enum values", enum(1001, 3), false},
		{"large enum under 15000 chars", enum(300, 50), true},
		{"large enum over 15000 chars", enum(300, 51), false},
		{"small enum over 15000 chars", enum(250, 70), true},
		{"120001 characters", longNames, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromJSON("t", []byte(tt.in))
			if tt.ok && err != nil {
				t.Errorf("FromJSON = %v, want no error", err)
			}
			if !tt.ok && !errors.Is(err, ErrLimit) {
				t.Errorf("FromJSON = %v, want an ErrLimit error", err)
			}
		})
	}
}

func TestRaw(t *testing.T) {
	s, err := Raw("free", []byte(`{"type":"object", "additionalProperties": true}`))
	if err != nil || s.Strict || s.String() != `{"type":"object","additionalProperties":true}` {
		t.Errorf("Raw = %v, %v", s, err)
	}
	if _, err := Raw("free", []byte(`[]`)); err == nil {
		t.Error("Raw([]) succeeded")
	}
	if _, err := Raw("bad name", []byte(`{}`)); err == nil {
		t.Error("Raw(bad name) succeeded")
	}
	if _, err := FromJSON("", []byte(`{}`)); err == nil {
		t.Error("FromJSON(empty name) succeeded")
	}
}
