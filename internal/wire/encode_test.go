package wire

import (
	"runtime"
	"strings"
	"testing"
)

// escapingText returns about n bytes of text with what JSON escapes or
// writes in several bytes: quotes, backslashes, newlines, tabs, control
// characters, accented letters, CJK and emoji.
func escapingText(n int) string {
	const words = "He said \"yes\"\n\tC:\\dir\\file naïve café 東京の文章 🙂🚀 \x01 plain words here. "
	return strings.Repeat(words, n/len(words)+1)
}

// TestAppendStringAllocates checks that encoding a large string that needs
// escaping allocates about the size of its encoding once, not a series of
// doubling buffers.
func TestAppendStringAllocates(t *testing.T) {
	s := escapingText(1 << 20)
	v := &plain{A: s}
	out, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	const runs = 4
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		if _, err := Append(make([]byte, 0, 1<<10), v); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	perCall := float64(after.TotalAlloc-before.TotalAlloc) / runs
	if ratio := perCall / float64(len(out)); ratio > 1.2 {
		t.Errorf("encoding a %d-byte string allocated %.0f bytes per call, %.2f× its %d-byte encoding, want at most 1.2×", len(s), perCall, ratio, len(out))
	}
}

func TestEscapedLen(t *testing.T) {
	for _, s := range []string{
		"",
		"plain",
		"\"\\\n\r\t\b\f",
		"\x00\x01\x1f\x7f",
		"é東🙂",
		"\xff\xfe bad \xe6\x9d",
		"<&> \u2028\u2029",
		escapingText(300),
	} {
		if got, want := escapedLen(s), len(appendString(nil, s)); got != want {
			t.Errorf("escapedLen(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzEscapedLen(f *testing.F) {
	f.Add("a\"b\\c\n\x01é\xff🙂")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapedLen(s), len(appendString(nil, s)); got != want {
			t.Errorf("escapedLen(%q) = %d, want %d", s, got, want)
		}
	})
}
