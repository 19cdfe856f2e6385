package wire

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// maxDepth bounds the nesting of arrays and objects, so hostile input cannot
// exhaust the stack.
const maxDepth = 10000

// A SyntaxError is a description of malformed JSON and where it was found.
type SyntaxError struct {
	Offset int // byte offset in the input
	msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.Offset, e.msg)
}

// A TypeError says that a JSON value does not fit the Go type it is decoded
// into. Inside a struct with Meta it surfaces only in a [*PathError], for a
// member marked strict: otherwise the value is kept raw.
type TypeError struct {
	Offset int
	JSON   string // "string", "number", "object", …
	Go     string // the Go type
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("cannot decode JSON %s at offset %d into Go %s", e.JSON, e.Offset, e.Go)
}

// A PathError says that a member marked `wire:"strict"` (one that respkit
// acts on, such as a type, an id or a sequence number), or the
// discriminator of a union, has a JSON value of the wrong kind. Unlike other
// members of the wrong kind, which a struct with Meta keeps raw, it fails
// the decoding.
type PathError struct {
	// Path is the member's JSON path from the decoded value, such as
	// "output[2].call_id".
	Path string
	Err  *TypeError
}

func (e *PathError) Error() string {
	return e.Path + ": " + e.Err.Error()
}

func (e *PathError) Unwrap() error { return e.Err }

// under returns err, a *PathError, with its path put under seg: a member
// name, or an index in brackets.
func under(err error, seg string) error {
	pe := err.(*PathError)
	if pe.Path == "" || pe.Path[0] == '[' {
		pe.Path = seg + pe.Path
	} else {
		pe.Path = seg + "." + pe.Path
	}
	return pe
}

type decoder struct {
	err     error // a syntax error found by fastMember
	data    []byte
	pos     int
	depth   int
	alias   bool   // strings may point into data
	skip    []byte // a discriminator member to drop in the next struct
	skipTo  int    // where skip's value ends, if it is the first member
	scratch []byte
	arena   *arena       // where a Decoder copies strings
	last    *lastVariant // the union variant decoded last, for a Decoder
	slabs   *slabs       // where a Decoder allocates union values
	nulls   uint64       // the null members of the object being decoded
}

// lastVariant remembers the last union variant a Decoder looked up by its
// discriminator, which the next document of a stream likely repeats. The
// name points into a document that has been decoded, so it is compared,
// never kept: the copy is a string of the variant's own.
type lastVariant struct {
	c    *codec
	name string
	v    *variant
}

func (d *decoder) syntax(format string, args ...any) error {
	return &SyntaxError{Offset: d.pos, msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) mismatch(v any) error {
	kind := "value"
	if d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			kind = "string"
		case c == '{':
			kind = "object"
		case c == '[':
			kind = "array"
		case c == 't' || c == 'f':
			kind = "boolean"
		case c == 'n':
			kind = "null"
		case c == '-' || c >= '0' && c <= '9':
			kind = "number"
		}
	}
	return &TypeError{Offset: d.pos, JSON: kind, Go: fmt.Sprint(v)}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// peek skips white space and returns the next byte, or 0 at the end.
func (d *decoder) peek() byte {
	data, i := d.data, d.pos
	for ; i < len(data); i++ {
		if c := data[i]; c > ' ' || !isSpace(c) {
			d.pos = i
			return c
		}
	}
	d.pos = i
	return 0
}

func (d *decoder) unexpected() error {
	if d.pos >= len(d.data) {
		return d.syntax("unexpected end of input")
	}
	return d.syntax("unexpected character %q", d.data[d.pos])
}

// expect consumes the byte c after white space.
func (d *decoder) expect(c byte) error {
	if d.peek() != c {
		if d.pos >= len(d.data) {
			return d.syntax("unexpected end of input, want %q", c)
		}
		return d.syntax("unexpected character %q, want %q", d.data[d.pos], c)
	}
	d.pos++
	return nil
}

// literal consumes the literal lit ("true", "false", "null").
func (d *decoder) literal(lit string) error {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		return d.unexpected()
	}
	d.pos += len(lit)
	return nil
}

// readString reads the string at d.pos, which is '"'. It returns the
// unescaped bytes, which point into the input when escaped is false and into
// a scratch buffer (valid until the next call) when it is true.
func (d *decoder) readString() (b []byte, escaped bool, err error) {
	data := d.data
	start := d.pos + 1
	i := plainRun(data, start)
	if i < len(data) {
		switch c := data[i]; c {
		case '"':
			d.pos = i + 1
			return data[start:i], false, nil
		case '\\':
			return d.readEscaped(start, i)
		default:
			d.pos = i
			return nil, false, d.syntax("control character %q in string", c)
		}
	}
	d.pos = len(d.data)
	return nil, false, d.syntax("unexpected end of input in string")
}

