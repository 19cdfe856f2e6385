package schema

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// The size limits of strict mode, as documented in the Structured Outputs
// guide.
const (
	// MaxProperties is the most object properties a schema may have in total.
	MaxProperties = 5000
	// MaxDepth is the most levels of object nesting below the root.
	MaxDepth = 10
	// MaxChars is the most characters of property names, definition names,
	// enum values and const values, together.
	MaxChars = 120_000
	// MaxEnumValues is the most enum values in the whole schema.
	MaxEnumValues = 1000
	// MaxLargeEnumChars is the most characters of the values of one string
	// enum that has more than LargeEnum values.
	MaxLargeEnumChars = 15_000
	// LargeEnum is the number of values above which MaxLargeEnumChars applies.
	LargeEnum = 250
)

// checkLimits verifies the documented limits of strict mode on a strict
// schema. Every node of the document is counted once, as it is sent.
//
// Nesting depth counts the objects below the root (the root is level 0), and
// follows $ref into definitions; a reference back into a definition already
// on the path (recursion) is not followed again.
func checkLimits(name string, root *obj) error {
	var props, chars, enums int
	limit := func(ptr, format string, args ...any) error {
		return &SchemaError{Name: name, Path: ptr, Msg: fmt.Sprintf(format, args...), limit: true}
	}
	var walk func(n *obj, ptr string) error
	walk = func(n *obj, ptr string) error {
		if p := n.child("properties"); p != nil {
			props += len(p.keys)
			for i, k := range p.keys {
				chars += utf8.RuneCountInString(k)
				if c, ok := p.vals[i].(*obj); ok {
					if err := walk(c, ptr+"/properties/"+escapePointer(k)); err != nil {
						return err
					}
				}
			}
		}
		if v, ok := n.get("enum"); ok {
			list, _ := v.([]any)
			enums += len(list)
			strChars := 0
			for _, x := range list {
				c := utf8.RuneCountInString(textOf(x))
				chars += c
				if _, ok := x.(string); ok {
					strChars += c
				}
			}
			if len(list) > LargeEnum && strChars > MaxLargeEnumChars {
				return limit(ptr, "an enum of %d values has %d characters; an enum of more than %d values may have at most %d", len(list), strChars, LargeEnum, MaxLargeEnumChars)
			}
		}
		if v, ok := n.get("const"); ok {
			chars += utf8.RuneCountInString(textOf(v))
		}
		if c := n.child("items"); c != nil {
			if err := walk(c, ptr+"/items"); err != nil {
				return err
			}
		}
		if v, ok := n.get("anyOf"); ok {
			for i, b := range v.([]any) {
				if c, ok := b.(*obj); ok {
					if err := walk(c, fmt.Sprintf("%s/anyOf/%d", ptr, i)); err != nil {
						return err
					}
				}
			}
		}
		for _, sec := range []string{"$defs", "definitions"} {
			if d := n.child(sec); d != nil && n == root {
				for i, k := range d.keys {
					chars += utf8.RuneCountInString(k)
					if c, ok := d.vals[i].(*obj); ok {
						if err := walk(c, "/"+sec+"/"+escapePointer(k)); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}
	if err := walk(root, ""); err != nil {
		return err
	}
	if props > MaxProperties {
		return limit("", "%d properties; strict mode allows at most %d", props, MaxProperties)
	}
	if chars > MaxChars {
		return limit("", "%d characters of property names, definition names, enum and const values; strict mode allows at most %d", chars, MaxChars)
	}
	if enums > MaxEnumValues {
		return limit("", "%d enum values; strict mode allows at most %d", enums, MaxEnumValues)
	}
	t := &transformer{root: root, defs: map[string]*obj{}}
	for _, sec := range []string{"$defs", "definitions"} {
		if d := root.child(sec); d != nil {
			for i, k := range d.keys {
				if c, ok := d.vals[i].(*obj); ok {
					t.defs[sec+"/"+k] = c
				}
			}
		}
	}
	d := depthWalker{t: t, memo: map[*obj]int{}}
	if depth, ptr := d.depth(root, []*obj{root}); depth > MaxDepth {
		return limit(ptr, "objects nested %d levels deep; strict mode allows at most %d", depth, MaxDepth)
	}
	return nil
}

type depthWalker struct {
	t    *transformer
	memo map[*obj]int // depth below a definition
}

// depth returns the deepest object nesting below n (n itself not counted)
// and a JSON pointer to where it happens.
func (d *depthWalker) depth(n *obj, path []*obj) (int, string) {
	best, where := 0, ""
	consider := func(c *obj, ptr string, add int) {
		got, p := d.sub(c, path)
		if got+add > best {
			best, where = got+add, ptr+p
		}
	}
	if p := n.child("properties"); p != nil {
		for i, k := range p.keys {
			if c, ok := p.vals[i].(*obj); ok {
				consider(c, "/properties/"+escapePointer(k), 0)
			}
		}
	}
	if c := n.child("items"); c != nil {
		consider(c, "/items", 0)
	}
	if v, ok := n.get("anyOf"); ok {
		for i, b := range v.([]any) {
			if c, ok := b.(*obj); ok {
				consider(c, fmt.Sprintf("/anyOf/%d", i), 0)
			}
		}
	}
	return best, where
}

// sub is the nesting contributed by schema c found below an object: one
// level if c is an object, plus what is below it.
func (d *depthWalker) sub(c *obj, path []*obj) (int, string) {
	if ref := c.str("$ref"); ref != "" {
		target, err := d.t.resolve(ref, "")
		if err != nil {
			return 0, ""
		}
		if slices.Contains(path, target) {
			return 0, ""
		}
		if v, ok := d.memo[target]; ok {
			return v, ""
		}
		got, p := d.sub(target, append(path, target))
		d.memo[target] = got
		return got, p
	}
	got, p := d.depth(c, path)
	if c.has("properties") {
		got++
	}
	return got, p
}
