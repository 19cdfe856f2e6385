package schema

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// machine is a resumable, strict JSON decoder that writes into a live Go
// value. It reads m.buf from m.pos and stops when it needs more input; more
// text may be appended to m.buf and run called again. All its state lives
// in the struct, so the work per call is proportional to the new input:
// nothing is re-scanned except at most a few bytes of an incomplete escape,
// UTF-8 sequence or number.
//
// The same machine decodes a whole document ([Decode]) and a document that
// arrives in pieces ([Partial]): the final value is the same either way.
type machine struct {
	typeName string
	root     slot
	rootV    reflect.Value

	buf   []byte
	pos   int
	final bool // no more input will be appended

	stack []frame
	state state
	err   *DecodeError

	cur   slot // the slot of the value being read
	start int  // offset of its first byte

	// strings
	arena    []byte // decoded string bytes; append-only (see view)
	strStart int    // start of the current string in arena
	strShown bool   // the current string is shown while it grows
	strV     reflect.Value
	key      []byte

	num  numState
	lit  string
	litN int

	raw      bool // inside a value decoded by json.Unmarshaler
	rawDepth int  // len(stack) when the raw value began
	rawStart int
	rawSlot  slot

	rootShown bool // the root value exists (Value is not nil)
	changed   bool // the value changed in this call of run
}

type state uint8

const (
	sValue    state = iota // a value is expected
	sArrFirst              // after '[': a value or ']'
	sObjFirst              // after '{': a key or '}'
	sObjKey                // after ',' in an object: a key
	sKey                   // inside a key
	sColon                 // after a key
	sString                // inside a string value
	sNumber                // inside a number
	sLiteral               // inside true, false or null
	sAfter                 // after a value in a container: ',' or the closer
	sEnd                   // after the root value: only whitespace
)

type numState uint8

const (
	nMinus numState = iota
	nZero
	nInt
	nDot
	nFrac
	nE
	nESign
	nExp
)

// frame is an open object or array.
type frame struct {
	c     *codec        // nil inside a raw value
	v     reflect.Value // the struct, slice or array being filled
	array bool
	n     int // arrays: elements begun
	field int // objects: index of the current field, -1 before the first key
	seen  []uint64
}

// maxNesting bounds the depth of objects and arrays, as encoding/json does.
const maxNesting = 10000

var errUnexpectedEnd = fmt.Errorf("unexpected end of JSON input: %w", io.ErrUnexpectedEOF)

func (m *machine) reset(root slot, v reflect.Value, typeName string) {
	*m = machine{
		typeName: typeName,
		root:     root,
		rootV:    v,
		stack:    m.stack[:0],
		key:      m.key[:0],
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// run reads as much of buf as it can.
func (m *machine) run() {
	for m.err == nil && m.step() {
	}
}

// step handles the current state once and reports whether it made progress
// (false: it needs more input, or failed).
func (m *machine) step() bool {
	buf := m.buf
	switch m.state {
	case sValue, sArrFirst, sObjFirst, sObjKey, sColon, sAfter, sEnd:
		for m.pos < len(buf) && isSpace(buf[m.pos]) {
			m.pos++
		}
		if m.pos == len(buf) {
			return false
		}
	}
	switch m.state {
	case sValue:
		m.begin()
	case sArrFirst:
		if buf[m.pos] == ']' {
			m.pos++
			m.closeArray()
		} else {
			m.begin()
		}
	case sObjFirst, sObjKey:
		switch c := buf[m.pos]; {
		case c == '"':
			m.pos++
			m.key = m.key[:0]
			m.state = sKey
		case c == '}' && m.state == sObjFirst:
			m.pos++
			m.closeObject()
		default:
			m.syntax("looking for beginning of object key string", false)
		}
	case sKey:
		return m.readKey()
	case sColon:
		if buf[m.pos] != ':' {
			m.syntax("after object key", false)
			return false
		}
		m.pos++
		m.state = sValue
	case sString:
		return m.readString()
	case sNumber:
		return m.readNumber()
	case sLiteral:
		return m.readLiteral()
	case sAfter:
		top := &m.stack[len(m.stack)-1]
		switch c := buf[m.pos]; {
		case c == ',':
			m.pos++
			if top.array {
				m.state = sValue
			} else {
				m.state = sObjKey
			}
		case c == ']' && top.array:
			m.pos++
			m.closeArray()
		case c == '}' && !top.array:
			m.pos++
			m.closeObject()
		case top.array:
			m.syntax("after array element", false)
		default:
			m.syntax("after object key:value pair", false)
		}
	case sEnd:
		m.syntax("after top-level value", false)
	}
	return m.err == nil
}

// fail records the first error.
func (m *machine) fail(off int, withMember bool, err error) {
	if m.err != nil {
		return
	}
	if m.state == sKey || m.state == sObjFirst || m.state == sObjKey {
		withMember = false // the error is about a key, not the last member
	}
	m.err = &DecodeError{Type: m.typeName, Path: m.path(withMember), Offset: off, Text: string(m.buf), Err: err}
}

func (m *machine) syntax(context string, withMember bool) {
	c := m.buf[m.pos]
	m.fail(m.pos, withMember, fmt.Errorf("invalid character %s %s", quoteChar(c), context))
}

func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("%q", rune(c))
	}
	return "'" + string(c) + "'"
}

