package wire

import (
	"reflect"
	"unsafe"
)

// Meta is what a decoded struct remembers about its JSON: which members were
// present, which were null, the members it does not know (kept as raw JSON),
// and whether it was written in a string short form. The zero Meta describes
// a value built in Go.
//
// It is kept small, 16 bytes, because every decoded struct has one: the
// flags share the word of the presence bits, and the null members and the
// raw members, rarer, are behind a pointer, which a struct without them
// does not allocate.
type Meta struct {
	present uint64 // bit i: the struct's i-th JSON member was present; the top bits are flags
	extra   *extra
}

// extra is what few decoded structs have: null members and members kept raw.
// It may be shared, by copies of a struct and, when it holds only nulls, by
// structs of the same type decoded with the same nulls (see setNulls), so it
// is changed in place only while its struct is being decoded and before it
// holds nulls; otherwise it is replaced.
type extra struct {
	raw   []byte // raw members this struct does not know: `"k":v,"k2":v2`
	null  uint64 // bit i: the struct's i-th JSON member was null
	known uint64 // bit i: raw holds the i-th member, a value of the wrong kind
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
	return m.extra.raw
}

// nulls returns the bits of the members that were null.
func (m *Meta) nulls() uint64 {
	if m == nil || m.extra == nil {
		return 0
	}
	return m.extra.null
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

// Null reports whether the JSON member name was null when the struct that p
// points to was decoded. Such a member is written back as null as long as
// its field holds the zero value (see the package documentation).
func Null(p any, name string) bool {
	v := reflect.ValueOf(p).Elem()
	c := codecFor(v.Type())
	m := metaOf(v)
	i, ok := c.byName[name]
	return ok && m != nil && m.nulls()&(1<<c.fields[i].bit) != 0
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
// present, so that they are written even when their value is zero: a member
// decoded as null is then written with the zero value of its field.
func SetPresent(p any, names ...string) {
	v := reflect.ValueOf(p).Elem()
	c := codecFor(v.Type())
	m := metaOf(v)
	if m == nil {
		return
	}
	var bits uint64
	for _, name := range names {
		if i, ok := c.byName[name]; ok {
			bits |= 1 << c.fields[i].bit
		}
	}
	m.present |= bits
	if m.nulls()&bits != 0 {
		// A copy of the struct may share extra: replace it.
		m.extra = &extra{raw: m.extra.raw, null: m.extra.null &^ bits}
	}
}

// DropExtra removes the raw member name, if any, from the members that the
// struct p points to keeps without knowing them (see [ExtraOf]). The
// struct's record of them is replaced, never changed in place, so that
// copies of the struct keep theirs.
func DropExtra(p any, name string) {
	v := reflect.ValueOf(p).Elem()
	m := metaOf(v)
	if m == nil || len(m.raw()) == 0 {
		return
	}
	e := *m.extra
	c := codecFor(v.Type())
	if i, ok := c.byName[name]; ok {
		e.known &^= 1 << c.fields[i].bit
	}
	m.extra = &e
	m.dropExtra(name)
	if m.extra == nil && (e.null != 0 || e.known != 0) {
		m.extra = &extra{null: e.null, known: e.known}
	}
}