// plainRun returns the index of the first quote, backslash or control
// character in data at or after i, or len(data) if there is none.
func plainRun(data []byte, i int) int {
	// Eight bytes at a time.
	for ; i+8 <= len(data); i += 8 {
		if m := special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(data) && !stringSpecial[data[i]] {
		i++
	}
	return i
}

// special returns a mask with the high bit set in the bytes of x that may be
// a quote, a backslash or a control character. Its lowest set bit is exact:
// it marks the first such byte, since a borrow that marks a byte wrongly
// comes only from a lower byte that is marked rightly.
func special(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	quote := x ^ (ones * '"')
	backslash := x ^ (ones * '\\')
	return ((x-ones*0x20)&^x | (quote-ones)&^quote | (backslash-ones)&^backslash) & highs
}

// stringSpecial marks the bytes that end the plain run of a string: the
// quote, the backslash and the control characters.
var stringSpecial = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

func (d *decoder) readEscaped(start, i int) ([]byte, bool, error) {
	buf := append(d.scratch[:0], d.data[start:i]...)
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			d.scratch = buf
			return buf, true, nil
		case c < 0x20:
			d.pos = i
			return nil, false, d.syntax("control character %q in string", c)
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(d.data) {
			break
		}
		switch e := d.data[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(d.data, i+2)
			if !ok {
				d.pos = i
				return nil, false, d.syntax("invalid \\u escape")
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(d.data) && d.data[i] == '\\' && d.data[i+1] == 'u' {
					r2, ok = hex4(d.data, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
			continue
		default:
			d.pos = i
			return nil, false, d.syntax("invalid escape %q", e)
		}
		i += 2
	}
	d.pos = len(d.data)
	return nil, false, d.syntax("unexpected end of input in string")
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// str turns the bytes of a string value into a Go string, without copying
// when the decoder may alias its input.
func (d *decoder) str(b []byte, escaped bool) string {
	if d.alias && !escaped {
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return d.copyStr(b)
}

// copyStr returns a copy of b, from the arena when there is one. It is kept
// out of line so that str, which calls it, is inlined.
//
//go:noinline
func (d *decoder) copyStr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if d.arena != nil {
		return d.arena.str(b, d.slabs)
	}
	return string(b)
}

// readNumber reads the number at d.pos and returns its text.
func (d *decoder) readNumber() ([]byte, error) {
	start, i, n := d.pos, d.pos, len(d.data)
	if i < n && d.data[i] == '-' {
		i++
	}
	switch {
	case i < n && d.data[i] == '0':
		i++
	case i < n && d.data[i] >= '1' && d.data[i] <= '9':
		for i < n && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}
	default:
		d.pos = i
		return nil, d.unexpected()
	}
	if i < n && d.data[i] == '.' {
		i++
		if i >= n || d.data[i] < '0' || d.data[i] > '9' {
			d.pos = i
			return nil, d.syntax("invalid number")
		}
		for i < n && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}
	}
	if i < n && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < n && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if i >= n || d.data[i] < '0' || d.data[i] > '9' {
			d.pos = i
			return nil, d.syntax("invalid number")
		}
		for i < n && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}
	}
	d.pos = i
	return d.data[start:i], nil
}

// skip consumes one value of any kind, checking its syntax.
func (d *decoder) skipValue() error {
	switch d.peek() {
	case '"':
		_, _, err := d.readString()
		return err
	case '{':
		return d.skipContainer('}')
	case '[':
		return d.skipContainer(']')
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	default:
		_, err := d.readNumber()
		return err
	}
}

func (d *decoder) skipContainer(end byte) error {
	if d.depth++; d.depth > maxDepth {
		return d.syntax("exceeded max depth %d", maxDepth)
	}
	defer func() { d.depth-- }()
	d.pos++
	if d.peek() == end {
		d.pos++
		return nil
	}
	for {
		if end == '}' {
			if d.peek() != '"' {
				return d.unexpected()
			}
			if _, _, err := d.readString(); err != nil {
				return err
			}
			if err := d.expect(':'); err != nil {
				return err
			}
		}
		if err := d.skipValue(); err != nil {
			return err
		}
		if more, err := d.more(end); !more {
			return err
		}
	}
}

// arena holds the strings that a Decoder copies out of its documents. When
// it batches, they are cut from shared chunks, so that a string costs no
// allocation of its own; a string keeps its chunk alive. A string equal to
// the last one of its length is shared, since a stream repeats its ids,
// statuses and types.
type arena struct {
	recent  [32]string // by length
	cut     uint32     // the recent strings cut from a chunk, a bit each
	chunked bool       // strings are cut from chunks, rather than allocated each
}

const (
	minChunk  = 256
	maxChunk  = 16 << 10
	maxShared = 64 // the longest recent string that trim keeps
)

// str returns b as a string: shared with an equal recent one, or cut from
// the chunk of s's batches, or allocated on its own.
func (a *arena) str(b []byte, s *slabs) string {
	i := len(b) % len(a.recent)
	r := &a.recent[i]
	if *r == string(b) {
		return *r
	}
	if !a.chunked || len(b) > maxChunk/4 {
		*r = string(b)
		a.cut &^= 1 << i
		return *r
	}
	bs := s.get()
	if cap(bs.chunk)-len(bs.chunk) < len(b) {
		// Chunks start small and double, so that a short stream does not
		// pay for a long one's.
		bs.chunk = make([]byte, 0, min(max(2*cap(bs.chunk), minChunk), maxChunk))
	}
	n := len(bs.chunk)
	bs.chunk = append(bs.chunk, b...)
	*r = unsafe.String(&bs.chunk[n], len(b))
	a.cut |= 1 << i
	return *r
}

// trim forgets the recent strings that would keep a chunk or many bytes
// alive.
func (a *arena) trim() {
	for i, s := range a.recent {
		if a.cut&(1<<i) != 0 || len(s) > maxShared {
			a.recent[i] = ""
		}
	}
	a.cut = 0
}

// more consumes the comma between two members or elements, or the end of
// the object or array. It reports whether another member or element follows.
func (d *decoder) more(end byte) (bool, error) {
	switch d.peek() {
	case ',':
		d.pos++
		return true, nil
	case end:
		d.pos++
		return false, nil
	}
	return false, d.unexpected()
}
