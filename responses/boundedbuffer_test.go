package responses

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBoundedBuffer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		limit int
		in    string
		want  string
	}{
		{"short", 100, "hello", "hello"},
		{"exactly the limit", 10, "0123456789", "0123456789"},
		{"small limit keeps the start", 10, "0123456789abc", "0123456789\n…3 bytes dropped…\n"},
		{"start and end", 100, strings.Repeat("a", 30) + strings.Repeat("-", 1000) + strings.Repeat("z", 30),
			strings.Repeat("a", 30) + "\n…1000 bytes dropped…\n" + strings.Repeat("z", 30)},
		{"runes cut at both ends", 101, "a" + strings.Repeat("é", 100), "a" + strings.Repeat("é", 14) + "\n…140 bytes dropped…\n" + strings.Repeat("é", 15)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Any way of splitting the writes gives the same result.
			for _, size := range []int{1, 3, 7, 64, len(tt.in)} {
				b := newBoundedBuffer(tt.limit)
				for s := tt.in; len(s) > 0; {
					k := min(size, len(s))
					if n, err := b.Write([]byte(s[:k])); n != k || err != nil {
						t.Fatalf("Write = %d, %v", n, err)
					}
					s = s[k:]
				}
				got := b.String()
				if got != tt.want {
					t.Errorf("writes of %d bytes: String() = %q, want %q", size, got, tt.want)
				}
				if !utf8.ValidString(got) {
					t.Errorf("writes of %d bytes: invalid UTF-8 %q", size, got)
				}
			}
		})
	}
}