// path renders the JSON path of the current position. withMember includes
// the member (field or element) the innermost container is reading.
func (m *machine) path(withMember bool) string {
	n := len(m.stack)
	if m.raw && m.rawDepth < n {
		n, withMember = m.rawDepth, true
	}
	b := []byte{'$'}
	for i := range n {
		f := &m.stack[i]
		if i == n-1 && !withMember {
			break
		}
		if f.array {
			if f.n > 0 {
				b = fmt.Appendf(b, "[%d]", f.n-1)
			}
		} else if f.field >= 0 && f.c != nil {
			b = appendMember(b, f.c.fields[f.field].name)
		}
	}
	return string(b)
}

func appendMember(b []byte, name string) []byte {
	ident := name != ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			ident = false
			break
		}
	}
	if ident {
		return append(append(b, '.'), name...)
	}
	b = append(b, '[')
	b = appendQuoted(b, name)
	return append(b, ']')
}

// curSlot is the slot of the next value in the innermost container.
func (m *machine) curSlot() slot {
	if len(m.stack) == 0 {
		return m.root
	}
	f := &m.stack[len(m.stack)-1]
	if f.array {
		return f.c.elem
	}
	return f.c.fields[f.field].slot
}

// begin starts the value at m.pos.
func (m *machine) begin() {
	c := m.buf[m.pos]
	m.start = m.pos
	if len(m.stack) > 0 {
		if top := &m.stack[len(m.stack)-1]; top.array {
			top.n++
			if top.c != nil && top.c.kind == kArray && top.n > top.c.length {
				m.fail(m.pos, false, fmt.Errorf("too many elements: the array has %d", top.c.length))
				return
			}
		}
	}
	if m.raw {
		m.beginSyntax(c, nil)
		return
	}
	s := m.curSlot()
	m.cur = s
	ec := s.c
	for ec.kind == kPtr {
		ec = ec.elem.c
	}
	if c == 'n' && s.nullable {
		m.setNull()
		m.lit, m.litN, m.state = "null", 1, sLiteral
		m.pos++
		return
	}
	if ec.kind == kUnmarshaler {
		m.raw, m.rawDepth, m.rawStart, m.rawSlot = true, len(m.stack), m.pos, s
		m.beginSyntax(c, nil)
		return
	}
	switch {
	case c == '{':
		if ec.kind != kStruct {
			m.mismatch(s)
			return
		}
		m.push(ec, m.place(), false)
		m.pos++
		m.state = sObjFirst
	case c == '[':
		if ec.kind != kSlice && ec.kind != kArray {
			m.mismatch(s)
			return
		}
		v := m.place()
		if ec.kind == kSlice && v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			m.changed = true
		}
		m.push(ec, v, true)
		m.pos++
		m.state = sArrFirst
	case c == '"':
		if ec.kind != kString && ec.kind != kBytes && ec.kind != kText {
			m.mismatch(s)
			return
		}
		m.pos++
		m.strStart = len(m.arena)
		m.strShown = ec.kind == kString && s.enum == nil
		if m.strShown {
			m.strV = m.place()
		}
		m.state = sString
	case c == '-' || '0' <= c && c <= '9':
		if ec.kind != kInt && ec.kind != kUint && ec.kind != kFloat && ec.kind != kNumber {
			m.mismatch(s)
			return
		}
		m.beginNumber(c)
	case c == 't' || c == 'f':
		if ec.kind != kBool {
			m.mismatch(s)
			return
		}
		v := m.place()
		if b := c == 't'; v.Bool() != b {
			v.SetBool(b)
			m.changed = true
		}
		m.beginLiteral(c)
	case c == 'n':
		m.mismatch(s)
	default:
		m.syntax("looking for beginning of value", true)
	}
}

