package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/invopop/jsonschema"
)

// Schema is a JSON Schema ready to send: as the schema of a json_schema
// text format, or as the parameters of a function tool. It is immutable;
// the exported fields are copies the caller may change.
type Schema struct {
	// Name is the format or tool name. It matches ^[a-zA-Z0-9_-]{1,64}$.
	Name string
	// Description is the format or tool description; "" for none.
	Description string
	// Strict reports whether the schema follows the strict-mode rules, so
	// that it can be sent with "strict": true. Schemas from [For] and
	// [FromJSON] are strict; schemas from [Raw] are not.
	Strict bool

	raw []byte
}

// MarshalJSON returns the schema object itself.
func (s *Schema) MarshalJSON() ([]byte, error) {
	return bytes.Clone(s.raw), nil
}

// String returns the schema as compact JSON.
func (s *Schema) String() string { return string(s.raw) }

// An Option changes the name or description of a schema.
type Option func(*options)

type options struct {
	name        string
	nameSet     bool
	description string
}

// WithName sets the name of the schema, instead of the one derived from the
// Go type. The name must match ^[a-zA-Z0-9_-]{1,64}$; it is not sanitised.
func WithName(name string) Option {
	return func(o *options) { o.name, o.nameSet = name, true }
}

// WithDescription sets the description of the schema: the format or tool
// description, which the model reads.
func WithDescription(description string) Option {
	return func(o *options) { o.description = description }
}

func (o *options) apply(opts []Option, name string) (string, error) {
	for _, opt := range opts {
		opt(o)
	}
	if o.nameSet {
		if !validName(o.name) {
			return "", &SchemaError{Name: o.name, Msg: "invalid name: it must match ^[a-zA-Z0-9_-]{1,64}$"}
		}
		return o.name, nil
	}
	return name, nil
}

// For returns the strict JSON Schema of T, reflected with
// github.com/invopop/jsonschema and made strict:
//
//   - T must be a struct (or a pointer to one): the root of a strict schema
//     is an object. Its name is the sanitised type name ("Page[x.Item]"
//     becomes "Page_Item"), or "output" for an unnamed struct type.
//   - Field names, order and embedding follow encoding/json. Every object is
//     closed and every property required; a pointer field, or a field
//     tagged omitempty, omitzero or jsonschema:"nullable", is a union with
//     null, and null decodes back to nil or the zero value.
//   - Struct tags of invopop/jsonschema (jsonschema:"enum=a,enum=b",
//     jsonschema:"minimum=1", jsonschema_description:"...") are honoured
//     where strict mode supports them; minLength, maxLength, uniqueItems,
//     examples and unsupported formats move into the description.
//   - time.Time is a date-time string, []byte a base64 string, json.Number
//     a number, and a type with a JSONSchema method describes itself.
//   - Maps, interfaces, json.RawMessage, channels, functions and complex
//     numbers are a [*TypeError] naming the field. A schema over the size
//     limits of strict mode is a [*SchemaError] matching [ErrLimit].
//
// The result is computed once per type and cached; For is safe for
// concurrent use.
func For[T any](opts ...Option) (*Schema, error) {
	ts := typeSchemaOf(reflect.TypeFor[T]())
	if ts.err != nil {
		return nil, ts.err
	}
	var o options
	name, err := o.apply(opts, ts.name)
	if err != nil {
		return nil, err
	}
	return &Schema{Name: name, Description: o.description, Strict: true, raw: ts.raw}, nil
}

// FromJSON makes a hand-written JSON Schema strict, with the same transform
// and limit checks as [For]: the root must be an object schema (a root $ref
// is inlined), objects are closed, every property is required (optional
// ones become nullable), oneOf becomes anyOf, $ref loses its siblings,
// unsupported keywords move into the description or are errors. Applying it
// to a strict schema changes nothing.
func FromJSON(name string, raw []byte, opts ...Option) (*Schema, error) {
	name, desc, tree, err := parseNamed(name, raw, opts)
	if err != nil {
		return nil, err
	}
	root, err := strictify(name, tree, nil)
	if err != nil {
		return nil, err
	}
	if err := checkLimits(name, root); err != nil {
		return nil, err
	}
	return &Schema{Name: name, Description: desc, Strict: true, raw: appendTree(nil, root)}, nil
}

// Raw wraps a JSON Schema object as it is, for use without strict mode
// (Strict is false). Only the name and that raw is one JSON object are
// checked.
func Raw(name string, raw []byte, opts ...Option) (*Schema, error) {
	name, desc, tree, err := parseNamed(name, raw, opts)
	if err != nil {
		return nil, err
	}
	if _, ok := tree.(*obj); !ok {
		return nil, &SchemaError{Name: name, Msg: "the schema must be a JSON object"}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, &SchemaError{Name: name, Msg: "invalid JSON: " + err.Error()}
	}
	return &Schema{Name: name, Description: desc, raw: b.Bytes()}, nil
}

// parseNamed checks the name and options of a hand-written schema and
// parses it.
func parseNamed(name string, raw []byte, opts []Option) (string, string, any, error) {
	o := options{name: name, nameSet: true}
	name, err := o.apply(opts, "")
	if err != nil {
		return "", "", nil, err
	}
	tree, err := parseTree(raw)
	if err != nil {
		return "", "", nil, &SchemaError{Name: name, Msg: "invalid JSON: " + err.Error()}
	}
	return name, o.description, tree, nil
}

// typeSchema is the cached strict schema of a Go type.
type typeSchema struct {
	name string
	raw  []byte
	tree *obj
	err  error
}

var typeSchemas sync.Map // reflect.Type → *typeSchema

func typeSchemaOf(t reflect.Type) *typeSchema {
	if v, ok := typeSchemas.Load(t); ok {
		return v.(*typeSchema)
	}
	ts := reflectSchema(t)
	v, _ := typeSchemas.LoadOrStore(t, ts)
	return v.(*typeSchema)
}

func reflectSchema(t reflect.Type) *typeSchema {
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	name := "output"
	if t.Name() != "" {
		name = sanitizeName(t.Name())
	}
	c, err := plan(t, true)
	if err != nil {
		return &typeSchema{err: err}
	}
	n := newNamer()
	r := &jsonschema.Reflector{Anonymous: true, Namer: n.name}
	raw, err := reflectJSON(r, t)
	if err != nil {
		return &typeSchema{err: &SchemaError{Name: name, Msg: err.Error()}}
	}
	tree, err := parseTree(raw)
	if err != nil {
		return &typeSchema{err: &SchemaError{Name: name, Msg: "invopop/jsonschema output: " + err.Error()}}
	}
	root, ok := tree.(*obj)
	if !ok {
		return &typeSchema{err: &SchemaError{Name: name, Msg: "the root schema must be an object schema; wrap the value in a struct"}}
	}
	p := &preparer{name: name, root: root, fields: map[*obj]string{}, visited: map[*obj]bool{}}
	if err := p.walk(c, root, typeLabel(t)); err != nil {
		return &typeSchema{err: err}
	}
	out, err := strictify(name, root, p.fields)
	if err != nil {
		return &typeSchema{err: err}
	}
	if err := checkLimits(name, out); err != nil {
		return &typeSchema{err: err}
	}
	return &typeSchema{name: name, raw: appendTree(nil, out), tree: out}
}

// reflectJSON runs invopop/jsonschema, turning a panic (it panics on types
// it cannot handle) into an error.
func reflectJSON(r *jsonschema.Reflector, t reflect.Type) (raw []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("invopop/jsonschema: %v", p)
		}
	}()
	return json.Marshal(r.ReflectFromType(t))
}
