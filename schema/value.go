package schema

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unsafe"
)

// place returns the Go value the current value goes into, creating it: the
// root, a struct field (allocating embedded pointers), a new slice element
// or an array element, with pointers allocated down to the target. Values
// shown while they arrive (objects, arrays, strings, booleans) are placed
// when they begin; the others (numbers, enum strings, base64, values with
// their own decoder) only when they are complete, so that a partial value
// never shows them half read.
func (m *machine) place() reflect.Value {
	var v reflect.Value
	if len(m.stack) == 0 {
		v = m.rootV
		if !m.rootShown {
			m.rootShown = true
			m.changed = true
		}
	} else {
		f := &m.stack[len(m.stack)-1]
		switch {
		case !f.array:
			v = m.fieldValue(f.v, f.c.fields[f.field].index)
		case f.c.kind == kSlice:
			n := f.v.Len()
			f.v.Grow(1)
			f.v.SetLen(n + 1)
			v = f.v.Index(n)
			v.SetZero()
			m.changed = true
		default:
			v = f.v.Index(f.n - 1)
		}
	}
	for c := m.cur.c; c.kind == kPtr; c = c.elem.c {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
			m.changed = true
		}
		v = v.Elem()
	}
	return v
}

// fieldValue returns the field at index, allocating nil embedded pointers
// on the way.
func (m *machine) fieldValue(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
				m.changed = true
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// setNull sets a nullable struct field to its zero value.
func (m *machine) setNull() {
	f := &m.stack[len(m.stack)-1]
	v := m.fieldValue(f.v, f.c.fields[f.field].index)
	if !v.IsZero() {
		v.SetZero()
		m.changed = true
	}
}

func (m *machine) mismatch(s slot) {
	// A literal of the wrong kind that is not even the literal ("nope" for
	// "null") is a syntax error, which says more.
	var lit string
	switch m.buf[m.start] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	case 'n':
		lit = "null"
	}
	for i := 1; i < len(lit) && m.start+i < len(m.buf); i++ {
		if m.buf[m.start+i] != lit[i] {
			m.pos = m.start + i
			m.syntax("in literal "+lit+" (expecting "+quoteChar(lit[i])+")", true)
			return
		}
	}
	m.fail(m.start, true, fmt.Errorf("expected %s, got %s", want(s), describe(m.buf, m.start)))
}

// want names what a slot accepts, for messages.
func want(s slot) string {
	c := s.c
	for c.kind == kPtr {
		c = c.elem.c
	}
	var w string
	switch c.kind {
	case kBool:
		w = "boolean"
	case kInt, kUint:
		w = "integer"
	case kFloat, kNumber:
		w = "number"
	case kString, kText:
		w = "string"
	case kBytes:
		w = "base64 string"
	case kSlice, kArray:
		w = "array"
	case kStruct:
		w = "object"
	default:
		w = "value"
	}
	if s.nullable {
		w += " or null"
	}
	return w
}

// describe names the JSON value at off, for messages: `string "three"`,
// `number 1.5`, `object`.
func describe(buf []byte, off int) string {
	if off >= len(buf) {
		return "end of input"
	}
	switch c := buf[off]; {
	case c == '"':
		end := off + 1
		for end < len(buf) && buf[end] != '"' {
			if buf[end] == '\\' {
				end++
			}
			end++
		}
		if end < len(buf) && end-off <= 42 {
			return "string " + string(buf[off:end+1])
		}
		cut := min(end, off+38, len(buf))
		return "string " + strings.ToValidUTF8(string(buf[off:cut]), "") + `..."`
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't':
		return "boolean true"
	case c == 'f':
		return "boolean false"
	case c == 'n':
		return "null"
	case c == '-' || '0' <= c && c <= '9':
		end := off
		for end < len(buf) && end-off < 40 && strings.IndexByte("+-.eE0123456789", buf[end]) >= 0 {
			end++
		}
		return "number " + string(buf[off:end])
	}
	return "invalid JSON"
}

// setNumber stores a complete number in its slot.
func (m *machine) setNumber(text []byte) {
	s := m.cur
	c := s.c
	for c.kind == kPtr {
		c = c.elem.c
	}
	str := unsafe.String(unsafe.SliceData(text), len(text)) // not kept
	if s.enum != nil && !enumHasNumber(s.enum, str) {
		m.fail(m.start, true, fmt.Errorf("expected one of %s, got number %s", enumList(s.enum), text))
		return
	}
	switch c.kind {
	case kInt:
		n, err := strconv.ParseInt(str, 10, c.typ.Bits())
		if err != nil {
			m.numberError(err, "integer", text)
			return
		}
		v := m.place()
		if v.Int() != n {
			v.SetInt(n)
			m.changed = true
		}
	case kUint:
		n, err := strconv.ParseUint(str, 10, c.typ.Bits())
		if err != nil {
			m.numberError(err, "non-negative integer", text)
			return
		}
		v := m.place()
		if v.Uint() != n {
			v.SetUint(n)
			m.changed = true
		}
	case kFloat:
		n, err := strconv.ParseFloat(str, c.typ.Bits())
		if err != nil {
			m.numberError(err, "number", text)
			return
		}
		v := m.place()
		if v.Float() != n {
			v.SetFloat(n)
			m.changed = true
		}
	case kNumber:
		v := m.place()
		if v.String() != str {
			v.SetString(string(text))
			m.changed = true
		}
	}
}

