package client

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// minSecret is the shortest value scrubbed as a secret: shorter ones cannot
// be told from ordinary text, and replacing them would garble messages.
const minSecret = 6

// scrubber replaces secrets with [REDACTED] in text a server may have
// echoed them into: error bodies, messages, headers and log lines. It finds
// each secret raw, JSON-escaped (any mix of \uXXXX escapes, in either case,
// and \/ or the other short escapes), percent-encoded (any mix, %XX in
// either case, + for a space), and inside the base64 of a Basic
// credential. It runs only on error and logging paths.
//
// The zero scrubber scrubs nothing.
type scrubber struct {
	secrets []string // longest first
	first   [256]bool
	slack   int // the longest encoded form of a secret, in bytes
}

// newScrubber returns a scrubber for the secrets, ignoring any shorter than
// minSecret. A secret given as an Authorization value ("Bearer tok",
// "Basic dXNlcjpwYXNz") also has its credential and, for Basic, the decoded
// user:password and password scrubbed.
func newScrubber(secrets []string) *scrubber {
	s := new(scrubber)
	s.add(secrets...)
	return s
}

// Scrub returns s with the client's secrets (the key, the values of
// WithHeader and of secret headers) and the extra secrets replaced, in any
// form a server may echo them, as the client does in its own errors and
// log lines. It is for what a response body says that the client does not
// read itself, such as an error event of a stream; secrets shorter than 6
// bytes are ignored.
func (c *Client) Scrub(s string, secrets ...string) string {
	return c.c.scrub.with(secrets).string(s)
}

// scrubberFor returns the scrubber of the errors and log lines of r: the
// client's secrets, r.Secrets and the values of r's secret headers.
func (cfg *config) scrubberFor(r *Request) *scrubber {
	var more []string
	for k, vv := range r.Header {
		if sensitiveHeader(k) {
			more = append(more, vv...)
		}
	}
	if more == nil {
		return cfg.scrub.with(r.Secrets)
	}
	return cfg.scrub.with(append(more, r.Secrets...))
}

// with returns s with more secrets; s is not modified.
func (s *scrubber) with(secrets []string) *scrubber {
	if len(secrets) == 0 {
		return s
	}
	cp := &scrubber{secrets: slices.Clone(s.secrets), first: s.first, slack: s.slack}
	cp.add(secrets...)
	return cp
}

func (s *scrubber) add(secrets ...string) {
	for _, v := range secrets {
		s.add1(v)
		scheme, cred, ok := strings.Cut(v, " ")
		if !ok {
			continue
		}
		s.add1(cred)
		if strings.EqualFold(scheme, "basic") {
			if b, err := base64.StdEncoding.DecodeString(cred); err == nil {
				s.add1(string(b))
				if _, pass, ok := strings.Cut(string(b), ":"); ok {
					s.add1(pass)
				}
			}
		}
	}
	// Longest first, so that a secret holding another is replaced whole.
	slices.SortFunc(s.secrets, func(a, b string) int { return len(b) - len(a) })
}

func (s *scrubber) add1(v string) {
	if len(v) < minSecret || slices.Contains(s.secrets, v) {
		return
	}
	s.secrets = append(s.secrets, v)
	s.first[v[0]] = true
	s.first['\\'], s.first['%'], s.first['b'], s.first['B'] = true, true, true, true
	if v[0] == ' ' {
		s.first['+'] = true
	}
	// At worst every byte is a \uXXXX escape.
	s.slack = max(s.slack, 6*len(v)+8)
}

// string returns v with the secrets replaced.
func (s *scrubber) string(v string) string {
	out, _ := s.scrub(v, false)
	return out
}

// bytes returns b with the secrets replaced, b itself when it holds none.
// When cut is set, b was cut short, and a secret it ends in the middle of
// is replaced too.
func (s *scrubber) bytes(b []byte, cut bool) []byte {
	out, changed := s.scrub(string(b), cut)
	if !changed {
		return b
	}
	return []byte(out)
}

// header returns h with the secrets replaced in its values: h itself when
// it holds none, a copy otherwise.
func (s *scrubber) header(h http.Header) http.Header {
	var out http.Header
	for k, vv := range h {
		for i, v := range vv {
			sv, changed := s.scrub(v, false)
			if !changed {
				continue
			}
			if out == nil {
				out = h.Clone()
			}
			out[k][i] = sv
		}
	}
	if out == nil {
		return h
	}
	return out
}

// error returns err with the secrets replaced in its message: err itself
// when it holds none. A *url.Error, as net/http returns with the URL of a
// redirect the server chose, stays one, with its URL scrubbed; any other
// error is wrapped in a [scrubbedError], so that errors.Is and errors.As
// still find what it wraps.
func (s *scrubber) error(err error) error {
	if err == nil || s == nil || len(s.secrets) == 0 {
		return err
	}
	msg, changed := s.scrub(err.Error(), false)
	if !changed {
		return err
	}
	if ue, ok := err.(*url.Error); ok {
		return &url.Error{Op: ue.Op, URL: s.string(ue.URL), Err: s.error(ue.Err)}
	}
	return &scrubbedError{msg: msg, err: err}
}

