package schema

import (
	"errors"
	"reflect"
)

// Partial decodes JSON text that arrives in pieces, such as structured
// output or function arguments streamed delta by delta, into a value of
// type T that fills up as the text comes in. When the text is complete,
// [Partial.Final] returns the value decoded exactly as [Decode] would.
//
// While the text is incomplete, the value shows what is known for sure:
//
//   - objects and arrays appear as soon as they open and fill up as their
//     members arrive; a key shows only once its value begins;
//   - a string shows as far as it came (an escape or UTF-8 sequence cut by
//     the end of a piece waits for the rest);
//   - a string whose field has an enum or const in the schema shows only
//     once complete, so it never holds a prefix that is not a member;
//   - a number shows only once something follows it (a top-level number
//     only at Final), so 3 never turns into 30;
//   - true, false and null show from their first letter;
//   - base64 strings and types with their own decoder (time.Time,
//     json.Unmarshaler) show only once complete.
//
// The work per piece is proportional to the size of the piece: the decoder
// keeps its state between pieces and fills the value in place.
//
// A Partial is not safe for concurrent use.
type Partial[T any] struct {
	v     T
	m     machine
	c     *codec
	err   error
	done  bool
	final T
}

// NewPartial returns a Partial that decodes into a new value of type T. If
// T cannot be decoded (see [Decode]), every call reports the [*TypeError].
func NewPartial[T any]() *Partial[T] {
	p := &Partial[T]{}
	t := reflect.TypeFor[T]()
	c, err := plan(t, false)
	if err != nil {
		p.err = err
		return p
	}
	p.c = c
	p.m.reset(slot{c: c}, reflect.ValueOf(&p.v).Elem(), typeLabel(t))
	return p
}

var errWriteAfterFinal = errors.New("schema: Write after Final")

// Write adds the next piece of text and reports whether the value changed:
// changed is true exactly when the value differs from what it was before
// the call.
//
// An error means the text cannot become a document [Decode] accepts: a
// syntax error, a value of the wrong type, an unknown, missing or repeated
// field, a string outside its enum, or data after the complete document.
// It is a [*DecodeError] reported as soon as the problem is certain; the
// same error is returned by every later call. The value keeps what was
// decoded before the problem.
func (p *Partial[T]) Write(delta string) (changed bool, err error) {
	if p.err != nil {
		return false, p.err
	}
	if p.done {
		return false, errWriteAfterFinal
	}
	p.m.buf = append(p.m.buf, delta...)
	p.m.changed = false
	p.m.run()
	if p.m.err != nil {
		p.err = p.m.err
	}
	return p.m.changed, p.err
}

// Value returns the value decoded so far, or nil while there is none yet
// (before the first byte of the value, or while a top-level number or enum
// string is incomplete).
//
// The value is live: later calls to Write update it in place. Strings in it
// never change once handed out and may be kept; slices and pointers are
// shared with the live value, so copy what you keep past the next Write.
// Do not modify the value while writing.
func (p *Partial[T]) Value() *T {
	if !p.m.rootShown {
		return nil
	}
	return &p.v
}

// Final ends the text and returns the value decoded exactly as [Decode]
// would decode the whole text: the document must be complete, and the
// Validate methods run. It may be called more than once; Write fails after
// it.
func (p *Partial[T]) Final() (T, error) {
	if p.done || p.err != nil {
		return p.final, p.err
	}
	p.done = true
	p.m.finish()
	if p.m.err != nil {
		p.err = p.m.err
		return p.final, p.err
	}
	p.final = p.v
	if err := p.m.validate(p.m.rootV, p.c, []byte{'$'}); err != nil {
		p.err = err
	}
	return p.final, p.err
}

// Text returns the text written so far.
func (p *Partial[T]) Text() string { return string(p.m.buf) }