// beginSyntax starts a value inside a raw value: syntax only.
func (m *machine) beginSyntax(c byte, _ *slot) {
	switch {
	case c == '{':
		m.push(nil, reflect.Value{}, false)
		m.pos++
		m.state = sObjFirst
	case c == '[':
		m.push(nil, reflect.Value{}, true)
		m.pos++
		m.state = sArrFirst
	case c == '"':
		m.pos++
		m.strStart = len(m.arena)
		m.strShown = false
		m.state = sString
	case c == '-' || '0' <= c && c <= '9':
		m.beginNumber(c)
	case c == 't' || c == 'f' || c == 'n':
		m.beginLiteral(c)
	default:
		m.syntax("looking for beginning of value", true)
	}
}

func (m *machine) beginNumber(c byte) {
	m.pos++
	switch {
	case c == '-':
		m.num = nMinus
	case c == '0':
		m.num = nZero
	default:
		m.num = nInt
	}
	m.state = sNumber
}

func (m *machine) beginLiteral(c byte) {
	switch c {
	case 't':
		m.lit = "true"
	case 'f':
		m.lit = "false"
	default:
		m.lit = "null"
	}
	m.litN = 1
	m.pos++
	m.state = sLiteral
}

func (m *machine) push(c *codec, v reflect.Value, array bool) {
	if len(m.stack) >= maxNesting {
		m.fail(m.pos, true, errors.New("exceeded max depth"))
		return
	}
	if len(m.stack) < cap(m.stack) {
		m.stack = m.stack[:len(m.stack)+1]
	} else {
		m.stack = append(m.stack, frame{})
	}
	f := &m.stack[len(m.stack)-1]
	f.c, f.v, f.array, f.n, f.field = c, v, array, 0, -1
	f.seen = f.seen[:0]
	if c != nil && !array {
		for range (len(c.fields) + 63) / 64 {
			f.seen = append(f.seen, 0)
		}
	}
}

// pop closes the innermost container; the container is the value that ends.
func (m *machine) pop() {
	f := &m.stack[len(m.stack)-1]
	f.v = reflect.Value{}
	m.stack = m.stack[:len(m.stack)-1]
	m.valueDone()
}

func (m *machine) closeObject() {
	f := &m.stack[len(m.stack)-1]
	if f.c != nil {
		for i := range f.c.fields {
			if f.seen[i/64]&(1<<(i%64)) == 0 {
				m.fail(m.pos-1, false, fmt.Errorf("missing field %q", f.c.fields[i].name))
				return
			}
		}
	}
	m.pop()
}

func (m *machine) closeArray() {
	f := &m.stack[len(m.stack)-1]
	if f.c != nil && f.c.kind == kArray && f.n != f.c.length {
		m.fail(m.pos-1, false, fmt.Errorf("expected %d elements, got %d", f.c.length, f.n))
		return
	}
	m.pop()
}

// valueDone moves on after a complete value.
func (m *machine) valueDone() {
	if m.raw && len(m.stack) == m.rawDepth {
		m.raw = false
		m.deliverRaw(m.buf[m.rawStart:m.pos])
		if m.err != nil {
			return
		}
	}
	if len(m.stack) == 0 {
		m.state = sEnd
	} else {
		m.state = sAfter
	}
}

