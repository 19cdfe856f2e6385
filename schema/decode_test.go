package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const invoiceJSON = `{"number":"A1","issued":"2024-01-02T03:04:05Z","currency":"EUR",
"lines":[{"product":"Widget","qty":2,"price":1.5},{"product":"Gadget \"pro\" \u00e9\ud83d\ude00","qty":1,"price":10}],
"billing":{"street":"Main 1","city":"Berlin","country":"DE"},"shipping":null,"note":null,"paid":true}`

func wantInvoice() Invoice {
	return Invoice{
		Number:   "A1",
		Issued:   time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Currency: "EUR",
		Lines: []Line{
			{Product: "Widget", Qty: 2, Price: 1.5},
			{Product: "Gadget \"pro\" é😀", Qty: 1, Price: 10},
		},
		Billing: Address{Street: "Main 1", City: "Berlin", Country: "DE"},
		Paid:    true,
	}
}

func TestDecode(t *testing.T) {
	got, err := Decode[Invoice]([]byte(invoiceJSON))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if diff := cmp.Diff(wantInvoice(), got, cmp.AllowUnexported(Invoice{})); diff != "" {
		t.Errorf("Decode mismatch (-want +got):\n%s", diff)
	}
	if got.hidden != 0 || got.Internal != "" {
		t.Errorf("Decode set unexported or json:\"-\" fields: %+v", got)
	}
	// The same as encoding/json for a valid document.
	var std Invoice
	if err := json.Unmarshal([]byte(invoiceJSON), &std); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(std, got, cmp.AllowUnexported(Invoice{})); diff != "" {
		t.Errorf("Decode differs from encoding/json (-json +Decode):\n%s", diff)
	}
}

type decNullable struct {
	P  *int     `json:"p"`
	O  string   `json:"o,omitempty"`
	Z  Address  `json:"z,omitzero"`
	S  []string `json:"s,omitempty"`
	PP **string `json:"pp"`
}

