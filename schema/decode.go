package schema

import (
	"reflect"
	"sync"
)

// Decode decodes JSON text, such as the structured output of a model or the
// arguments of a function call, into a value of type T, strictly:
//
//   - the text must be one JSON value and nothing else but whitespace;
//   - every object must have exactly the fields of its struct, each once
//     (names match exactly, not case-insensitively as in encoding/json);
//     an unknown, missing or repeated field is an error;
//   - every value must have the JSON type of its Go type; null is accepted
//     only where the schema of [For] allows it (pointers, omitempty,
//     omitzero and jsonschema:"nullable" fields) and decodes to nil or the
//     zero value; integers must be integers that fit;
//   - strings and numbers with an enum or const in the schema must be one
//     of its values;
//   - types implementing json.Unmarshaler or encoding.TextUnmarshaler
//     decode themselves.
//
// Any problem is a [*DecodeError] with the JSON path of the offending value
// and the whole text; the returned value is then the zero value.
//
// After decoding, the Validate() error methods found in the value (on T,
// on nested structs and on slice elements, through pointers) run, children
// before their parents. The first error is returned as a [*DecodeError]
// whose Err is a [*ValidationError] wrapping it (errors.As reaches it),
// together with the decoded value.
//
// Types that [For] rejects (maps, interfaces, ...) are a [*TypeError].
// Decode is safe for concurrent use.
func Decode[T any](data []byte) (T, error) {
	var v T
	c, err := plan(reflect.TypeFor[T](), false)
	if err != nil {
		return v, err
	}
	m := machines.Get().(*machine)
	defer machines.Put(m)
	m.reset(slot{c: c}, reflect.ValueOf(&v).Elem(), typeLabel(reflect.TypeFor[T]()))
	m.buf = data
	m.finish()
	defer m.release()
	if m.err != nil {
		var zero T
		return zero, m.err
	}
	if err := m.validate(m.rootV, c, []byte{'$'}); err != nil {
		return v, err
	}
	return v, nil
}

var machines = sync.Pool{New: func() any { return new(machine) }}

// release drops the references a pooled machine must not keep: the input,
// the arena (strings of the decoded value point into it) and the value.
func (m *machine) release() {
	for i := range m.stack[:cap(m.stack)] {
		m.stack[:cap(m.stack)][i].v = reflect.Value{}
	}
	m.buf, m.arena, m.rootV, m.strV = nil, nil, reflect.Value{}, reflect.Value{}
	m.err = nil
}
