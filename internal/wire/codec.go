package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A codec encodes and decodes one Go type.
type codec struct {
	typ reflect.Type
	dec func(d *decoder, v reflect.Value, c *codec) error
	enc func(e *encoder, v reflect.Value, c *codec) error

	// Structs.
	fields []field
	byName map[string]int
	meta   int // index of the Meta field, or -1

	union    *union              // interfaces registered with RegisterUnion
	variants map[string]*variant // by discriminator value
	names    map[string]string   // the discriminator values, as strings of their own
	missing  *variant            // for objects without a discriminator
	byType   map[reflect.Type]*variant
	form     *StringForm // types registered with RegisterStringForm
	elem     *codec      // pointers, slices, maps

	// nullable: the type writes a null back as null (a pointer, slice,
	// map, interface or json.RawMessage), so that null in a list of them
	// round-trips.
	nullable bool
	// nulls is the last record of null members made for a struct of this
	// type without raw members, which the next one likely shares. It is
	// never changed.
	nulls atomic.Pointer[extra]
}

// A variant is one concrete type of a union.
type variant struct {
	ptr   reflect.Type // *T
	slice reflect.Type // []T, for batches
	c     *codec       // T's codec
	// member is the discriminator member with T's first value, `"type":"name"`.
	member []byte
	// implied: T has no field for the discriminator, which is always written
	// from member. Otherwise field is the index (in c.fields) of the field
	// that holds it, and member is written for a value built in Go whose
	// field is empty, unless T is the union's type for objects without one.
	implied bool
	field   int
	// itab is the first word of an interface value of the union holding a
	// *T, the same for every such value: set uses it to store a *T in a
	// field of the union's type without reflect's per-call check that *T
	// implements it.
	itab unsafe.Pointer
}

// set stores p, a *T, in v, an addressable value of the union's type.
func (vr *variant) set(v, p reflect.Value) {
	if !v.CanAddr() {
		v.Set(p)
		return
	}
	*(*[2]unsafe.Pointer)(unsafe.Pointer(v.UnsafeAddr())) = [2]unsafe.Pointer{vr.itab, p.UnsafePointer()}
}

// itabOf returns the first word of an interface value of type iface holding
// a value of the pointer type ptr.
func itabOf(iface, ptr reflect.Type) unsafe.Pointer {
	v := reflect.New(iface).Elem()
	v.Set(reflect.Zero(ptr))
	return (*[2]unsafe.Pointer)(unsafe.Pointer(v.UnsafeAddr()))[0]
}

// fieldAt returns the field at index i, or nil past the last.
func (c *codec) fieldAt(i int) *field {
	if i < len(c.fields) {
		return &c.fields[i]
	}
	return nil
}

// field returns the index of the member named key, looking at index next
// first.
func (c *codec) field(key []byte, next int) (int, bool) {
	n := len(c.fields)
	if n > 8 {
		// A large struct whose members come in another order than its
		// fields (a response's, say) would cost a scan per member.
		if next < n && c.fields[next].name == string(key) {
			return next, true
		}
		i, ok := c.byName[string(key)]
		return i, ok
	}
	for k := range n {
		i := next + k
		if i >= n {
			i -= n
		}
		if c.fields[i].name == string(key) {
			return i, true
		}
	}
	return 0, false
}

type field struct {
	name   string
	key    []byte // `"name":`
	index  int
	bit    uint
	omit   bool
	c      *codec
	offset uintptr // of the field in its struct
	fast   fastKind
	strict bool // a value of the wrong kind is an error, not kept raw
}

// fastKind names the field types that decStruct decodes without reflect.
type fastKind uint8

const (
	slow fastKind = iota
	fastString
	fastInt   // int, the size of a pointer
	fastInt64 // int64
	fastBool
	fastFloat64
	fastSlice // only an empty array is decoded fast
)

func fastKindOf(t reflect.Type) fastKind {
	switch t.Kind() {
	case reflect.String:
		return fastString
	case reflect.Int:
		return fastInt
	case reflect.Int64:
		return fastInt64
	case reflect.Bool:
		return fastBool
	case reflect.Float64:
		return fastFloat64
	}
	return slow
}

var (
	codecs      sync.Map // reflect.Type → *codec
	metaType    = reflect.TypeFor[Meta]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	marshalerT  = reflect.TypeFor[json.Marshaler]()
	unmarshalT  = reflect.TypeFor[json.Unmarshaler]()
	maxFieldBit = 62 // the top bits of Meta.present are flags
)

func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	b := builder{building: map[reflect.Type]*codec{}}
	c := b.build(t)
	for bt, bc := range b.building {
		codecs.LoadOrStore(bt, bc)
	}
	return c
}

type builder struct {
	building map[reflect.Type]*codec
}

func (b *builder) build(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	if c, ok := b.building[t]; ok {
		return c
	}
	c := &codec{typ: t, meta: -1}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		c.nullable = true
	}
	b.building[t] = c
	switch {
	case t == rawType:
		c.dec, c.enc = decRaw, encRaw
	case t.Kind() == reflect.Struct && hasMeta(t):
		c.form = lookupStringForm(t)
		b.buildStruct(c)
	case t.Kind() == reflect.Slice && lookupStringForm(t) != nil:
		// Its MarshalJSON and UnmarshalJSON, if any, call back into wire.
		b.buildKind(c)
	case reflect.PointerTo(t).Implements(unmarshalT) && t.Kind() != reflect.Pointer,
		t.Implements(marshalerT) && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface:
		c.dec, c.enc = decExternal, encExternal
	default:
		b.buildKind(c)
	}
	return c
}

