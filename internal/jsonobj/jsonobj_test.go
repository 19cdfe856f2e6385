package jsonobj_test

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/respkit/respkit/internal/jsonobj"
)

func TestSet(t *testing.T) {
	tests := []struct {
		name, obj string
		set       []jsonobj.Member
		want      string
	}{
		{"added", `{"a":1}`, []jsonobj.Member{{"b", []byte(`"é😀"`)}}, `{"a":1,"b":"é😀"}`},
		{"replaced", `{"a":1,"b":2,"c":3}`, []jsonobj.Member{{"b", []byte(`[4]`)}}, `{"a":1,"c":3,"b":[4]}`},
		{"removed", `{"a":1,"b":2}`, []jsonobj.Member{{"a", nil}}, `{"b":2}`},
		{"all removed", `{"a":1}`, []jsonobj.Member{{"a", nil}}, `{}`},
		{"empty", ` { } `, []jsonobj.Member{{"x", []byte(`true`)}}, `{"x":true}`},
		{"escaped name", `{"we\"ird":1,"\u0061":2}`, []jsonobj.Member{{`we"ird`, nil}, {"a", []byte(`3`)}}, `{"a":3}`},
		{"nested kept", `{"o":{"a":1},"s":"x\ny"}`, []jsonobj.Member{{"a", []byte(`2`)}}, `{"o":{"a":1},"s":"x\ny","a":2}`},
		{"in order", `{}`, []jsonobj.Member{{"z", []byte(`1`)}, {"a", []byte(`2`)}}, `{"z":1,"a":2}`},
	}
	for _, tc := range tests {
		obj := []byte(tc.obj)
		if got := string(jsonobj.Set(obj, tc.set...)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		if string(obj) != tc.obj {
			t.Errorf("%s: the object was modified", tc.name)
		}
	}
}

// FuzzSet sets a member of any JSON object: the result is valid JSON with
// the member's value.
func FuzzSet(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":{"c":[1,2]}}`), "b")
	f.Add([]byte(`{}`), "")
	f.Fuzz(func(t *testing.T, obj []byte, name string) {
		var m map[string]json.RawMessage
		if json.Unmarshal(obj, &m) != nil || m == nil || !utf8.ValidString(name) {
			return // not an object, or a name JSON cannot spell
		}
		out := jsonobj.Set(obj, jsonobj.Member{Name: name, Value: []byte(`"set"`)})
		var got map[string]json.RawMessage
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if string(got[name]) != `"set"` {
			t.Fatalf("%s: member %q is %s", out, name, got[name])
		}
	})
}
