package elide

import (
	"testing"
	"unicode/utf8"
)

func TestMiddle(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 10, ""},
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijklmnopqrstuvwxyz", 11, "abcd…wxyz"},
		{"/properties/a/properties/b", 16, "/proper…ties/b"},
		// "é" and "😀" are not cut in half.
		{"ééééééééééé", 11, "éé…éé"},
		{"😀😀😀😀😀😀", 15, "😀…😀"},
		{"abcdef", 2, "…"},
	}
	for _, tt := range tests {
		got := Middle(tt.s, tt.n)
		if got != tt.want {
			t.Errorf("Middle(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if len(got) > max(tt.n, len(Mark)) || !utf8.ValidString(got) {
			t.Errorf("Middle(%q, %d) = %q: %d bytes or invalid UTF-8", tt.s, tt.n, got, len(got))
		}
	}
}

func FuzzMiddle(f *testing.F) {
	f.Add("ééééééééééé", 11)
	f.Add("😀😀😀😀😀😀", 15)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n % 1000
		if n < 0 {
			n = -n
		}
		got := Middle(s, n)
		if len(s) <= n {
			if got != s {
				t.Fatalf("Middle(%q, %d) = %q, want it unchanged", s, n, got)
			}
			return
		}
		if len(got) > max(n, len(Mark)) {
			t.Fatalf("Middle(%q, %d) = %q: %d bytes", s, n, got, len(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Middle(%q, %d) = %q: invalid UTF-8", s, n, got)
		}
	})
}
