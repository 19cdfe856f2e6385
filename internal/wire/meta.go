package wire

import (
	"reflect"
	"unsafe"
)

// Meta is what a decoded struct remembers about its JSON: which members were
// present, the members it does not know (kept as raw JSON), and whether it was
// written in a string short form. The zero Meta describes a value built in Go.
//
// It is kept small, 16 bytes, because every decoded struct has one: the
// flags share the word of the presence bits, and the raw members, rare,
// are behind a pointer.
type Meta struct {
	present uint64  // bit i: the struct's i-th JSON member was present; the top bits are flags
	extra   *[]byte // raw members this struct does not know: `"k":v,"k2":v2`
}

const (
	flagStringForm = 1 << 63 // decoded from (or to be written as) a plain string
	flagDecoded    = 1 << 62 // decoded from JSON, not built in Go
)

// raw returns the raw members that m keeps.
func (m *Meta) raw() []byte {
	if m == nil || m.extra == nil {
		return nil
	}
	return *m.extra
}

// metaOf returns a pointer to the Meta field of the struct that p points to,
// or nil when the type has none.
func metaOf(v reflect.Value) *Meta {
	c := codecFor(v.Type())
	if c.meta < 0 {
		return nil
	}
	f := v.Field(c.meta)
	return (*Meta)(unsafe.Pointer(f.UnsafeAddr()))
}

// SetStringForm marks the struct that p points to as written in a string short
// form, so that a list registered with [RegisterStringForm] holding only p is
// written as that string.
func SetStringForm(p any) {
	if m := metaOf(reflect.ValueOf(p).Elem()); m != nil {
		m.present |= flagStringForm
	}
}

// IsStringForm reports whether the struct that p points to was decoded from a
// string short form (or marked with [SetStringForm]).
func IsStringForm(p any) bool {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	m := metaOf(v.Elem())
	return m != nil && m.present&flagStringForm != 0
}

// Present reports whether the JSON member name was present when the struct
// that p points to was decoded.
func Present(p any, name string) bool {
	v := reflect.ValueOf(p).Elem()
	c := codecFor(v.Type())
	m := metaOf(v)
	if m == nil {
		return false
	}
	i, ok := c.byName[name]
	return ok && m.present&(1<<c.fields[i].bit) != 0
}

// ExtraOf returns the raw members that the struct p points to did not know
// (see [Meta.Extra]), or nil.
func ExtraOf(p any) []byte {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	if m := metaOf(v.Elem()); m != nil {
		return m.raw()
	}
	return nil
}

// SetPresent marks the JSON members names of the struct that p points to as
// present, so that they are written even when their value is zero.
func SetPresent(p any, names ...string) {
	v := reflect.ValueOf(p).Elem()
	c := codecFor(v.Type())
	m := metaOf(v)
	if m == nil {
		return
	}
	for _, name := range names {
		if i, ok := c.byName[name]; ok {
			m.present |= 1 << c.fields[i].bit
		}
	}
}
