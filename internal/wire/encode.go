package wire

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Marshal returns the JSON encoding of v.
func Marshal(v any) ([]byte, error) {
	return Append(nil, v)
}

// Append appends the JSON encoding of v to dst.
func Append(dst []byte, v any) ([]byte, error) {
	e := encoder{buf: dst}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return append(dst, "null"...), nil
	}
	if rv.Kind() != reflect.Pointer {
		// Struct fields must be addressable to reach their Meta.
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		rv = p.Elem()
	} else if rv.IsNil() {
		return append(dst, "null"...), nil
	} else {
		rv = rv.Elem()
	}
	c := codecFor(rv.Type())
	if err := c.enc(&e, rv, c); err != nil {
		return dst, err
	}
	return e.buf, nil
}

// An UnsupportedValueError is returned when a value, such as NaN, has no JSON
// encoding.
type UnsupportedValueError struct {
	Value string
}

func (e *UnsupportedValueError) Error() string {
	return "unsupported value: " + e.Value
}

type encoder struct {
	buf  []byte
	disc []byte // discriminator member to write first in the next struct
}

func encBool(e *encoder, v reflect.Value, _ *codec) error {
	e.buf = strconv.AppendBool(e.buf, v.Bool())
	return nil
}

func encInt(e *encoder, v reflect.Value, _ *codec) error {
	e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	return nil
}

func encUint(e *encoder, v reflect.Value, _ *codec) error {
	e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	return nil
}

// encFloat writes floats as encoding/json does.
func encFloat(e *encoder, v reflect.Value, _ *codec) error {
	bits := v.Type().Bits()
	f := v.Float()
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return &UnsupportedValueError{Value: strconv.FormatFloat(f, 'g', -1, bits)}
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (bits == 64 && (a < 1e-6 || a >= 1e21) || bits == 32 && (float32(a) < 1e-6 || float32(a) >= 1e21)) {
		format = 'e'
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// Clean up e-09 to e-9.
		n := len(e.buf)
		if n >= 4 && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
			e.buf[n-2] = e.buf[n-1]
			e.buf = e.buf[:n-1]
		}
	}
	return nil
}

func encString(e *encoder, v reflect.Value, _ *codec) error {
	e.string(v.String())
	return nil
}

func (e *encoder) string(s string) { e.buf = appendString(e.buf, s) }

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
//
// It goes eight bytes at a time over ASCII that needs no escaping, and, once
// it has found that the rest of s from its first non-ASCII byte is valid
// UTF-8 (one utf8.ValidString), over any bytes that need none, instead of
// decoding every rune.
func appendString(buf []byte, s string) []byte {
	var sc utf8Scan
	if len(s)+2 > cap(buf)-len(buf) {
		// A string that does not fit makes room for its whole encoding at
		// once, with a little to spare for the rest of the document: the
		// appends below would otherwise grow the buffer step by step, each
		// time copying it, for several times its size in garbage.
		e := escapedLen(s, &sc)
		nb := make([]byte, len(buf), len(buf)+e+e/64)
		copy(nb, buf)
		buf = nb
	}
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && sc.plain8(s[i:]) {
			i += 8
			continue
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			if sc.valid(s, i) {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				buf = append(buf, s[start:i]...)
				buf = append(buf, "\uFFFD"...)
				start = i + 1
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		default:
			const hex = "0123456789abcdef"
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// utf8Scan is what a scan of a string for appendString knows of its
// UTF-8: its zero value knows nothing.
type utf8Scan struct {
	checked bool   // the rest from the first non-ASCII byte was checked
	free    uint64 // highs if it is valid UTF-8, so plain8 lets its bytes through
}

// valid reports whether the bytes of s from i on, the first of them not
// ASCII, are known to be valid UTF-8. It checks them the first time.
func (sc *utf8Scan) valid(s string, i int) bool {
	if !sc.checked {
		sc.checked = true
		if utf8.ValidString(s[i:]) {
			sc.free = highs
		}
	}
	return sc.free != 0
}

// highs has the high bit of each of eight bytes.
const highs = 0x8080808080808080

// plain8 reports whether the first eight bytes of s, which has at least
// eight, need no escaping: no quote, backslash or control character, and
// no byte beyond ASCII unless the rest of s is known to be valid UTF-8.
func (sc *utf8Scan) plain8(s string) bool {
	x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
	return (special(x)|x&^sc.free)&highs == 0
}

// escapedLen returns the length of appendString(nil, s). It leaves in sc
// what it found of the UTF-8 of s, for appendString not to check it again.
func escapedLen(s string, sc *utf8Scan) int {
	n := len(s) + 2
	for i := 0; i < len(s); {
		if i+8 <= len(s) && sc.plain8(s[i:]) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			n += int(escapeExtra[c])
			i++
			continue
		}
		if sc.valid(s, i) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += len("\uFFFD") - 1 // U+FFFD takes three bytes
		}
		i += size
	}
	return n
}

// escapeExtra is, for an ASCII byte, how many more bytes than one
// appendString writes for it.
var escapeExtra = func() (t [utf8.RuneSelf]uint8) {
	for c := range 0x20 {
		t[c] = 5 // \u00XX
	}
	for _, c := range "\"\\\n\r\t\b\f" {
		t[c] = 1
	}
	return t
}()

func encPointer(e *encoder, v reflect.Value, c *codec) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	return c.elem.enc(e, v.Elem(), c.elem)
}

