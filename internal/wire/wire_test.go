package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/tidwall/gjson"
)

type shape interface{ isShape() }

type circle struct {
	R    float64 `json:"r"`
	meta Meta
}

type square struct {
	Side int `json:"side,omitzero"`
	meta Meta
}

// named has a field for the discriminator, so it serves several kinds and
// objects with no "type" at all.
type named struct {
	Type string `json:"type,omitzero"`
	Name string `json:"name,omitzero"`
	meta Meta
}

type unknownShape struct {
	Type string
	Raw  json.RawMessage
}

func (u *unknownShape) UnmarshalJSON(b []byte) error {
	u.Raw = append(json.RawMessage(nil), b...)
	u.Type = gjson.GetBytes(b, "type").String()
	return nil
}

func (u unknownShape) MarshalJSON() ([]byte, error) { return u.Raw, nil }

type mode string

func (*circle) isShape()       {}
func (*square) isShape()       {}
func (*named) isShape()        {}
func (*unknownShape) isShape() {}
func (mode) isShape()          {}

type parts []shape

type doc struct {
	N      int               `json:"n,omitzero"`
	F      float64           `json:"f,omitzero"`
	B      bool              `json:"b,omitzero"`
	S      string            `json:"s,omitzero"`
	P      *int              `json:"p,omitzero"`
	L      []string          `json:"l,omitzero"`
	M      map[string]string `json:"m,omitzero"`
	Shape  shape             `json:"shape,omitzero"`
	Shapes []shape           `json:"shapes,omitzero"`
	Raw    json.RawMessage   `json:"raw,omitzero"`
	Req    string            `json:"req"`
	Child  *doc              `json:"child,omitzero"`
	Parts  parts             `json:"parts,omitzero"`
	U      uint8             `json:"u,omitzero"`
	meta   Meta
}

// plain has no Meta: it behaves like encoding/json.
type plain struct {
	A string  `json:"a,omitzero"`
	B []int   `json:"b,omitzero"`
	C float64 `json:"c"`
}