func (b *builder) buildKind(c *codec) {
	t := c.typ
	switch t.Kind() {
	case reflect.Bool:
		c.dec, c.enc = decBool, encBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.dec, c.enc = decInt, encInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		c.dec, c.enc = decUint, encUint
	case reflect.Float32, reflect.Float64:
		c.dec, c.enc = decFloat, encFloat
	case reflect.String:
		c.dec, c.enc = decString, encString
	case reflect.Pointer:
		c.elem = b.build(t.Elem())
		c.dec, c.enc = decPointer, encPointer
	case reflect.Slice:
		c.elem = b.build(t.Elem())
		c.form = lookupStringForm(t)
		c.dec, c.enc = decSlice, encSlice
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic(fmt.Sprintf("wire: map key of %v is not a string", t))
		}
		c.elem = b.build(t.Elem())
		c.dec, c.enc = decMap, encMap
	case reflect.Interface:
		if u := lookupUnion(t); u != nil {
			b.buildUnion(c, u)
			return
		}
		if t.NumMethod() != 0 {
			panic(fmt.Sprintf("wire: interface %v is not registered with RegisterUnion", t))
		}
		c.dec, c.enc = decExternal, encExternal
	case reflect.Struct:
		b.buildStruct(c)
	default:
		panic(fmt.Sprintf("wire: unsupported type %v", t))
	}
}

// isPlainKind reports whether c decodes a basic kind with the plain decoders
// (and not, say, a type with its own UnmarshalJSON).
func isPlainKind(c *codec) bool {
	switch c.typ.Kind() {
	case reflect.String, reflect.Int, reflect.Int64, reflect.Bool, reflect.Float64:
		return c.union == nil && c.form == nil && c.typ != rawType && !isExternal(c)
	}
	return false
}

func isSlice(c *codec) bool {
	return reflect.ValueOf(c.dec).Pointer() == reflect.ValueOf(decSlice).Pointer()
}

func isExternal(c *codec) bool {
	return reflect.ValueOf(c.dec).Pointer() == reflect.ValueOf(decExternal).Pointer()
}

func (b *builder) buildUnion(c *codec, u *union) {
	c.union = u
	c.variants = make(map[string]*variant, len(u.types))
	c.names = make(map[string]string, len(u.types))
	c.byType = make(map[reflect.Type]*variant, len(u.types))
	for name, t := range u.types {
		v := c.byType[t]
		if v == nil {
			v = &variant{ptr: t, slice: reflect.SliceOf(t.Elem()), c: b.build(t.Elem()), field: -1, itab: itabOf(c.typ, t)}
			v.member = append(append(appendString(nil, u.key), ':'), appendString(nil, u.names[t])...)
			if i, ok := v.c.byName[u.key]; ok && v.c.fields[i].c.typ.Kind() == reflect.String {
				if t != u.missing {
					v.field = i
				}
			} else {
				v.implied = true
			}
			c.byType[t] = v
		}
		c.variants[name] = v
		c.names[name] = name
	}
	if u.missing != nil {
		c.missing = c.byType[u.missing]
		if c.missing == nil {
			c.missing = &variant{ptr: u.missing, slice: reflect.SliceOf(u.missing.Elem()), c: b.build(u.missing.Elem()), field: -1, itab: itabOf(c.typ, u.missing)}
		}
	}
	c.dec, c.enc = decUnion, encUnion
}

func (b *builder) buildStruct(c *codec) {
	t := c.typ
	c.byName = map[string]int{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type == metaType {
			c.meta = i
			continue
		}
		name, omit, ok := jsonName(sf)
		if !ok {
			continue
		}
		if sf.Anonymous {
			panic(fmt.Sprintf("wire: embedded field %v.%s is not supported", t, sf.Name))
		}
		if len(c.fields) == maxFieldBit {
			panic(fmt.Sprintf("wire: %v has more than %d JSON members", t, maxFieldBit))
		}
		c.byName[name] = len(c.fields)
		fc := b.build(sf.Type)
		fast := slow
		switch {
		case fc.dec != nil && isPlainKind(fc):
			fast = fastKindOf(sf.Type)
		case sf.Type.Kind() == reflect.Slice && fc.dec != nil && isSlice(fc):
			fast = fastSlice
		}
		c.fields = append(c.fields, field{
			name:   name,
			key:    append(appendString(nil, name), ':'),
			index:  i,
			bit:    uint(len(c.fields)),
			omit:   omit,
			c:      fc,
			offset: sf.Offset,
			fast:   fast,
			strict: sf.Tag.Get("wire") == "strict",
		})
	}
	c.dec, c.enc = decStruct, encStruct
}

// jsonName returns the JSON member name of a struct field, whether it has the
// omitzero (or omitempty) option, and false when the field is not encoded.
func jsonName(sf reflect.StructField) (name string, omit, ok bool) {
	if !sf.IsExported() {
		return "", false, false
	}
	tag, hasTag := sf.Tag.Lookup("json")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if !hasTag || name == "" {
		name = sf.Name
	}
	for o := range strings.SplitSeq(opts, ",") {
		if o == "omitzero" || o == "omitempty" {
			omit = true
		}
	}
	return name, omit, true
}

func hasMeta(t reflect.Type) bool {
	for field := range t.Fields() {
		if field.Type == metaType {
			return true
		}
	}
	return false
}