// readKey reads an object key and finds its field.
func (m *machine) readKey() bool {
	closed, ok := m.scanString(&m.key, false)
	if !ok || !closed {
		return false
	}
	f := &m.stack[len(m.stack)-1]
	m.state = sColon
	if f.c == nil {
		return true
	}
	i, found := f.c.byName[string(m.key)]
	if !found {
		m.fail(m.pos, false, fmt.Errorf("unknown field %q", m.key))
		return false
	}
	if f.seen[i/64]&(1<<(i%64)) != 0 {
		m.fail(m.pos, false, fmt.Errorf("duplicate field %q", m.key))
		return false
	}
	f.seen[i/64] |= 1 << (i % 64)
	f.field = i
	return true
}

// readString reads a string value.
func (m *machine) readString() bool {
	before := len(m.arena)
	var closed, ok bool
	if m.raw {
		closed, ok = m.scanString(nil, true)
	} else {
		closed, ok = m.scanString(&m.arena, false)
	}
	if !ok {
		return false
	}
	if m.strShown && len(m.arena) != before {
		m.strV.SetString(m.view())
		m.changed = true
	}
	if !closed {
		return false
	}
	if !m.raw {
		m.stringDone()
	}
	if m.err == nil {
		m.valueDone()
	}
	return m.err == nil
}

// view returns the current string as a string that shares the arena. The
// arena is append-only: bytes, once written, never change (growing it moves
// only the current string to a new array and leaves the old one to the
// strings that point into it), so the string stays valid forever.
func (m *machine) view() string {
	s := m.arena[m.strStart:]
	if len(s) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(s), len(s))
}

// grow makes room for n more bytes in the arena.
func (m *machine) grow(n int) {
	if len(m.arena)+n <= cap(m.arena) {
		return
	}
	cur := m.arena[m.strStart:]
	size := max(2*cap(m.arena), 2*(len(cur)+n), 64)
	a := make([]byte, len(cur), size)
	copy(a, cur)
	m.arena = a
	m.strStart = 0
}

// scanString reads string content from m.pos into *dst (or only checks it,
// with discard) up to and including the closing quote. It decodes escapes
// and replaces invalid UTF-8 and lone surrogates with U+FFFD, as
// encoding/json does. An escape or UTF-8 sequence cut by the end of input is
// left unread until more input comes. ok is false after an error.
func (m *machine) scanString(dst *[]byte, discard bool) (closed, ok bool) {
	buf := m.buf
	arena := dst == &m.arena
	put := func(p []byte) {
		if discard {
			return
		}
		if arena {
			m.grow(len(p))
			m.arena = append(m.arena, p...)
		} else {
			*dst = append(*dst, p...)
		}
	}
	var tmp [utf8.UTFMax]byte
	for m.pos < len(buf) {
		start := m.pos
		for m.pos < len(buf) {
			c := buf[m.pos]
			if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
				break
			}
			m.pos++
		}
		if m.pos > start {
			put(buf[start:m.pos])
		}
		if m.pos == len(buf) {
			return false, true
		}
		switch c := buf[m.pos]; {
		case c == '"':
			m.pos++
			return true, true
		case c < 0x20:
			m.syntax("in string literal", true)
			return false, false
		case c == '\\':
			r, n, ok := m.escape()
			if !ok || n == 0 {
				return false, ok
			}
			m.pos += n
			put(tmp[:utf8.EncodeRune(tmp[:], r)])
		default:
			if !utf8.FullRune(buf[m.pos:]) {
				if !m.final {
					return false, true
				}
				put([]byte("\uFFFD"))
				m.pos++
				continue
			}
			r, size := utf8.DecodeRune(buf[m.pos:])
			if r == utf8.RuneError && size == 1 {
				put([]byte("\uFFFD"))
			} else {
				put(buf[m.pos : m.pos+size])
			}
			m.pos += size
		}
	}
	return false, true
}