// scrubbedError is an error whose message had secrets in it: Error returns
// the message with them replaced, and Unwrap the error itself.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrub returns in with the secrets replaced, and whether there were any.
func (s *scrubber) scrub(in string, cut bool) (string, bool) {
	if s == nil || len(s.secrets) == 0 {
		return in, false
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(in); {
		if !s.first[in[i]] {
			i++
			continue
		}
		start, end := s.basic(in, i)
		for _, sec := range s.secrets {
			if end >= 0 {
				break
			}
			start, end = i, match(in, i, sec, cut)
		}
		if end < 0 {
			i++
			continue
		}
		b.WriteString(in[last:start])
		b.WriteString(redacted)
		last, i = end, end
	}
	if last == 0 {
		return in, false
	}
	b.WriteString(in[last:])
	return b.String(), true
}

// basic returns the span of the credential of a "Basic <base64>" at in[i:]
// whose decoded text holds a secret, or -1, -1.
func (s *scrubber) basic(in string, i int) (start, end int) {
	const prefix = "basic "
	if len(in)-i <= len(prefix) || !strings.EqualFold(in[i:i+len(prefix)], prefix) {
		return -1, -1
	}
	start = i + len(prefix)
	end = start
	for end < len(in) && isBase64(in[end]) {
		end++
	}
	cred := strings.TrimRight(in[start:end], "=")
	dec, err := base64.RawStdEncoding.DecodeString(cred)
	if err != nil {
		return -1, -1
	}
	if _, changed := s.scrub(string(dec), false); !changed {
		return -1, -1
	}
	return start, end
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '='
}

// match returns the end of an occurrence of sec at in[i:], in any mix of
// its encodings, or -1. With cut set, input that ends inside a possible
// occurrence counts as one.
func match(in string, i int, sec string, cut bool) int {
	j := i
	for k := 0; k < len(sec); {
		if j >= len(in) {
			return ifCut(cut, len(in))
		}
		r, size := utf8.DecodeRuneInString(sec[k:])
		unit := sec[k : k+size]
		switch {
		case strings.HasPrefix(in[j:], unit):
			j += size
		case in[j] == '\\':
			n := jsonEscape(in[j:], r)
			if n < 0 {
				return ifCut(cut && n == short, len(in))
			}
			j += n
		default:
			// Each byte raw or percent-encoded.
			n := percent(in[j:], unit)
			if n < 0 {
				return ifCut(cut && n == short, len(in))
			}
			j += n
		}
		k += size
	}
	return j
}

// short is returned by jsonEscape and percent for input that ends in what
// could be the start of the encoding.
const short = -2

func ifCut(cut bool, end int) int {
	if cut {
		return end
	}
	return -1
}

// jsonEscape returns the length of the JSON escape at the start of in if it
// stands for r, [short] if in ends in what could be the start of one, or -1.
func jsonEscape(in string, r rune) int {
	if len(in) < 2 {
		return short
	}
	switch c := in[1]; c {
	case 'u':
		hi, lo := r, rune(-1)
		if r >= 0x10000 {
			hi, lo = utf16.EncodeRune(r)
		}
		n, ok := hexUnit(in[2:], hi)
		if !ok || n < 4 {
			return shortIf(ok)
		}
		if lo < 0 {
			return 6
		}
		if len(in) == 6 || len(in) == 7 && in[6] == '\\' {
			return short
		}
		if len(in) < 8 || in[6:8] != `\u` {
			return -1
		}
		n, ok = hexUnit(in[8:], lo)
		if !ok || n < 4 {
			return shortIf(ok)
		}
		return 12
	case '/', '"', '\\':
		if rune(c) == r {
			return 2
		}
	default:
		if i := strings.IndexByte("bfnrt", c); i >= 0 && rune("\b\f\n\r\t"[i]) == r {
			return 2
		}
	}
	return -1
}

// hexUnit reports whether s starts with the 4 hex digits of v, in either
// case, or with a prefix of them that ends s; n is the number of digits.
func hexUnit(s string, v rune) (n int, ok bool) {
	for n = range 4 {
		if n == len(s) {
			return n, true
		}
		d, ok := hex(s[n:], 1)
		if !ok || d != v>>(12-4*n)&0xF {
			return n, false
		}
	}
	return 4, true
}

func shortIf(ok bool) int {
	if ok {
		return short
	}
	return -1
}

// percent returns the length of the percent-encoding of unit at the start
// of in, where each byte may be raw or %XX, and a space may be +; [short] if
// in ends in what could be the start of one; or -1.
func percent(in, unit string) int {
	j := 0
	for k := 0; k < len(unit); k++ {
		if j == len(in) {
			return short
		}
		c := unit[k]
		switch {
		case in[j] == c, in[j] == '+' && c == ' ':
			j++
		case in[j] == '%':
			if len(in)-j < 3 {
				if d, ok := hex(in[j+1:], len(in)-j-1); ok && rune(c)>>(4*(3-len(in)+j)) == d {
					return short
				}
				return -1
			}
			v, ok := hex(in[j+1:], 2)
			if !ok || byte(v) != c {
				return -1
			}
			j += 3
		default:
			return -1
		}
	}
	return j
}

// hex parses n hex digits, in either case, at the start of s.
func hex(s string, n int) (rune, bool) {
	if len(s) < n {
		return 0, false
	}
	var v rune
	for i := range n {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}
