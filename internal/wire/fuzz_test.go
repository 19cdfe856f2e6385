package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/tidwall/gjson"
)

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		`{"req":""}`,
		`{"n":0,"f":1.5,"b":false,"s":"x\n","p":1,"l":["a"],"m":{"k":"v"},"req":"r"}`,
		`{"shape":{"type":"circle","r":2},"shapes":[{"name":"x"},{"type":"hex"},"auto"],"parts":"hi","req":""}`,
		`{"child":{"child":{"req":"d"},"req":""},"raw":[1,{"a":null}],"zz":true,"req":""}`,
		`{"n":"wrong","l":[1],"req":"\ud83d\ude00"}`,
		`{"s":null,"l":[null],"m":{"k":null},"shape":{"type":"circle","r":null},"shapes":[null],"child":{"req":null},"req":""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var d doc
		if err := Unmarshal(in, &d); err != nil {
			var se *SyntaxError
			var te *TypeError
			if !errors.As(err, &se) && !errors.As(err, &te) {
				t.Fatalf("Unmarshal(%q) = %T %v, want *SyntaxError or *TypeError", in, err, err)
			}
			return
		}
		if !json.Valid(in) {
			t.Fatalf("Unmarshal accepted invalid JSON %q", in)
		}
		out, err := Marshal(&d)
		if err != nil {
			t.Fatalf("Marshal after Unmarshal(%q) = %v", in, err)
		}
		if !json.Valid(out) {
			t.Fatalf("Marshal wrote invalid JSON %q for %q", out, in)
		}
		var d2 doc
		if err := Unmarshal(out, &d2); err != nil {
			t.Fatalf("Unmarshal(Marshal(%q)) = %v", in, err)
		}
		out2, err := Marshal(&d2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("second round trip of %q: %s, want %s (%v)", in, out2, out, err)
		}
		// The check is skipped where a required member ("req" of doc, "r"
		// of circle), written even when absent, was added, or where
		// duplicate keys make "the same document" ambiguous.
		if sameCount(in, out, `"req"`, `"r"`) && !hasDuplicateKeys(gjson.ParseBytes(in)) {
			if diff := jsontest.Diff(in, out); diff != "" {
				t.Fatalf("round trip of %q = %q:\n%s", in, out, diff)
			}
		}
	})
}

// sameCount reports whether each of the strings occurs as often in a as in b.
func sameCount(a, b []byte, strs ...string) bool {
	for _, s := range strs {
		if bytes.Count(a, []byte(s)) != bytes.Count(b, []byte(s)) {
			return false
		}
	}
	return true
}

func hasDuplicateKeys(r gjson.Result) bool {
	dup := false
	if r.IsObject() {
		seen := map[string]bool{}
		r.ForEach(func(k, v gjson.Result) bool {
			if seen[k.String()] || hasDuplicateKeys(v) {
				dup = true
				return false
			}
			seen[k.String()] = true
			return true
		})
	} else if r.IsArray() {
		r.ForEach(func(_, v gjson.Result) bool {
			dup = hasDuplicateKeys(v)
			return !dup
		})
	}
	return dup
}