// escape decodes the escape at m.pos. n is 0 when the input ends before the
// escape is complete (nothing is consumed then).
func (m *machine) escape() (r rune, n int, ok bool) {
	buf := m.buf[m.pos:]
	if len(buf) < 2 {
		return 0, 0, true
	}
	switch buf[1] {
	case '"', '\\', '/':
		return rune(buf[1]), 2, true
	case 'b':
		return '\b', 2, true
	case 'f':
		return '\f', 2, true
	case 'n':
		return '\n', 2, true
	case 'r':
		return '\r', 2, true
	case 't':
		return '\t', 2, true
	case 'u':
		r, complete := hex4(buf[2:])
		if r < 0 {
			m.pos += 2 + complete
			m.syntax("in \\u hexadecimal character escape", true)
			return 0, 0, false
		}
		if complete < 4 {
			return 0, 0, true
		}
		if !utf16.IsSurrogate(r) {
			return r, 6, true
		}
		if r >= 0xDC00 {
			return utf8.RuneError, 6, true // a lone low surrogate
		}
		// A high surrogate: a low one must follow as \uXXXX.
		rest := buf[6:]
		if len(rest) >= 1 && rest[0] != '\\' || len(rest) >= 2 && rest[1] != 'u' {
			return utf8.RuneError, 6, true
		}
		r2, complete2 := hex4(rest[min(2, len(rest)):])
		if len(rest) < 2 || (r2 >= 0 && complete2 < 4) {
			if m.final {
				return utf8.RuneError, 6, true
			}
			return 0, 0, true
		}
		if r2 < 0 || r2 < 0xDC00 || r2 > 0xDFFF {
			return utf8.RuneError, 6, true // the next escape is read on its own
		}
		return utf16.DecodeRune(r, r2), 12, true
	}
	m.pos++
	m.syntax("in string escape code", true)
	return 0, 0, false
}

// hex4 decodes up to four hex digits. It returns r < 0 at a non-hex byte
// (with n the offset of that byte), else the value and how many digits
// were present.
func hex4(b []byte) (r rune, n int) {
	for n = 0; n < 4 && n < len(b); n++ {
		c := b[n]
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return -1, n
		}
	}
	return r, n
}

// readNumber reads a number; it is complete when a byte follows that
// cannot continue it, or at the end of the final input.
func (m *machine) readNumber() bool {
	buf := m.buf
	for m.pos < len(buf) {
		c := buf[m.pos]
		digit := '0' <= c && c <= '9'
		switch m.num {
		case nMinus:
			switch {
			case c == '0':
				m.num = nZero
			case digit:
				m.num = nInt
			default:
				m.syntax("in numeric literal", true)
				return false
			}
		case nZero, nInt, nFrac, nExp:
			switch {
			case digit && m.num != nZero:
			case c == '.' && (m.num == nZero || m.num == nInt):
				m.num = nDot
			case (c == 'e' || c == 'E') && m.num != nExp:
				m.num = nE
			default:
				m.numberDone()
				return m.err == nil
			}
		case nDot:
			if !digit {
				m.syntax("after decimal point in numeric literal", true)
				return false
			}
			m.num = nFrac
		case nE:
			switch {
			case c == '+' || c == '-':
				m.num = nESign
			case digit:
				m.num = nExp
			default:
				m.syntax("in exponent of numeric literal", true)
				return false
			}
		case nESign:
			if !digit {
				m.syntax("in exponent of numeric literal", true)
				return false
			}
			m.num = nExp
		}
		m.pos++
	}
	if m.final && (m.num == nZero || m.num == nInt || m.num == nFrac || m.num == nExp) {
		m.numberDone()
		return m.err == nil
	}
	return false
}

func (m *machine) numberDone() {
	if !m.raw {
		m.setNumber(m.buf[m.start:m.pos])
		if m.err != nil {
			return
		}
	}
	m.valueDone()
}

func (m *machine) readLiteral() bool {
	buf := m.buf
	for m.litN < len(m.lit) {
		if m.pos == len(buf) {
			return false
		}
		if buf[m.pos] != m.lit[m.litN] {
			m.syntax("in literal "+m.lit+" (expecting "+quoteChar(m.lit[m.litN])+")", true)
			return false
		}
		m.pos++
		m.litN++
	}
	m.valueDone()
	return m.err == nil
}

// finish ends the input: the document must be complete.
func (m *machine) finish() {
	m.final = true
	m.run()
	if m.err != nil || m.state == sEnd {
		return
	}
	withMember := true
	switch m.state {
	case sObjFirst, sObjKey, sKey, sAfter, sArrFirst:
		withMember = false
	}
	m.fail(len(m.buf), withMember, errUnexpectedEnd)
}
