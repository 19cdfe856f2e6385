package schema

import (
	"reflect"
	"slices"
	"strings"
)

// preparer walks the schema invopop/jsonschema made for a Go type alongside
// the type's codec, before the strict transform. It does what needs the Go
// type: it checks that invopop and encoding/json agree on the fields, puts
// properties in encoding/json's order, makes nullable fields (pointers,
// omitempty, omitzero) unions with null, fixes the schema of json.Number and
// of text-marshalled types, and records the Go path of every node for error
// messages.
type preparer struct {
	name    string
	root    *obj
	fields  map[*obj]string
	visited map[*obj]bool
}

func (p *preparer) def(ref string) *obj {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil
	}
	return p.root.child("$defs").child(name)
}

func (p *preparer) walk(c *codec, n *obj, path string) error {
	for n.has("$ref") {
		d := p.def(n.str("$ref"))
		if d == nil {
			return nil // the strict transform reports the dangling $ref
		}
		n = d
	}
	if _, ok := p.fields[n]; !ok {
		p.fields[n] = path
	}
	switch c.kind {
	case kPtr:
		return p.walk(c.elem.c, n, path)
	case kSlice, kArray:
		if p.visited[n] {
			return nil
		}
		p.visited[n] = true
		if items := n.child("items"); items != nil {
			return p.walk(c.elem.c, items, path+"[]")
		}
	case kNumber:
		n.set("type", "number")
	case kText:
		if n.str("type") != "string" {
			s := &obj{keys: []string{"type"}, vals: []any{"string"}}
			for _, k := range []string{"description", "title"} {
				if v, ok := n.get(k); ok {
					s.set(k, v)
				}
			}
			n.keys, n.vals = s.keys, s.vals
		}
	case kStruct:
		if p.visited[n] {
			return nil
		}
		p.visited[n] = true
		return p.structure(c, n, path)
	}
	return nil
}

func (p *preparer) structure(c *codec, n *obj, path string) error {
	props := n.child("properties")
	if props == nil {
		props = &obj{}
	}
	same := len(props.keys) == len(c.fields)
	for _, f := range c.fields {
		same = same && props.has(f.name)
	}
	if !same {
		want := make([]string, len(c.fields))
		for i, f := range c.fields {
			want[i] = f.name
		}
		return &SchemaError{Name: p.name, Field: path, Msg: "invopop/jsonschema and encoding/json disagree on the fields of " + c.typ.String() +
			": the schema has [" + strings.Join(props.keys, " ") + "], encoding/json has [" + strings.Join(want, " ") + "]"}
	}
	keys := make([]string, len(c.fields))
	vals := make([]any, len(c.fields))
	for i, f := range c.fields {
		v, _ := props.get(f.name)
		pn, ok := v.(*obj)
		if !ok {
			return &SchemaError{Name: p.name, Field: path + "." + f.goName, Msg: "invopop/jsonschema gave this field no schema"}
		}
		keys[i], vals[i] = f.name, pn
		fpath := path + "." + f.goName
		p.fields[pn] = fpath
		if i := pn.index("oneOf"); i >= 0 && !pn.has("anyOf") {
			pn.keys[i] = "anyOf" // jsonschema:"nullable" gives oneOf
		}
		inner := pn
		if f.nullable {
			if !(*transformer)(nil).nullable(pn, nil) {
				makeNullable(pn)
			}
			inner = nonNullBranch(pn)
		}
		if err := p.walk(f.c, inner, fpath); err != nil {
			return err
		}
	}
	props.keys, props.vals = keys, vals
	return nil
}

// nonNullBranch returns the one branch of a union with null that is not
// null, or n itself.
func nonNullBranch(n *obj) *obj {
	v, ok := n.get("anyOf")
	if !ok {
		return n
	}
	var other *obj
	for _, b := range v.([]any) {
		b, ok := b.(*obj)
		if !ok {
			return n
		}
		if b.str("type") == "null" && len(b.keys) == 1 {
			continue
		}
		if other != nil {
			return n
		}
		other = b
	}
	if other == nil {
		return n
	}
	return other
}

// bindSchema attaches what the decoder needs from the strict schema of t
// (today: the enum and const values of fields and elements) to the decode
// codec graph c. A type without a strict schema decodes without them.
func bindSchema(t reflect.Type, c *codec) {
	ts := typeSchemaOf(t)
	if ts.err != nil {
		return
	}
	b := &binder{t: &transformer{root: ts.tree, defs: map[string]*obj{}}, seen: map[*codec]bool{}}
	if d := ts.tree.child("$defs"); d != nil {
		for i, k := range d.keys {
			if o, ok := d.vals[i].(*obj); ok {
				b.t.defs["$defs/"+k] = o
			}
		}
	}
	b.walk(c, ts.tree)
}

type binder struct {
	t    *transformer
	seen map[*codec]bool
}

func (b *binder) deref(n *obj) *obj {
	for i := 0; n != nil && n.has("$ref") && i < 100; i++ {
		d, err := b.t.resolve(n.str("$ref"), "")
		if err != nil {
			return nil
		}
		n = d
	}
	return n
}

func (b *binder) walk(c *codec, n *obj) {
	n = b.deref(n)
	if n == nil || b.seen[c] {
		return
	}
	b.seen[c] = true
	switch c.kind {
	case kPtr:
		b.walk(c.elem.c, n)
	case kStruct:
		props := n.child("properties")
		if props == nil {
			return
		}
		for i := range c.fields {
			f := &c.fields[i]
			pn := props.child(f.name)
			if pn == nil {
				continue
			}
			inner := b.deref(nonNullBranch(b.deref(pn)))
			if inner == nil {
				continue
			}
			f.enum = enumOf(inner)
			b.walk(f.c, inner)
		}
	case kSlice, kArray:
		items := b.deref(n.child("items"))
		if items == nil {
			return
		}
		c.elem.enum = enumOf(items)
		b.walk(c.elem.c, items)
	}
}

// enumOf returns the allowed values of a schema (enum, or const as a
// one-value enum), without null, which nullability covers.
func enumOf(n *obj) []any {
	var list []any
	if v, ok := n.get("enum"); ok {
		list, _ = v.([]any)
	} else if v, ok := n.get("const"); ok {
		list = []any{v}
	} else {
		return nil
	}
	list = slices.DeleteFunc(slices.Clone(list), func(v any) bool { return v == nil })
	if len(list) == 0 {
		return nil
	}
	return list
}