func encSlice(e *encoder, v reflect.Value, c *codec) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	n := v.Len()
	if c.form != nil && n == 1 {
		if elem := v.Index(0).Interface(); IsStringForm(elem) {
			if s, ok := c.form.ToString(elem); ok {
				e.string(s)
				return nil
			}
		}
	}
	e.buf = append(e.buf, '[')
	for i := range n {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := c.elem.enc(e, v.Index(i), c.elem); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, ']')
	return nil
}

func encMap(e *encoder, v reflect.Value, c *codec) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch as, bs := a.String(), b.String(); {
		case as < bs:
			return -1
		case as > bs:
			return 1
		}
		return 0
	})
	e.buf = append(e.buf, '{')
	elem := reflect.New(v.Type().Elem()).Elem()
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.string(k.String())
		e.buf = append(e.buf, ':')
		elem.Set(v.MapIndex(k))
		if err := c.elem.enc(e, elem, c.elem); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

func encStruct(e *encoder, v reflect.Value, c *codec) error {
	if !v.CanAddr() {
		p := reflect.New(v.Type()).Elem()
		p.Set(v)
		v = p
	}
	var m *Meta
	if c.meta >= 0 {
		m = (*Meta)(unsafe.Pointer(v.Field(c.meta).UnsafeAddr()))
		if c.form != nil && m.present&flagStringForm != 0 {
			if s, ok := c.form.ToString(v.Addr().Interface()); ok {
				e.string(s)
				return nil
			}
		}
	}
	e.buf = append(e.buf, '{')
	n := 0
	if e.disc != nil {
		e.buf = append(e.buf, e.disc...)
		e.disc = nil
		n++
	}
	nulls := m.nulls()
	for i := range c.fields {
		f := &c.fields[i]
		fv := v.Field(f.index)
		null := false
		if bit := uint64(1) << f.bit; (f.omit || nulls&bit != 0) && (m == nil || m.present&bit == 0) && fv.IsZero() {
			// A member decoded as null is written back as null while
			// its field is zero: a value set in Go wins.
			if null = nulls&bit != 0; !null {
				continue
			}
		}
		if n > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, f.key...)
		if null {
			e.buf = append(e.buf, "null"...)
		} else if fv.Kind() == reflect.Slice && fv.IsNil() && f.c.typ != rawType {
			// A required list is never null.
			e.buf = append(e.buf, '[', ']')
		} else if err := f.c.enc(e, fv, f.c); err != nil {
			return err
		}
		n++
	}
	if raw := m.raw(); len(raw) > 0 {
		if n > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, raw...)
	}
	e.buf = append(e.buf, '}')
	return nil
}

func encUnion(e *encoder, v reflect.Value, c *codec) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	elem := v.Elem()
	if vr := c.byType[elem.Type()]; vr != nil {
		if elem.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		sv := elem.Elem()
		switch {
		case vr.implied:
			e.disc = vr.member
		case vr.field >= 0 && sv.Field(vr.c.fields[vr.field].index).String() == "":
			if m := metaOf(sv); m == nil || m.present&flagDecoded == 0 {
				e.disc = vr.member
			}
		}
		return encStruct(e, sv, vr.c)
	}
	ec := codecFor(elem.Type())
	return ec.enc(e, elem, ec)
}

func encRaw(e *encoder, v reflect.Value, _ *codec) error {
	b := v.Bytes()
	if len(b) == 0 {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	e.buf = append(e.buf, b...)
	return nil
}

func encExternal(e *encoder, v reflect.Value, _ *codec) error {
	var (
		b   []byte
		err error
	)
	switch m := v.Interface().(type) {
	case json.Marshaler:
		if v.Kind() == reflect.Pointer && v.IsNil() {
			b = []byte("null")
		} else {
			b, err = m.MarshalJSON()
		}
	default:
		if v.CanAddr() {
			if m, ok := v.Addr().Interface().(json.Marshaler); ok {
				b, err = m.MarshalJSON()
				break
			}
		}
		b, err = json.Marshal(v.Interface())
	}
	if err != nil {
		return err
	}
	e.buf = append(e.buf, b...)
	return nil
}
