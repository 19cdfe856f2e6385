package wire_test

import (
	"fmt"
	"testing"

	"github.com/respkit/respkit/internal/wire"
)

type fmtInner struct {
	N int `json:"n"`
	//lint:ignore U1000 the codec finds it by reflection
	meta wire.Meta
}

type fmtOuter struct {
	Name   string    `json:"name"`
	Inner  fmtInner  `json:"inner"`
	Ptr    *fmtInner `json:"ptr"`
	Nil    *fmtInner `json:"nil"`
	Any    any       `json:"any"`
	List   []string  `json:"list"`
	hidden string
	//lint:ignore U1000 the codec finds it by reflection
	meta wire.Meta
}

func (x fmtOuter) Format(f fmt.State, verb rune) { wire.Format(f, verb, &x) }

// TestFormat checks that Format prints what fmt prints for a struct, less
// its unexported fields, also inside fields whose struct has a Meta but no
// Format method.
func TestFormat(t *testing.T) {
	var x fmtOuter
	if err := wire.Unmarshal([]byte(`{"name":"a","inner":{"n":1,"k":2},"ptr":{"n":3},"list":["b"],"z":null}`), &x); err != nil {
		t.Fatal(err)
	}
	x.hidden = "h"
	tests := []struct{ format, want string }{
		{"%v", `{a {1} &{3} <nil> <nil> [b]}`},
		{"%+v", `{Name:a Inner:{N:1} Ptr:&{N:3} Nil:<nil> Any:<nil> List:[b]}`},
		{"%#v", `wire_test.fmtOuter{Name:"a", Inner:wire_test.fmtInner{N:1}, Ptr:&wire_test.fmtInner{N:3}, Nil:(*wire_test.fmtInner)(nil), Any:interface {}(nil), List:[]string{"b"}}`},
		{"%q", `{"a" {'\x01'} &{'\x03'} %!q(*wire_test.fmtInner=<nil>) <nil> ["b"]}`},
	}
	for _, tt := range tests {
		for _, v := range []any{x, &x} {
			if got := fmt.Sprintf(tt.format, v); got != tt.want {
				t.Errorf("Sprintf(%q, %T) = %s, want %s", tt.format, v, got, tt.want)
			}
		}
	}
}
