package wire

import (
	"errors"
	"strings"
	"testing"
)

type strictItem struct {
	ID    string `json:"id,omitzero" wire:"strict"`
	Seq   int    `json:"seq,omitzero" wire:"strict"`
	Label string `json:"label,omitzero"`
	meta  Meta
}

type strictDoc struct {
	Items []strictItem           `json:"items,omitzero"`
	Byk   map[string]*strictItem `json:"byk,omitzero"`
	One   *strictItem            `json:"one,omitzero"`
	Shape shape                  `json:"shape,omitzero"`
	meta  Meta
}

var _ = []any{strictItem{}.meta, strictDoc{}.meta}

// TestStrictMembers checks that a member marked strict with a value of the
// wrong kind is an error that names its JSON path, while other members of
// the wrong kind are still kept raw.
func TestStrictMembers(t *testing.T) {
	tests := []struct {
		in   string
		path string // "" means no error
	}{
		{`{"items":[{"id":"a","seq":1},{"id":"b","seq":"two"}]}`, "items[1].seq"},
		{`{"items":[{"id":7}]}`, "items[0].id"},
		{`{"one":{"id":{"x":1}}}`, "one.id"},
		{`{"byk":{"k":{"seq":true}}}`, "byk.k.seq"},
		{`{"shape":{"type":3,"r":1}}`, "shape.type"},
		{`{"shape":{"r":1,"type":["circle"]}}`, "shape.type"},
		{`{"items":[{"id":"a","seq":1.5}]}`, "items[0].seq"},
		{`{"items":[{"id":null,"seq":null,"label":5}],"one":{"id":"x","label":[1]}}`, ""},
		{`{"shape":{"type":null,"name":"n"}}`, ""},
	}
	for _, tt := range tests {
		var d strictDoc
		err := Unmarshal([]byte(tt.in), &d)
		if tt.path == "" {
			if err != nil {
				t.Errorf("Unmarshal(%s) = %v, want nil", tt.in, err)
				continue
			}
			out, err := Marshal(&d)
			if err != nil || string(out) != tt.in {
				t.Errorf("round trip of %s = %s, %v", tt.in, out, err)
			}
			continue
		}
		pe, ok := errors.AsType[*PathError](err)
		if !ok {
			t.Errorf("Unmarshal(%s) = %v, want a *PathError", tt.in, err)
			continue
		}
		if pe.Path != tt.path {
			t.Errorf("Unmarshal(%s): Path = %q, want %q", tt.in, pe.Path, tt.path)
		}
		if !strings.Contains(err.Error(), tt.path) {
			t.Errorf("Unmarshal(%s) = %q, want the path %s in it", tt.in, err, tt.path)
		}
		if _, ok := errors.AsType[*TypeError](err); !ok {
			t.Errorf("Unmarshal(%s) = %v, does not wrap a *TypeError", tt.in, err)
		}
	}
}