func init() {
	RegisterUnion[shape](Union{
		Key:     "type",
		Types:   []Variant{{"circle", (*circle)(nil)}, {"square", (*square)(nil)}, {"named", (*named)(nil)}, {"label", (*named)(nil)}},
		Missing: (*named)(nil),
		Unknown: (*unknownShape)(nil),
		String:  func(s string) any { return mode(s) },
	})
	RegisterStringForm[parts](StringForm{
		FromString: func(s string) any { return &named{Name: s} },
		ToString: func(e any) (string, bool) {
			n, ok := e.(*named)
			return n.Name, ok && n.Type == ""
		},
	})
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // "" means the input itself
	}{
		{name: "empty", in: `{"req":""}`},
		{name: "explicit zeros stay", in: `{"n":0,"f":0,"b":false,"s":"","l":[],"m":{},"shapes":[],"req":""}`},
		{name: "values", in: `{"n":-12,"f":1.5,"b":true,"s":"x","p":0,"l":["a","b"],"m":{"k":"v"},"req":"r","u":255}`},
		{name: "float spelling", in: `{"f":1.0,"req":""}`},
		{name: "big float", in: `{"f":1e300,"req":""}`},
		{name: "tiny float", in: `{"f":1.5e-9,"req":""}`},
		{name: "integer written as float", in: `{"n":3.0,"req":""}`},
		{name: "nulls kept", in: `{"n":null,"f":null,"b":null,"s":null,"p":null,"l":null,"m":null,"shape":null,"shapes":null,"raw":null,"req":null,"child":null,"parts":null,"u":null}`},
		{name: "nulls in unions and lists", in: `{"shape":{"type":"circle","r":null},"shapes":[null,{"type":"square","side":null}],"req":""}`},
		{name: "null in a list of strings kept raw", in: `{"l":["a",null],"m":{"k":null},"req":""}`},
		{name: "required member added", in: `{}`, want: `{"req":""}`},
		{name: "unknown members kept", in: `{"zz":{"a":[1,2,{"b":null}]},"req":"","new":true}`},
		{name: "wrong kind kept raw", in: `{"n":"twelve","s":42,"l":"x","shape":5,"req":""}`},
		{name: "wrong kind in list kept raw", in: `{"l":["a",1],"req":""}`},
		{name: "overflow kept raw", in: `{"u":256,"n":1e40,"req":""}`},
		{name: "union members", in: `{"shape":{"type":"circle","r":2},"shapes":[{"type":"square","side":3},{"r":1,"type":"circle"},{"name":"n"},{"type":"label","name":"l"}],"req":""}`},
		{name: "union zero member", in: `{"shapes":[{"type":"square"},{"type":"square","side":0}],"req":""}`},
		{name: "union unknown kind", in: `{"shape":{"type":"triangle","sides":[3,4,5]},"req":""}`},
		{name: "union string member", in: `{"shape":"auto","req":""}`},
		{name: "union extra members", in: `{"shape":{"type":"circle","r":1,"color":"red"},"req":""}`},
		{name: "union escaped discriminator", in: `{"shape":{"r":1,"type":"circl\u0065"},"req":""}`},
		{name: "string form", in: `{"parts":"hello","req":""}`},
		{name: "list form", in: `{"parts":[{"name":"hello"}],"req":""}`},
		{name: "recursion", in: `{"child":{"child":{"n":1,"req":"deep"},"req":""},"req":""}`},
		{name: "raw", in: `{"raw":{"any":["thing",1.5e3]},"req":""}`},
		{name: "escapes", in: `{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u2028","req":"\u0000"}`},
		{name: "lone surrogate", in: `{"s":"\ud800x","req":""}`, want: `{"s":"\ufffdx","req":""}`},
		{name: "white space", in: " {\n\t\"n\" : 1 ,\r\n \"req\" : \"\" } "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			if err := Unmarshal([]byte(tt.in), &d); err != nil {
				t.Fatalf("Unmarshal(%s) = %v", tt.in, err)
			}
			out, err := Marshal(&d)
			if err != nil {
				t.Fatalf("Marshal = %v", err)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if diff := jsontest.Diff([]byte(want), out); diff != "" {
				t.Errorf("round trip of %s = %s:\n%s", tt.in, out, diff)
			}
			// The value-receiver path (a copy) gives the same bytes.
			out2, err := Marshal(d)
			if err != nil || string(out2) != string(out) {
				t.Errorf("Marshal(value) = %s, %v; want %s", out2, err, out)
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	in := `{"n":7,"p":3,"shape":{"type":"circle","r":2.5},"shapes":[{"name":"x"},{"type":"hexagon","n":6},"manual"],"parts":"hi","req":"ok"}`
	var d doc
	if err := Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if d.N != 7 || d.P == nil || *d.P != 3 || d.Req != "ok" {
		t.Errorf("scalars = %d, %v, %q", d.N, d.P, d.Req)
	}
	if c, ok := d.Shape.(*circle); !ok || c.R != 2.5 {
		t.Errorf("Shape = %#v, want *circle{R: 2.5}", d.Shape)
	}
	if n, ok := d.Shapes[0].(*named); !ok || n.Name != "x" || n.Type != "" {
		t.Errorf("Shapes[0] = %#v, want *named{Name: x}", d.Shapes[0])
	}
	if u, ok := d.Shapes[1].(*unknownShape); !ok || u.Type != "hexagon" || string(u.Raw) != `{"type":"hexagon","n":6}` {
		t.Errorf("Shapes[1] = %#v, want *unknownShape hexagon", d.Shapes[1])
	}
	if m, ok := d.Shapes[2].(mode); !ok || m != "manual" {
		t.Errorf("Shapes[2] = %#v, want mode(manual)", d.Shapes[2])
	}
	if len(d.Parts) != 1 || !IsStringForm(d.Parts[0]) || d.Parts[0].(*named).Name != "hi" {
		t.Errorf("Parts = %#v, want one string-form part", d.Parts)
	}
	if !Present(&d, "n") || Present(&d, "s") {
		t.Errorf("Present(n), Present(s) = %v, %v; want true, false", Present(&d, "n"), Present(&d, "s"))
	}
}

func TestEncodeBuiltValues(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"zero", &doc{}, `{"req":""}`},
		{"union members get their discriminator", &doc{Shapes: []shape{&circle{}, &square{Side: 2}, &named{Name: "n"}, &named{Type: "label"}, mode("auto")}},
			`{"shapes":[{"type":"circle","r":0},{"type":"square","side":2},{"name":"n"},{"type":"label"},"auto"],"req":""}`},
		{"nil union and elements", &doc{Shapes: []shape{nil, (*circle)(nil)}}, `{"shapes":[null,null],"req":""}`},
		{"empty non-nil slice is written", &doc{L: []string{}}, `{"l":[],"req":""}`},
		{"marked string form", &doc{Parts: parts{func() shape { n := &named{Name: "s"}; SetStringForm(n); return n }()}}, `{"req":"","parts":"s"}`},
		{"unmarked list form", &doc{Parts: parts{&named{Name: "s"}}}, `{"req":"","parts":[{"name":"s"}]}`},
		{"map keys sorted", &doc{M: map[string]string{"b": "2", "a": "1"}}, `{"m":{"a":"1","b":"2"},"req":""}`},
		{"string escaping", &doc{S: "<&>\"\\\n\x01\xff", Req: "é"}, "{\"s\":\"<&>\\\"\\\\\\n\\u0001\uFFFD\",\"req\":\"é\"}"},
		{"floats like encoding/json", &plain{C: 1e21}, `{"c":1e+21}`},
		{"small float", &plain{C: 0.000001}, `{"c":0.000001}`},
		{"smaller float", &plain{C: 1e-7}, `{"c":1e-7}`},
		{"plain", plain{A: "a", B: []int{1}}, `{"a":"a","b":[1],"c":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMarshalUnsupported(t *testing.T) {
	var inf = 1.0
	inf /= 0
	if _, err := Marshal(&plain{C: inf}); err == nil {
		t.Error("Marshal(+Inf) = nil error, want an error")
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
	}{
		{``, 0},
		{`{`, 1},
		{`{"req"`, 6},
		{`{"req":}`, 7},
		{`{"req":"x",}`, 11},
		{`{"req":"x"`, 10},
		{`{"req":"x"]`, 10},
		{`{"n":01,"req":""}`, 6},
		{`{"n":1.,"req":""}`, 7},
		{`{"n":-,"req":""}`, 6},
		{`{"n":1e,"req":""}`, 7},
		{`{"s":"a` + "\n" + `","req":""}`, 7},
		{`{"s":"\x","req":""}`, 6},
		{`{"s":"\u12","req":""}`, 6},
		{`{"l":[1 2],"req":""}`, 8},
		{`{"zz":[tru],"req":""}`, 7},
		{`{"req":""} x`, 11},
		{`{"req":""}{}`, 10},
		{`{"shape":{"type":"circle","r":}}`, 30},
		{`{"shape":{"type":"triangle",}}`, 28},
		{`[`, 1},
		{`{"m":{"a":}}`, 10},
		{`{1:2}`, 1},
	}
	for _, tt := range tests {
		var d doc
		err := Unmarshal([]byte(tt.in), &d)
		var se *SyntaxError
		switch {
		case errors.As(err, &se):
			if se.Offset != tt.offset {
				t.Errorf("Unmarshal(%q) = %v, want offset %d", tt.in, err, tt.offset)
			}
		default:
			t.Errorf("Unmarshal(%q) = %v, want a *SyntaxError", tt.in, err)
		}
		if json.Valid([]byte(tt.in)) {
			t.Errorf("test input %q is valid JSON", tt.in)
		}
	}
}

func TestTopLevelTypeError(t *testing.T) {
	var s []string
	err := Unmarshal([]byte(`{"a":1}`), &s)
	var te *TypeError
	if !errors.As(err, &te) || te.JSON != "object" {
		t.Fatalf("Unmarshal(object into []string) = %v, want *TypeError for an object", err)
	}
	if !strings.Contains(err.Error(), "[]string") {
		t.Errorf("error %q does not name the Go type", err)
	}
}

func TestDepthLimit(t *testing.T) {
	in := `{"zz":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `,"req":""}`
	var d doc
	if err := Unmarshal([]byte(in), &d); err == nil || !strings.Contains(err.Error(), "depth") {
		t.Errorf("Unmarshal(deep) = %v, want a depth error", err)
	}
}

// TestLikeEncodingJSON decodes plain structs and checks the result against
// encoding/json.
func TestLikeEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"a":"x","b":[1,2,3],"c":2.5}`,
		`{"a":"\u00e9\n","b":[],"c":-0}`,
		`{"a":null,"b":null,"c":1e2}`,
		`{"unknown":{"deep":[1,{"x":"y"}]},"c":3}`,
	} {
		var got, want plain
		if err := Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("Unmarshal(%s) = %v", in, err)
		}
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("Unmarshal(%s) = %s, encoding/json gives %s", in, g, w)
		}
	}
}

func TestAliasAndDecoder(t *testing.T) {
	in := []byte(`{"s":"shared","l":["a\n"],"req":"r"}`)
	var a doc
	if err := UnmarshalAlias(in, &a); err != nil {
		t.Fatal(err)
	}
	var dec Decoder
	var b doc
	buf := append([]byte(nil), in...)
	if err := dec.Unmarshal(buf, &b); err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 'x' // a Decoder copies: reusing the buffer must not change b
	}
	if b.S != "shared" || b.L[0] != "a\n" || b.Req != "r" {
		t.Errorf("after reusing the buffer: %q %q %q", b.S, b.L, b.Req)
	}
	if a.S != "shared" || a.L[0] != "a\n" {
		t.Errorf("UnmarshalAlias gave %q %q", a.S, a.L)
	}
}

type conv struct {
	ID   string `json:"id,omitzero"`
	meta Meta
}

type holder struct {
	Conv  *conv           `json:"conv,omitzero"`
	Convs []conv          `json:"convs,omitzero"`
	Must  []string        `json:"must"`
	Raw   json.RawMessage `json:"raw"`
	meta  Meta
}

func init() {
	RegisterStringForm[conv](StringForm{
		FromString: func(s string) any { return &conv{ID: s} },
		ToString:   func(p any) (string, bool) { return p.(*conv).ID, true },
	})
}

func TestStructStringForm(t *testing.T) {
	for _, in := range []string{
		`{"conv":"c1","must":[],"raw":null}`,
		`{"conv":{"id":"c1"},"convs":["a",{"id":"b"}],"must":["x"],"raw":{"k":1}}`,
	} {
		var h holder
		if err := Unmarshal([]byte(in), &h); err != nil {
			t.Fatal(err)
		}
		if h.Conv == nil || h.Conv.ID != "c1" {
			t.Errorf("Unmarshal(%s).Conv = %#v, want id c1", in, h.Conv)
		}
		out, err := Marshal(&h)
		if err != nil {
			t.Fatal(err)
		}
		if diff := jsontest.Diff([]byte(in), out); diff != "" {
			t.Errorf("round trip of %s = %s:\n%s", in, out, diff)
		}
	}
	out, err := Marshal(&holder{Conv: &conv{ID: "built"}})
	if want := `{"conv":{"id":"built"},"must":[],"raw":null}`; err != nil || string(out) != want {
		t.Errorf("Marshal(built) = %s, %v; want %s", out, err, want)
	}
}

// The codec reads meta by reflection; this shows static analysis it is used.
var _ = []any{circle{}.meta, square{}.meta, named{}.meta, doc{}.meta, conv{}.meta, holder{}.meta}

func TestDuplicateMembers(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"s":"a","s":null,"req":""}`, `{"s":null,"req":""}`},
		{`{"s":null,"s":"a","req":""}`, `{"s":"a","req":""}`},
		{`{"s":null,"s":1,"req":""}`, `{"req":"","s":1}`},
		{`{"s":1,"s":null,"req":""}`, `{"s":null,"req":""}`},
		{`{"s":"a","s":1,"req":""}`, `{"req":"","s":1}`},
		{`{"s":[],"s":"","req":""}`, `{"s":"","req":""}`},
		{`{"s":1,"zz":2,"s":"a","req":""}`, `{"s":"a","req":"","zz":2}`},
	}
	for _, tt := range tests {
		var d doc
		if err := Unmarshal([]byte(tt.in), &d); err != nil {
			t.Fatal(err)
		}
		got, err := Marshal(&d)
		if err != nil || string(got) != tt.want {
			t.Errorf("round trip of %s = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// plainRunRef is plainRun one byte at a time.
func plainRunRef(data []byte, i int) int {
	for i < len(data) && !stringSpecial[data[i]] {
		i++
	}
	return i
}

func TestPlainRun(t *testing.T) {
	// Every byte at every position of a word, after every filler byte,
	// and a second special byte after it.
	for _, fill := range []byte{'a', ' ', '!', '#', '[', ']', 0x7f, 0x80, 0xa0, 0xdf, 0xff} {
		for b := range 256 {
			for pos := range 8 {
				for _, next := range []byte{'"', '\\', 0x00, 0x1f, fill} {
					w := bytes.Repeat([]byte{fill}, 11)
					w[pos] = byte(b)
					w[min(pos+1, 7)] = next
					for start := range 3 {
						if got, want := plainRun(w, start), plainRunRef(w, start); got != want {
							t.Fatalf("plainRun(%q, %d) = %d, want %d", w, start, got, want)
						}
					}
				}
			}
		}
	}
}

func FuzzPlainRun(f *testing.F) {
	f.Add([]byte(`abcdefgh"ij`), 0)
	f.Add([]byte("\x80\xff\x1f\"\\"), 1)
	f.Fuzz(func(t *testing.T, data []byte, start int) {
		if start < 0 || start > len(data) {
			return
		}
		if got, want := plainRun(data, start), plainRunRef(data, start); got != want {
			t.Fatalf("plainRun(%q, %d) = %d, want %d", data, start, got, want)
		}
	})
}

func TestScanInt(t *testing.T) {
	tests := []struct {
		in   string
		n    int64
		end  int
		fast bool
	}{
		{"0", 0, 1, true},
		{"42,", 42, 2, true},
		{"-7}", -7, 2, true},
		{"-0", 0, 2, true},
		{"123456789012345678", 123456789012345678, 18, true},
		{"1234567890123456789", 0, 0, false}, // may overflow
		{"01", 0, 0, false},
		{"1.5", 0, 0, false},
		{"1e3", 0, 0, false},
		{"1E3", 0, 0, false},
		{"-", 0, 0, false},
		{"", 0, 0, false},
		{"x", 0, 0, false},
	}
	for _, tt := range tests {
		n, end, ok := scanInt([]byte(tt.in), 0)
		if n != tt.n || end != tt.end || ok != tt.fast {
			t.Errorf("scanInt(%q) = %d, %d, %v; want %d, %d, %v", tt.in, n, end, ok, tt.n, tt.end, tt.fast)
		}
	}
}

func TestHasKey(t *testing.T) {
	data := []byte(`{"type":"x","sequence_number":1,"a":2,"content_index":0,"output_index":1}`)
	for _, key := range []string{`"type":`, `"sequence_number":`, `"a":`, `"content_index":`, `"output_index":`, `"typ":`, `"sequence_numbex":`, `"output_index":1}x`} {
		for i := range len(data) + 1 {
			if got, want := hasKey(data, i, []byte(key)), bytes.HasPrefix(data[i:], []byte(key)); got != want {
				t.Errorf("hasKey(data, %d, %s) = %v, want %v", i, key, got, want)
			}
		}
	}
}

func FuzzHasKey(f *testing.F) {
	f.Add([]byte(`"sequence_number":1`), []byte(`"sequence_number":`), 0)
	f.Fuzz(func(t *testing.T, data, key []byte, i int) {
		if i < 0 || i > len(data) {
			return
		}
		if got, want := hasKey(data, i, key), bytes.HasPrefix(data[i:], key); got != want {
			t.Fatalf("hasKey(%q, %d, %q) = %v, want %v", data, i, key, got, want)
		}
	})
}

// TestMetaSize guards the size of Meta, which every decoded struct pays.
func TestMetaSize(t *testing.T) {
	if n, want := unsafe.Sizeof(Meta{}), 8+unsafe.Sizeof(uintptr(0)); n != want {
		t.Errorf("Meta is %d bytes, want %d", n, want)
	}
}

// TestDiscriminator decodes unions whose discriminator is not where the
// fast path looks for it.
func TestDiscriminator(t *testing.T) {
	tests := []struct {
		in   string
		want string // the variant's Go type
	}{
		{`{"type":"circle","r":1}`, "*wire.circle"},
		{`{ "type" : "circle", "r":1}`, "*wire.circle"},
		{`{"r":1,"type":"circle"}`, "*wire.circle"},
		{`{"n":{"type":"square"},"l":[{"type":"square"}],"type":"circle"}`, "*wire.circle"},
		{`{"type":"circ\u006ce","r":1}`, "*wire.circle"},
		{`{"typ\u0065":"circle","r":1}`, "*wire.circle"},
		{`{"type":"circle","type":"square"}`, "*wire.circle"},        // the first decides
		{`{"n":{"type":"circle"},"name":"x"}`, "*wire.named"},        // nested: none at the top
		{`{"type":"hexagon","type":"circle"}`, "*wire.unknownShape"}, // unknown kind
	}
	for _, tt := range tests {
		var s shape
		err := Unmarshal([]byte(tt.in), &s)
		if got := fmt.Sprintf("%T", s); err != nil || got != tt.want {
			t.Errorf("Unmarshal(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// TestIntRange decodes an integer too large for a 32-bit int: the fast
// paths must leave it to the general one, which keeps it raw there.
func TestIntRange(t *testing.T) {
	const in = `{"n":3000000000,"req":""}`
	var d doc
	if err := Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	want := int64(3000000000)
	if strconv.IntSize == 32 {
		want = 0 // kept raw, not wrapped
	}
	if int64(d.N) != want {
		t.Errorf("N = %d, want %d", d.N, want)
	}
	out, err := Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	if diff := jsontest.Diff([]byte(in), out); diff != "" {
		t.Errorf("round trip:\n%s", diff)
	}
}
