package schema

import (
	"errors"
	"reflect"
	"strings"

	"github.com/respkit/respkit/internal/elide"
)

// ErrLimit is matched by errors.Is for a [*SchemaError] that reports a schema
// over one of the size limits of strict mode.
var ErrLimit = errors.New("schema exceeds a strict-mode limit")

// The messages of the errors below show each of their parts (a name, a
// path, a reason) elided in the middle to at most 300 bytes, so that a
// schema, a Go type or a model's output cannot make a log line arbitrarily
// long; the fields of the error values keep them whole.

// TypeError reports a Go type that has no strict JSON Schema or cannot be
// decoded: a map, an interface, a channel, a function, a complex number, an
// unsupported struct tag option, or a field name used twice.
type TypeError struct {
	// Type is the offending Go type.
	Type reflect.Type
	// Path is the Go path to it from the root type, such as
	// "Invoice.Lines[].Meta".
	Path string
	// Reason says what is wrong and how to fix it.
	Reason string
}

func (e *TypeError) Error() string {
	var b strings.Builder
	b.WriteString("schema: ")
	b.WriteString(elide.Middle(e.Path, maxPath))
	if e.Type != nil && e.Type.String() != e.Path {
		b.WriteString(" (")
		b.WriteString(elide.Middle(e.Type.String(), maxPath))
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(elide.Middle(e.Reason, maxPath))
	return b.String()
}

// SchemaError reports a schema that breaks a rule or a limit of strict mode.
type SchemaError struct {
	// Name is the name of the schema.
	Name string
	// Path is a JSON Pointer to the offending schema node ("" for the root
	// or for a limit over the whole schema).
	Path string
	// Field is the Go path of the field the node describes, such as
	// "Invoice.Lines[].Qty", when the schema was made by [For] and the node
	// could be traced back to a field.
	Field string
	// Msg says what is wrong.
	Msg string

	limit bool
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	b.WriteString("schema: ")
	if e.Name != "" {
		b.WriteString(elide.Middle(e.Name, maxPath))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(elide.Middle(e.Path, maxPath))
		b.WriteString(": ")
	}
	b.WriteString(elide.Middle(e.Msg, maxPath))
	if e.Field != "" {
		b.WriteString(" (field ")
		b.WriteString(elide.Middle(e.Field, maxPath))
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns [ErrLimit] for a limit error and nil otherwise.
func (e *SchemaError) Unwrap() error {
	if e.limit {
		return ErrLimit
	}
	return nil
}

// DecodeError reports JSON text that does not decode into the Go type: a
// syntax error, text that ends too early, a value of the wrong type, an
// unknown, missing or repeated field, a string outside its enum, or an error
// returned by a Validate method (then Err is a [*ValidationError]).
//
// errors.Is(err, io.ErrUnexpectedEOF) reports text that ended too early, such
// as output truncated by a token limit.
type DecodeError struct {
	// Type is the name of the Go type being decoded, such as "Invoice".
	Type string
	// Path is the JSON path of the offending value, such as "$.lines[2].qty";
	// "$" is the whole document.
	Path string
	// Offset is the byte offset in Text where the problem was found (0 for
	// an error from a Validate method).
	Offset int
	// Text is the whole text that was decoded, so that a caller can log it,
	// repair it or quote it back to the model.
	Text string
	// Err is the underlying error.
	Err error
}

func (e *DecodeError) Error() string {
	return "schema: decode " + elide.Middle(e.Type, maxPath) + ": " + elide.Middle(e.Path, maxPath) + ": " + elide.Middle(e.Err.Error(), maxPath)
}

// Unwrap returns Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// ValidationError wraps the error returned by a Validate method. It is the Err
// of a [*DecodeError] whose Path locates the value that failed.
type ValidationError struct {
	// Err is the error the Validate method returned.
	Err error
}

func (e *ValidationError) Error() string { return "validate: " + e.Err.Error() }

// Unwrap returns Err, so errors.As reaches the caller's own error type.
func (e *ValidationError) Unwrap() error { return e.Err }

// maxPath is the most bytes of a path or name that an error message shows:
// a schema, a Go type or a model's output can make them arbitrarily long.
// The error values keep them whole.
const maxPath = 300