func (m *machine) numberError(err error, kind string, text []byte) {
	if errors.Is(err, strconv.ErrRange) {
		m.fail(m.start, true, fmt.Errorf("number %s overflows %s", text, m.cur.c.typ))
		return
	}
	m.fail(m.start, true, fmt.Errorf("expected %s, got number %s", kind, text))
}

// stringDone stores a complete string that was not shown while it grew,
// and checks enums.
func (m *machine) stringDone() {
	s := m.cur
	c := s.c
	for c.kind == kPtr {
		c = c.elem.c
	}
	content := m.arena[m.strStart:]
	if s.enum != nil && !enumHasString(s.enum, content) {
		m.fail(m.start, true, fmt.Errorf("expected one of %s, got %s", enumList(s.enum), describe(m.buf, m.start)))
		return
	}
	if m.strShown {
		return
	}
	switch c.kind {
	case kString:
		v := m.place()
		if str := m.view(); v.String() != str {
			v.SetString(str)
			m.changed = true
		}
	case kBytes:
		b := make([]byte, base64.StdEncoding.DecodedLen(len(content)))
		n, err := base64.StdEncoding.Decode(b, content)
		if err != nil {
			m.fail(m.start, true, fmt.Errorf("invalid base64: %v", err))
			return
		}
		v := m.place()
		v.SetBytes(b[:n])
		m.changed = m.changed || !v.IsZero()
	case kText:
		v := m.place()
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(content); err != nil {
			m.fail(m.start, true, err)
			return
		}
		m.changed = m.changed || !v.IsZero() // v was the zero value
	}
}

// deliverRaw hands a complete raw value to its json.Unmarshaler.
func (m *machine) deliverRaw(data []byte) {
	saved := m.cur
	m.cur = m.rawSlot
	defer func() { m.cur = saved }()
	v := m.place()
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(data); err != nil {
		m.start = m.rawStart
		m.fail(m.rawStart, true, err)
		return
	}
	m.changed = m.changed || !v.IsZero() // v was the zero value
}

func enumHasString(enum []any, s []byte) bool {
	for _, e := range enum {
		if e, ok := e.(string); ok && e == string(s) {
			return true
		}
	}
	return false
}

func enumHasNumber(enum []any, s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return true // out of range: reported by the conversion
	}
	for _, e := range enum {
		if e, ok := e.(json.Number); ok {
			if g, err := e.Float64(); err == nil && g == f {
				return true
			}
		}
	}
	return false
}

func enumList(enum []any) string {
	var b []byte
	for i, e := range enum {
		if i > 0 {
			b = append(b, ", "...)
		}
		if i == 10 && len(enum) > 11 {
			b = fmt.Appendf(b, "... (%d more)", len(enum)-10)
			break
		}
		b = appendTree(b, e)
	}
	return string(b)
}

type validator interface{ Validate() error }

// validate runs the Validate methods in a decoded value, children before
// their parents, and returns the first error with its path.
func (m *machine) validate(v reflect.Value, c *codec, path []byte) error {
	if !c.deep {
		return nil
	}
	switch c.kind {
	case kPtr:
		if v.IsNil() {
			return nil
		}
		return m.validate(v.Elem(), c.elem.c, path)
	case kStruct:
		for i := range c.fields {
			f := &c.fields[i]
			if !f.c.deep {
				continue
			}
			fv, ok := fieldIfSet(v, f.index)
			if !ok {
				continue
			}
			if err := m.validate(fv, f.c, appendMember(path, f.name)); err != nil {
				return err
			}
		}
	case kSlice, kArray:
		for i := range v.Len() {
			if err := m.validate(v.Index(i), c.elem.c, fmt.Appendf(path, "[%d]", i)); err != nil {
				return err
			}
		}
	}
	if c.validate {
		if err := v.Addr().Interface().(validator).Validate(); err != nil {
			return &DecodeError{Type: m.typeName, Path: string(path), Text: string(m.buf), Err: &ValidationError{Err: err}}
		}
	}
	return nil
}

// fieldIfSet returns the field at index unless an embedded pointer on the
// way is nil.
func fieldIfSet(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}
