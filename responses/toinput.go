package responses

import (
	"reflect"
	"slices"

	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// ToInput returns items of a conversation (a response's output, a page of
// input items, a compacted conversation, a stored history) as items to send
// as input, in order. Every kind of output item is also a kind of input
// item, but some output items cannot be replayed without changing their
// meaning, and some members exist only in output. ToInput:
//
//   - drops nil items;
//   - drops an [AdditionalTools] whose Role is not "developer", the only
//     role accepted in input;
//   - drops a [ComputerCallOutput] whose Status is "failed";
//   - drops a [CustomToolCallOutput] whose Status is set and is not
//     "completed", and removes the status of the others (input has none);
//   - removes the output-only "created_by" member from every item it knows,
//     and from the output chunks of a [ShellCallOutput].
//
// The other items, including those of unknown kinds, are returned as they
// are: the same pointers as in items. Changed items are copies; items is
// never modified.
func ToInput(items []Item) []Item {
	out := make([]Item, 0, len(items))
	for _, it := range items {
		if v := reflect.ValueOf(it); !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
			continue
		}
		switch it := it.(type) {
		case *AdditionalTools:
			if it.Role != RoleDeveloper {
				continue
			}
		case *ComputerCallOutput:
			if it.Status == StatusFailed {
				continue
			}
		case *CustomToolCallOutput:
			if it.Status != "" || wire.Present(it, "status") {
				if it.Status == StatusCompleted {
					out = append(out, without(it, "status", "created_by"))
				}
				continue
			}
		case *ShellCallOutput:
			if shellChunksCreatedBy(it) {
				out = append(out, without(it, "created_by"))
				continue
			}
		case *Unknown:
			out = append(out, it)
			continue
		}
		if createdBy(it) {
			it = without(it, "created_by")
		}
		out = append(out, it)
	}
	return out
}

// createdBy reports whether the item has a "created_by" member, as a field
// or as a member its type does not know.
func createdBy(it Item) bool {
	v := reflect.ValueOf(it)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return false
	}
	if f := v.Elem().FieldByName("CreatedBy"); f.IsValid() && (!f.IsZero() || wire.Present(it, "created_by")) {
		return true
	}
	return hasExtra(it, "created_by")
}

func shellChunksCreatedBy(s *ShellCallOutput) bool {
	for i := range s.Output {
		c := &s.Output[i]
		if c.CreatedBy != "" || wire.Present(c, "created_by") || hasExtra(c, "created_by") {
			return true
		}
	}
	return false
}

// hasExtra reports whether the struct p points to kept the member name
// without a Go field.
func hasExtra(p any, name string) bool {
	extra := wire.ExtraOf(p)
	if len(extra) == 0 {
		return false
	}
	found := false
	gjson.ParseBytes(append(append([]byte("{"), extra...), '}')).ForEach(func(k, _ gjson.Result) bool {
		found = k.Str == name
		return !found
	})
	return found
}

// without returns a copy of the item without the members named drop, nor
// the "created_by" members of a shell call's output chunks. If the item
// cannot be encoded, it is returned unchanged.
func without(it Item, drop ...string) Item {
	b, err := wire.Marshal(&it)
	if err != nil {
		return it
	}
	_, shell := it.(*ShellCallOutput)
	obj := stripMembers(nil, gjson.ParseBytes(b), drop, func(key string, v gjson.Result, dst []byte) ([]byte, bool) {
		if !shell || key != "output" || !v.IsArray() {
			return dst, false
		}
		dst = append(dst, '[')
		for i, c := range v.Array() {
			if i > 0 {
				dst = append(dst, ',')
			}
			if c.IsObject() {
				dst = stripMembers(dst, c, []string{"created_by"}, nil)
			} else {
				dst = append(dst, c.Raw...)
			}
		}
		return append(dst, ']'), true
	})
	var res Item
	if err := wire.Unmarshal(obj, &res); err != nil {
		return it
	}
	return res
}

// stripMembers appends the JSON object obj without the members named drop
// to dst. If nested is not nil, it may append the value of a member itself.
func stripMembers(dst []byte, obj gjson.Result, drop []string, nested func(key string, v gjson.Result, dst []byte) ([]byte, bool)) []byte {
	dst = append(dst, '{')
	n := 0
	obj.ForEach(func(k, v gjson.Result) bool {
		if slices.Contains(drop, k.Str) {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(dst, k.Raw...)
		dst = append(dst, ':')
		if nested != nil {
			var done bool
			if dst, done = nested(k.Str, v, dst); done {
				return true
			}
		}
		dst = append(dst, v.Raw...)
		return true
	})
	return append(dst, '}')
}
