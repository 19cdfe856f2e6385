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
		{"within the limit, past the room of head and tail", 90, strings.Repeat("0", 90), strings.Repeat("0", 90)},
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

// FuzzBoundedBuffer checks the buffer's promises on any output, written in
// any pieces: it keeps everything up to its limit, and otherwise the start
// and the end with a note, as valid UTF-8 of at most limit characters (the
// note comes on top of a limit too small to hold it).
func FuzzBoundedBuffer(f *testing.F) {
	f.Add("hello, world", uint8(5), uint8(100))
	f.Add(strings.Repeat("é€😀", 50), uint8(7), uint8(90))
	f.Add(strings.Repeat("x", 1000), uint8(1), uint8(10))
	f.Fuzz(func(t *testing.T, in string, piece, limit uint8) {
		size := max(int(piece), 1)
		b := newBoundedBuffer(int(limit))
		for s := in; len(s) > 0; {
			k := min(size, len(s))
			b.Write([]byte(s[:k]))
			s = s[k:]
		}
		got := b.String()
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8: %q", got)
		}
		if len(in) <= int(limit) {
			if want := strings.ToValidUTF8(in, "\uFFFD"); got != want {
				t.Fatalf("String() = %q, want all of %q", got, want)
			}
			return
		}
		bound := int(limit)
		if bound <= 80 {
			bound += 40
		}
		if n := utf8.RuneCountInString(got); n > bound {
			t.Fatalf("kept %d characters, limit %d: %q", n, limit, got)
		}
		if !strings.Contains(got, " bytes dropped…\n") {
			t.Fatalf("no note on the dropped bytes: %q", got)
		}
	})
}
