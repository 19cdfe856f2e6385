package wire

import (
	"fmt"
	"io"
	"reflect"
)

// Format writes the struct that p points to as fmt writes a struct for verb
// and the flags of f, but with its exported fields only: fmt prints
// unexported fields too, and the [Meta] of a struct is bookkeeping, not
// data. A type has fmt print it so with a Format method:
//
//	func (x T) Format(f fmt.State, verb rune) { wire.Format(f, verb, &x) }
//
// Each field is printed by fmt with the same verb and flags, so a field's
// value that has a Format method of its own prints through it, and a
// pointer to such a struct prints the struct, not its address. A field
// holding a struct with a Meta but without a Format method (one with a
// field named Format cannot have the method), or a pointer to one, is
// printed the same way. With the # flag the struct is written as Go syntax,
// its type name first.
func Format(f fmt.State, verb rune, p any) {
	formatStruct(f, fmt.FormatString(f, verb), reflect.ValueOf(p).Elem())
}

var formatterT = reflect.TypeFor[fmt.Formatter]()

func formatStruct(f fmt.State, directive string, v reflect.Value) {
	t := v.Type()
	sharp, named := f.Flag('#'), f.Flag('#') || f.Flag('+')
	sep := " "
	if sharp {
		sep = ", "
		io.WriteString(f, t.String())
	}
	io.WriteString(f, "{")
	n := 0
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if n > 0 {
			io.WriteString(f, sep)
		}
		n++
		if named {
			io.WriteString(f, sf.Name)
			io.WriteString(f, ":")
		}
		fv := v.Field(i)
		switch {
		case fv.Kind() == reflect.Interface && fv.IsNil():
			// As fmt prints a nil interface inside a struct, whatever the verb.
			if sharp {
				io.WriteString(f, sf.Type.String()+"(nil)")
			} else {
				io.WriteString(f, "<nil>")
			}
		case sharp && fv.Kind() == reflect.Pointer && fv.IsNil():
			io.WriteString(f, "("+sf.Type.String()+")(nil)")
		case plainMeta(fv.Type()):
			formatStruct(f, directive, fv)
		case fv.Kind() == reflect.Pointer && !fv.IsNil() && plainMeta(fv.Type().Elem()) && !fv.Type().Implements(formatterT):
			io.WriteString(f, "&")
			formatStruct(f, directive, fv.Elem())
		default:
			fmt.Fprintf(f, directive, fv.Interface())
		}
	}
	io.WriteString(f, "}")
}

// plainMeta reports whether t is a struct with a Meta that fmt would print
// with its own reflection.
func plainMeta(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && hasMeta(t) && !t.Implements(formatterT)
}
