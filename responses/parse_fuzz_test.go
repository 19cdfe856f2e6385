package responses_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
)

// FuzzStreamParse streams a text cut at arbitrary places and checks that
// StreamParse ends as Decode does, with a partial value only when it changed
// and never an enum prefix.
func FuzzStreamParse(f *testing.F) {
	for _, s := range []string{invoiceText, badQty, wrongType, invoiceText[:50], `{"number":"A","status":"draft","lines":[],"total":1e3,"note":"x\u00e9\n"}`, " ", `{"status":"paidx"}`} {
		f.Add(s, []byte{3, 7, 1, 20})
	}
	f.Fuzz(func(t *testing.T, text string, cuts []byte) {
		var deltas []string
		rest := text
		for _, c := range cuts {
			if rest == "" {
				break
			}
			n := min(int(c)%16+1, len(rest))
			deltas, rest = append(deltas, rest[:n]), rest[n:]
		}
		if rest != "" {
			deltas = append(deltas, rest)
		}
		var reqs []*responses.Request
		c := collectParsed(t, responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, textStream(deltas, nil)), &responses.Request{Model: "m"}))
		for i, p := range c.partials {
			if i > 0 && p == c.partials[i-1] {
				t.Errorf("partial %d = %s, the same as the one before", i, p)
			}
			var v invoice
			if err := json.Unmarshal([]byte(p), &v); err != nil {
				t.Fatal(err)
			}
			if v.Status != "" && v.Status != "draft" && v.Status != "paid" {
				t.Errorf("partial %d has status %q, not a member of the enum", i, v.Status)
			}
		}
		want, werr := schema.Decode[invoice]([]byte(text))
		switch {
		case werr == nil:
			if c.err != nil || c.final == nil || !cmp.Equal(*c.final.Value, want) {
				t.Fatalf("StreamParse(%q) = %+v, %v; want %+v", text, c.final, c.err, want)
			}
		default:
			if c.err == nil {
				t.Fatalf("StreamParse(%q) error = nil, want %v", text, werr)
			}
			wde, ok := errors.AsType[*schema.DecodeError](werr)
			gde, gok := errors.AsType[*schema.DecodeError](c.err)
			if ok != gok || ok && (wde.Path != gde.Path || wde.Err.Error() != gde.Err.Error()) {
				t.Fatalf("StreamParse(%q) error = %v, want %v", text, c.err, werr)
			}
		}
	})
}
