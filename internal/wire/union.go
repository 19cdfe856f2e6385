package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
)

// Union describes a sealed interface whose concrete types are told apart by a
// discriminator member of the JSON object.
type Union struct {
	// Key is the discriminator member, usually "type".
	Key string
	// Types lists the discriminator values and their concrete types. Several
	// values may share a type when that struct has a field for Key; the first
	// is its default, which the encoder writes when the field is empty in a
	// value built in Go. Otherwise each type has one value, which the encoder
	// writes first.
	Types []Variant
	// Missing, if set, is the concrete type (a nil pointer) of an object that
	// has no discriminator member.
	Missing any
	// Unknown is the type (a nil pointer) that keeps an object of any other
	// kind. Its pointer must implement json.Unmarshaler and json.Marshaler,
	// and it must keep the raw bytes so they are written back unchanged.
	Unknown any
	// String, if set, makes a JSON string decode to String(s).
	String func(s string) any
}

// A Variant is a discriminator value and its concrete type, a nil pointer
// such as (*Message)(nil).
type Variant struct {
	Name string
	Type any
}

type union struct {
	key     string
	keyJSON []byte // `"type"`
	types   map[string]reflect.Type
	names   map[reflect.Type]string // the first (default) value of each type
	missing reflect.Type
	unknown reflect.Type
	str     func(string) any
}

// StringForm describes a type that may be written as a plain string: a list
// whose only element stands for the string, as when a message's content is
// "hi" instead of a list of parts, or a struct, as when a conversation is
// given by its id alone.
type StringForm struct {
	// FromString returns, for the string s, the only element of the list or
	// a pointer to the struct. The element or struct must have a Meta; the
	// codec marks it with SetStringForm.
	FromString func(s string) any
	// ToString returns the string for an element or struct pointer marked
	// with SetStringForm.
	ToString func(p any) (string, bool)
}

var (
	registryMu  sync.RWMutex
	unions      = map[reflect.Type]*union{}
	stringForms = map[reflect.Type]*StringForm{}
)

// RegisterUnion registers the sealed interface I. It must be called from an
// init function, before any value containing I is encoded or decoded.
func RegisterUnion[I any](u Union) {
	t := reflect.TypeFor[I]()
	if t.Kind() != reflect.Interface {
		panic(fmt.Sprintf("wire: RegisterUnion: %v is not an interface", t))
	}
	r := &union{
		key:     u.Key,
		keyJSON: []byte(`"` + u.Key + `"`),
		types:   make(map[string]reflect.Type, len(u.Types)),
		names:   make(map[reflect.Type]string, len(u.Types)),
		str:     u.String,
	}
	for _, v := range u.Types {
		name, pt := v.Name, reflect.TypeOf(v.Type)
		if pt.Kind() != reflect.Pointer || pt.Elem().Kind() != reflect.Struct || !pt.Implements(t) {
			panic(fmt.Sprintf("wire: RegisterUnion %v: %q: %v is not a struct pointer implementing it", t, name, pt))
		}
		if _, dup := r.types[name]; dup {
			panic(fmt.Sprintf("wire: RegisterUnion %v: %q is listed twice", t, name))
		}
		r.types[name] = pt
		if other, dup := r.names[pt]; !dup {
			r.names[pt] = name
		} else if !hasMember(pt.Elem(), u.Key) {
			panic(fmt.Sprintf("wire: RegisterUnion %v: %v has no %q field but two names, %q and %q", t, pt, u.Key, other, name))
		}
	}
	if u.Missing != nil {
		r.missing = reflect.TypeOf(u.Missing)
	}
	if u.Unknown == nil {
		panic(fmt.Sprintf("wire: RegisterUnion %v: no Unknown type", t))
	}
	r.unknown = reflect.TypeOf(u.Unknown)
	if !r.unknown.Implements(reflect.TypeFor[json.Unmarshaler]()) || !r.unknown.Implements(reflect.TypeFor[json.Marshaler]()) || !r.unknown.Implements(t) {
		panic(fmt.Sprintf("wire: RegisterUnion %v: Unknown %v must implement it, json.Marshaler and json.Unmarshaler", t, r.unknown))
	}
	registryMu.Lock()
	unions[t] = r
	registryMu.Unlock()
}

// RegisterStringForm registers T, a slice or a struct with Meta, as a type
// that may be written as a plain string. It must be called from an init
// function.
func RegisterStringForm[T any](f StringForm) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Slice && (t.Kind() != reflect.Struct || !hasMeta(t)) {
		panic(fmt.Sprintf("wire: RegisterStringForm: %v is neither a slice nor a struct with Meta", t))
	}
	registryMu.Lock()
	stringForms[t] = &f
	registryMu.Unlock()
}

func lookupUnion(t reflect.Type) *union {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return unions[t]
}

func lookupStringForm(t reflect.Type) *StringForm {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return stringForms[t]
}

// hasMember reports whether struct type t has a field whose JSON name is name.
func hasMember(t reflect.Type, name string) bool {
	for field := range t.Fields() {
		if n, _, ok := jsonName(field); ok && n == name {
			return true
		}
	}
	return false
}