func TestDecodeNull(t *testing.T) {
	got, err := Decode[decNullable]([]byte(`{"p":null,"o":null,"z":null,"s":null,"pp":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decNullable{}, got); diff != "" {
		t.Errorf("Decode(nulls) mismatch (-want +got):\n%s", diff)
	}
	got, err = Decode[decNullable]([]byte(`{"p":3,"o":"x","z":{"street":"a","city":"b","country":"c"},"s":[],"pp":"v"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got.P == nil || *got.P != 3 || got.O != "x" || got.Z.City != "b" || got.S == nil || got.PP == nil || **got.PP != "v" {
		t.Errorf("Decode(values) = %+v", got)
	}
}

type positive struct {
	N int `json:"n"`
}

var errNotPositive = errors.New("n must be positive")

func (p positive) Validate() error {
	if p.N <= 0 {
		return errNotPositive
	}
	return nil
}

type myErr struct{ msg string }

func (e *myErr) Error() string { return e.msg }

type validated struct {
	Items []positive `json:"items"`
	Ptr   *positive  `json:"ptr"`
	Total int        `json:"total"`
}

func (v *validated) Validate() error {
	sum := 0
	for _, it := range v.Items {
		sum += it.N
	}
	if sum != v.Total {
		return &myErr{fmt.Sprintf("total %d does not match %d", v.Total, sum)}
	}
	return nil
}

func TestDecodeValidate(t *testing.T) {
	tests := []struct {
		name, in, path string
		target         error
	}{
		{"ok", `{"items":[{"n":1},{"n":2}],"ptr":null,"total":3}`, "", nil},
		{"nested element", `{"items":[{"n":1},{"n":0}],"ptr":null,"total":1}`, "$.items[1]", errNotPositive},
		{"nested pointer", `{"items":[],"ptr":{"n":-1},"total":0}`, "$.ptr", errNotPositive},
		{"root", `{"items":[{"n":1}],"ptr":null,"total":5}`, "$", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Decode[validated]([]byte(tt.in))
			if tt.path == "" {
				if err != nil {
					t.Fatalf("Decode = %v, want no error", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Path != tt.path {
				t.Fatalf("Decode error = %v, want a DecodeError at %s", err, tt.path)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("Decode error = %v, want a ValidationError inside", err)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.target)
			}
			if tt.path == "$" {
				var me *myErr
				if !errors.As(err, &me) {
					t.Errorf("errors.As(%v, *myErr) = false", err)
				}
			}
			if len(v.Items) == 0 && tt.path != "$.ptr" {
				t.Errorf("Decode returned the zero value with a validation error, want the decoded value")
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, path, msg string
	}{
		{"wrong type", `{"product":"a","qty":"three","price":1}`, "$.qty", `expected integer, got string "three"`},
		{"float for int", `{"product":"a","qty":1.5,"price":1}`, "$.qty", "expected integer, got number 1.5"},
		{"number for string", `{"product":1,"qty":1,"price":1}`, "$.product", "expected string, got number 1"},
		{"null not nullable", `{"product":null,"qty":1,"price":1}`, "$.product", "expected string, got null"},
		{"unknown field", `{"product":"a","qty":1,"price":1,"x":2}`, "$", `unknown field "x"`},
		{"case differs", `{"Product":"a","qty":1,"price":1}`, "$", `unknown field "Product"`},
		{"missing field", `{"product":"a","qty":1}`, "$", `missing field "price"`},
		{"duplicate field", `{"product":"a","product":"b","qty":1,"price":1}`, "$", `duplicate field "product"`},
		{"trailing data", `{"product":"a","qty":1,"price":1} x`, "$", "invalid character 'x' after top-level value"},
		{"two values", `{"product":"a","qty":1,"price":1}{}`, "$", "invalid character '{' after top-level value"},
		{"truncated", `{"product":"a","qty":1,"pri`, "$", "unexpected end of JSON input: unexpected EOF"},
		{"truncated string", `{"product":"ab`, "$.product", "unexpected end of JSON input: unexpected EOF"},
		{"empty", ``, "$", "unexpected end of JSON input: unexpected EOF"},
		{"overflow", `{"product":"a","qty":99999999999999999999,"price":1}`, "$.qty", "number 99999999999999999999 overflows int"},
		{"bad escape", `{"product":"a\x","qty":1,"price":1}`, "$.product", `invalid character 'x' in string escape code`},
		{"control char", "{\"product\":\"a\nb\",\"qty\":1,\"price\":1}", "$.product", `invalid character '\n' in string literal`},
		{"leading zero", `{"product":"a","qty":01,"price":1}`, "$", "invalid character '1' after object key:value pair"},
		{"array for object", `[]`, "$", "expected object, got array"},
		{"trailing comma", `{"product":"a","qty":1,"price":1,}`, "$", "invalid character '}' looking for beginning of object key string"},
		{"not a literal at the root", `nope`, "$", "invalid character 'o' in literal null (expecting 'u')"},
		{"not a literal in a member", `{"product":nul}`, "$.product", "invalid character '}' in literal null (expecting 'l')"},
		{"a literal of the wrong kind", `{"product":true,"qty":1,"price":1}`, "$.product", "expected string, got boolean true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode[Line]([]byte(tt.in))
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%s) error = %v, want *DecodeError", tt.in, err)
			}
			if de.Path != tt.path || de.Err.Error() != tt.msg {
				t.Errorf("Decode(%s) = %s: %v, want %s: %s", tt.in, de.Path, de.Err, tt.path, tt.msg)
			}
			if de.Text != tt.in {
				t.Errorf("DecodeError.Text = %q, want the input", de.Text)
			}
			if want := "schema: decode Line: " + tt.path + ": " + tt.msg; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
	_, err := Decode[Line]([]byte(`{"product":"a`))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("errors.Is(truncated, io.ErrUnexpectedEOF) = false for %v", err)
	}
}

func TestDecodeErrorPaths(t *testing.T) {
	in := strings.Replace(invoiceJSON, `"qty":1,`, `"qty":"three",`, 1)
	_, err := Decode[Invoice]([]byte(in))
	want := `schema: decode Invoice: $.lines[1].qty: expected integer, got string "three"`
	if err == nil || err.Error() != want {
		t.Errorf("Decode error = %v, want %s", err, want)
	}
	in = strings.Replace(invoiceJSON, `"EUR"`, `"JPY"`, 1)
	_, err = Decode[Invoice]([]byte(in))
	want = `schema: decode Invoice: $.currency: expected one of "EUR", "USD", "GBP", got string "JPY"`
	if err == nil || err.Error() != want {
		t.Errorf("Decode error = %v, want %s", err, want)
	}
	_, err = Decode[Invoice]([]byte(strings.Replace(invoiceJSON, `"2024-01-02T03:04:05Z"`, `"yesterday"`, 1)))
	if de, ok := err.(*DecodeError); !ok || de.Path != "$.issued" {
		t.Errorf("Decode(bad time) error = %v, want one at $.issued", err)
	}
}

type scalarsDoc struct {
	B   bool            `json:"b"`
	I8  int8            `json:"i8"`
	U   uint            `json:"u"`
	F32 float32         `json:"f32"`
	N   json.Number     `json:"n"`
	Bin []byte          `json:"bin"`
	Arr [2]int          `json:"arr"`
	Raw json.RawMessage `json:"raw"`
	T   time.Time       `json:"t"`
	Txt textValue       `json:"txt"`
	E   Embedded        `json:"e"`
}

type textValue struct{ s string }

func (v *textValue) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	v.s = strings.ToUpper(string(b))
	return nil
}

func TestDecodeScalars(t *testing.T) {
	in := `{"b":false,"i8":-128,"u":7,"f32":1.25,"n":-1.5e3,"bin":"aGVsbG8=","arr":[1,2],
	"raw":{"any":[1,"x",null]},"t":"2024-05-06T07:08:09+02:00","txt":"abc","e":{"id":"i","created":"c","updated":"u","title":"t"}}`
	got, err := Decode[scalarsDoc]([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got.I8 != -128 || got.U != 7 || got.F32 != 1.25 || got.N != "-1.5e3" || string(got.Bin) != "hello" ||
		got.Arr != [2]int{1, 2} || string(got.Raw) != `{"any":[1,"x",null]}` || got.T.Hour() != 7 || got.Txt.s != "ABC" ||
		got.E.ID != "i" || got.E.Timestamps == nil || got.E.Updated != "u" {
		t.Errorf("Decode = %+v", got)
	}
	for _, bad := range []struct{ from, to, path string }{
		{`"i8":-128`, `"i8":-129`, "$.i8"},
		{`"u":7`, `"u":-7`, "$.u"},
		{`"arr":[1,2]`, `"arr":[1,2,3]`, "$.arr"},
		{`"arr":[1,2]`, `"arr":[1]`, "$.arr"},
		{`"bin":"aGVsbG8="`, `"bin":"!!"`, "$.bin"},
		{`"txt":"abc"`, `"txt":"bad"`, "$.txt"},
		{`"raw":{"any":[1,"x",null]}`, `"raw":{"any":[1,"x",nul]}`, "$.raw"},
	} {
		_, err := Decode[scalarsDoc]([]byte(strings.Replace(in, bad.from, bad.to, 1)))
		if de, ok := err.(*DecodeError); !ok || de.Path != bad.path {
			t.Errorf("Decode(%s) error = %v, want a DecodeError at %s", bad.to, err, bad.path)
		}
	}
}

func TestDecodeTypeErrors(t *testing.T) {
	if _, err := Decode[map[string]int]([]byte(`{}`)); err == nil {
		t.Error("Decode[map] succeeded, want a TypeError")
	} else if _, ok := err.(*TypeError); !ok {
		t.Errorf("Decode[map] error = %T, want *TypeError", err)
	}
	if _, err := Decode[struct{ A any }]([]byte(`{"A":1}`)); err == nil {
		t.Error("Decode[any field] succeeded, want a TypeError")
	}
}

// A value of a recursive type decodes, including deep nesting.
func TestDecodeRecursive(t *testing.T) {
	in := `{"label":"a","children":[{"label":"b","children":[],"parent":null}],"parent":{"label":"p","children":[],"parent":null}}`
	got, err := Decode[Tree]([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got.Children[0].Label != "b" || got.Parent.Label != "p" {
		t.Errorf("Decode = %+v", got)
	}
	deep := strings.Repeat(`{"label":"x","children":[],"parent":`, 2000) + "null" + strings.Repeat("}", 2000)
	if _, err := Decode[Tree]([]byte(deep)); err != nil {
		t.Errorf("Decode(deep) = %v", err)
	}
}
