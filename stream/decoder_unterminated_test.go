package stream

import (
	"strings"
	"testing"
)

func TestUnterminated(t *testing.T) {
	tests := []struct {
		in   string
		want []bool // Unterminated after each event
	}{
		{"data: a\n\ndata: b\n\n", []bool{false, false}},
		{"data: a\n\ndata: b\n", []bool{false, true}},
		{"data: a\n\ndata: b", []bool{false, true}},
		{"data: a\r\n\r\n", []bool{false}},
	}
	for _, tt := range tests {
		d := NewDecoder(strings.NewReader(tt.in))
		var got []bool
		for {
			if _, err := d.Next(); err != nil {
				break
			}
			got = append(got, d.Unterminated())
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: %d events, want %d", tt.in, len(got), len(tt.want))
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: event %d Unterminated() = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}
