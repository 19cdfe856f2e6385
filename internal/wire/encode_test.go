package wire

import (
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
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
		if got, want := escapedLen(s, new(utf8Scan)), len(appendString(nil, s)); got != want {
			t.Errorf("escapedLen(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzEscapedLen(f *testing.F) {
	f.Add("a\"b\\c\n\x01é\xff🙂")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapedLen(s, new(utf8Scan)), len(appendString(nil, s)); got != want {
			t.Errorf("escapedLen(%q) = %d, want %d", s, got, want)
		}
	})
}

// refAppendString is appendString written plainly, a byte or a rune at a
// time, for the fuzz test to check the fast one against.
func refAppendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, `\n`...)
			case c == '\r':
				buf = append(buf, `\r`...)
			case c == '\t':
				buf = append(buf, `\t`...)
			case c == '\b':
				buf = append(buf, `\b`...)
			case c == '\f':
				buf = append(buf, `\f`...)
			case c < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, "\uFFFD"...)
		} else {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}

func FuzzAppendString(f *testing.F) {
	f.Add("a\"b\\c\n\x01é\xff🙂")
	f.Add(escapingText(100))
	f.Add("plain ascii text that is long enough for words\xe6\x97")
	f.Add("\xed\xa0\x80 surrogate, \xf4\x90\x80\x80 too large, \xc0\xaf overlong")
	f.Fuzz(func(t *testing.T, s string) {
		got, want := appendString([]byte("x"), s), refAppendString([]byte("x"), s)
		if string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// BenchmarkAppendString encodes 1 MiB of text with what real input has:
// quotes, backslashes, newlines, tabs, accented letters, Cyrillic, CJK and
// emoji, into a buffer that holds it and into a new one (which first
// measures the encoding).
func BenchmarkAppendString(b *testing.B) {
	for _, tt := range []struct{ name, words string }{
		{"mixed", "He said \"yes\"\n\tC:\\dir\\file naïve café 東京の文章 🙂🚀 plain words here. "},
		{"non-ASCII", "Ελληνικά русский текст 東京 日本語の文章 中文内容 한국어 🙂 🚀 👍🏽 “quoted” — … résumé\n"},
	} {
		s := strings.Repeat(tt.words, (1<<20)/len(tt.words)+1)
		b.Run(tt.name+"/reused", func(b *testing.B) {
			buf := make([]byte, 0, 2*len(s))
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				buf = appendString(buf[:0], s)
			}
		})
		b.Run(tt.name+"/new", func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				appendString(nil, s)
			}
		})
	}
}
