package sdkcheck

import (
	"errors"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// schemaErrors turns a validation error into one line for each failure,
// leaving out the branches of a union that the value's "type" does not
// select (the spec's item unions have dozens), so that a failure reads as
// what is wrong with the item the body holds.
func schemaErrors(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	var lines []string
	collect(ve, &lines)
	slices.Sort(lines)
	return slices.Compact(lines)
}

func collect(e *jsonschema.ValidationError, lines *[]string) {
	causes := e.Causes
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		typeLoc := append(slices.Clone(e.InstanceLocation), "type")
		var chosen []*jsonschema.ValidationError
		for _, c := range causes {
			if !wrongType(c, typeLoc) {
				chosen = append(chosen, c)
			}
		}
		if len(chosen) > 0 {
			causes = chosen
		}
	}
	if len(causes) == 0 {
		leaf := *e
		leaf.Causes = nil
		msg := leaf.Error()
		if i := strings.Index(msg, "\n"); i >= 0 {
			msg = strings.TrimSpace(msg[i+1:])
		}
		*lines = append(*lines, strings.TrimPrefix(msg, "- "))
		return
	}
	for _, c := range causes {
		collect(c, lines)
	}
}

// wrongType reports whether e or a cause of it says that the value at loc
// (an object's "type") is not the one its branch wants.
func wrongType(e *jsonschema.ValidationError, loc []string) bool {
	switch e.ErrorKind.(type) {
	case *kind.Const, *kind.Enum:
		if slices.Equal(e.InstanceLocation, loc) {
			return true
		}
	}
	for _, c := range e.Causes {
		if wrongType(c, loc) {
			return true
		}
	}
	return false
}
