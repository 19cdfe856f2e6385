package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// deepClone copies a value with nothing shared, keeping nil and empty
// slices apart.
func deepClone[T any](v T) T {
	return cloneValue(reflect.ValueOf(&v).Elem()).Interface().(T)
}

func cloneValue(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(cloneValue(v.Elem()))
			out.Set(p)
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				s.Index(i).Set(cloneValue(v.Index(i)))
			}
			out.Set(s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if out.Field(i).CanSet() {
				out.Field(i).Set(cloneValue(v.Field(i)))
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			out.Index(i).Set(cloneValue(v.Index(i)))
		}
	default:
		out.Set(v)
	}
	return out
}

// splits cuts s into random pieces (some empty) chosen by seed.
func splits(s string, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed>>7))
	var out []string
	for len(s) > 0 {
		n := min(r.IntN(9), len(s))
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

var fuzzSeeds = []string{
	``, ` `, `{`, `{"`, `{"name"`, `{"name":`, `{"name": "Al`, `{"name": "Alice", "age": 3`,
	`{"age": 1.5e`, `{"ok": t`, `{"v": nu`, `{"tags": ["a", "b`, `{"nums": [1, 2, 3`,
	`{"items": [{"id": 1}, {"id": 2`, `{"s": "line\`, `{"s": "a\u00`, `{"s": "x\ud83d`,
	`{"a": "b\"c`, `{"a": {"b": {"c": `, `["a", {"b": "`, `{"a": 1}  `, `{"a": 1} extra`,
	`{"a": "x"}{"b"`, `"partial str`, `12`, `{"a": tru, "b": 1`, `-0.5e+10`, `[[],[[]],{}]`,
	`{"s":"\ud83d\ude00\u00e9\n\t\\\/"}`, "{\"s\":\"\xff\xe2\x82\"}", `[1,,2]`, `{"a":01}`,
	invoiceJSON,
}

// Any JSON text, fed in random pieces: a valid document never fails on the
// way and ends as json.Unmarshal reads it; an invalid one fails somewhere.
func FuzzPartialJSON(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint64(i))
	}
	f.Fuzz(func(t *testing.T, doc string, seed uint64) {
		valid := json.Valid([]byte(doc))
		p := NewPartial[json.RawMessage]()
		var werr error
		for _, piece := range splits(doc, seed) {
			if _, err := p.Write(piece); err != nil {
				werr = err
				break
			}
		}
		got, ferr := p.Final()
		if valid {
			if werr != nil || ferr != nil {
				t.Fatalf("valid %q: Write error %v, Final error %v", doc, werr, ferr)
			}
			var want json.RawMessage
			if err := json.Unmarshal([]byte(doc), &want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Final(%q) = %s, want %s", doc, got, want)
			}
		} else if ferr == nil {
			t.Fatalf("invalid %q: Final succeeded with %s", doc, got)
		}
		if _, err := Decode[json.RawMessage]([]byte(doc)); (err == nil) != valid {
			t.Fatalf("Decode(%q) error = %v, json.Valid = %v", doc, err, valid)
		}
	})
}

type fuzzDoc struct {
	Name  string          `json:"name"`
	Age   int             `json:"age"`
	Score float64         `json:"score"`
	OK    bool            `json:"ok"`
	V     *string         `json:"v"`
	Kind  string          `json:"kind" jsonschema:"enum=a,enum=b"`
	Tags  []string        `json:"tags"`
	Items []pItem         `json:"items"`
	Next  *fuzzDoc        `json:"next,omitempty"`
	Pair  [2]int8         `json:"pair"`
	Bin   []byte          `json:"bin"`
	Raw   json.RawMessage `json:"raw"`
}

var fuzzDocSeeds = []string{
	`{"name":"a","age":1,"score":1.5,"ok":true,"v":null,"kind":"a","tags":["x"],"items":[{"id":1}],"next":null,"pair":[1,2],"bin":"aGk=","raw":[1,{"a":"b"}]}`,
	`{"name":"a\u00e9\ud83d\ude00","age":-1,"score":-0.5e3,"ok":false,"v":"s","kind":"b","tags":[],"items":[],"next":{"name":"n","age":0,"score":0,"ok":false,"v":null,"kind":"a","tags":[],"items":[],"next":null,"pair":[0,0],"bin":"","raw":null},"pair":[-128,127],"bin":"","raw":"x"}`,
	`{"name":"a","age":"x"}`, `{"name":"a","nope":1}`, `{"kind":"c"}`, `{"pair":[1,2,3]}`, `{"age":300000000000000000000}`,
}

// A typed document in random pieces: the partial decoder agrees with Decode
// on every document, reports changed exactly when the value changed, and
// never panics.
func FuzzPartialTyped(f *testing.F) {
	for i, s := range append(fuzzDocSeeds, fuzzSeeds...) {
		f.Add(s, uint64(i))
	}
	f.Fuzz(func(t *testing.T, doc string, seed uint64) {
		want, derr := Decode[fuzzDoc]([]byte(doc))
		p := NewPartial[fuzzDoc]()
		prev := deepClone(p.Value())
		var werr error
		for _, piece := range splits(doc, seed) {
			changed, err := p.Write(piece)
			if same := cmp.Equal(prev, p.Value()); changed == same {
				t.Fatalf("Write(%q) changed = %v, value %s -> %s", piece, changed, snapshot(prev), snapshot(p.Value()))
			}
			prev = deepClone(p.Value())
			if err != nil {
				werr = err
				break
			}
		}
		got, ferr := p.Final()
		if derr == nil {
			if werr != nil || ferr != nil {
				t.Fatalf("%q decodes, but Write error %v, Final error %v", doc, werr, ferr)
			}
			if snapshot(&got) != snapshot(&want) {
				t.Fatalf("Final(%q) = %s, Decode = %s", doc, snapshot(&got), snapshot(&want))
			}
			return
		}
		if ferr == nil {
			t.Fatalf("Decode(%q) = %v, but Final succeeded", doc, derr)
		}
		var a, b *DecodeError
		if errors.As(derr, &a) && errors.As(ferr, &b) && a.Path != b.Path {
			t.Fatalf("Decode(%q) error at %s, Partial error at %s (%v / %v)", doc, a.Path, b.Path, derr, ferr)
		}
	})
}

// Any input to FromJSON: no panic; a result is strict and stays the same
// when strictified again.
func FuzzFromJSON(f *testing.F) {
	f.Add(`{"type":"object","properties":{"a":{"type":"string"}}}`)
	f.Add(`{"$ref":"#/$defs/A","$defs":{"A":{"type":"object","properties":{"n":{"$ref":"#/$defs/A","description":"x"}}}}}`)
	f.Add(`{"allOf":[{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},{"type":"null"}]}}}]}`)
	f.Add(`{"type":"object","properties":{"a":{"type":"array","items":{"type":"string","minLength":1}}},"required":["a"]}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := FromJSON("f", []byte(in))
		if err != nil {
			return
		}
		for _, p := range checkStrict([]byte(s.String())) {
			t.Fatalf("FromJSON(%s) = %s breaks a rule: %s", in, s, p)
		}
		again, err := FromJSON("f", []byte(s.String()))
		if err != nil || again.String() != s.String() {
			t.Fatalf("FromJSON not idempotent on %s: %v, %v", s, again, err)
		}
	})
}
