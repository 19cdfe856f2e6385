package schema

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// The strict-mode transform. It works on a schema tree (see tree.go) in
// place and either returns a schema that follows every rule of strict mode
// or a *SchemaError naming the offending node:
//
//   - the root is an object schema; a root $ref (chain) is inlined;
//   - every object is closed (additionalProperties: false) and lists every
//     property in required, in property order; a property that was optional
//     becomes nullable (anyOf with {"type":"null"});
//   - oneOf becomes anyOf; a single allOf branch, or allOf of objects, is
//     merged; false branches of anyOf are dropped;
//   - a $ref never has sibling keywords: the definition is inlined with the
//     siblings, or, for a recursive reference, the siblings are dropped (a
//     description moves to the definition when it has none);
//   - keywords strict mode does not support either move into the
//     description as text (soft constraints the model can still follow),
//     are dropped (annotations that change nothing) or are errors
//     (constraints that change the shape of the data);
//   - definitions no longer referenced are removed.
//
// Running it on its own output changes nothing.

// Keywords kept as they are.
var keptKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"items": true, "anyOf": true, "enum": true, "const": true, "$ref": true,
	"description": true, "title": true, "pattern": true, "format": true,
	"multipleOf": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"exclusiveMaximum": true, "minItems": true, "maxItems": true,
}

// Keywords strict mode does not support but the model can still follow when
// told: they move into the description as "keyword: value".
var movedKeywords = map[string]bool{
	"minLength": true, "maxLength": true, "uniqueItems": true, "contentEncoding": true,
	"contentMediaType": true, "examples": true,
}

// Annotations that change nothing once every property is required: dropped.
// default is disputed (some deployments reject it) and meaningless when the
// model must always emit the property.
var droppedKeywords = map[string]bool{
	"$schema": true, "$comment": true, "default": true, "readOnly": true, "writeOnly": true,
	"deprecated": true, "discriminator": true, "$anchor": true,
}

// Formats strict mode documents; any other format moves into the description.
var supportedFormats = map[string]bool{
	"date-time": true, "time": true, "date": true, "duration": true, "email": true,
	"hostname": true, "ipv4": true, "ipv6": true, "uuid": true,
}

var knownTypes = map[string]bool{
	"string": true, "number": true, "integer": true, "boolean": true, "object": true, "array": true, "null": true,
}

// maxWork bounds the number of nodes the transform visits, so that inlining
// many described references to large definitions fails instead of growing
// without bound.
const maxWork = 200_000

type transformer struct {
	name   string
	root   *obj
	defs   map[string]*obj // by section + "/" + name: "$defs/X", "definitions/X"
	fields map[*obj]string // Go paths of nodes, from For
	stack  []*obj          // definitions being expanded (recursion guard)
	work   int
}

// strictify applies the strict-mode transform to a parsed schema.
func strictify(name string, tree any, fields map[*obj]string) (*obj, error) {
	t := &transformer{name: name, fields: fields, defs: map[string]*obj{}}
	root, ok := tree.(*obj)
	if !ok {
		return nil, t.errorf("", "", "the root schema must be an object schema, not %s", jsonKind(tree))
	}
	t.root = root
	for _, sec := range []string{"$defs", "definitions"} {
		v, ok := root.get(sec)
		if !ok {
			continue
		}
		defs, ok := v.(*obj)
		if !ok {
			return nil, t.errorf("/"+sec, "", "%s must be an object", sec)
		}
		for i, k := range defs.keys {
			d, ok := defs.vals[i].(*obj)
			if !ok {
				return nil, t.errorf("/"+sec+"/"+escapePointer(k), "", "a definition must be an object schema, not %s", jsonKind(defs.vals[i]))
			}
			t.defs[sec+"/"+k] = d
		}
	}
	if err := t.inlineRoot(); err != nil {
		return nil, err
	}
	root = t.root
	root.del("$id")
	t.stack = append(t.stack, root)
	if err := t.node(root, ""); err != nil {
		return nil, err
	}
	t.stack = t.stack[:0]
	if err := t.checkRoot(); err != nil {
		return nil, err
	}
	for _, sec := range []string{"$defs", "definitions"} {
		defs := root.child(sec)
		if defs == nil {
			continue
		}
		for i, k := range defs.keys {
			d := defs.vals[i].(*obj)
			t.stack = append(t.stack[:0], d)
			if err := t.node(d, "/"+sec+"/"+escapePointer(k)); err != nil {
				return nil, err
			}
		}
	}
	t.removeUnused()
	if err := t.renameDefinitions(); err != nil {
		return nil, err
	}
	canonical(root)
	return root, nil
}

// renameDefinitions moves definitions under "definitions" to "$defs", the
// keyword strict mode documents, and rewrites the references to them.
func (t *transformer) renameDefinitions() error {
	old := t.root.child("definitions")
	if old == nil {
		return nil
	}
	defs := t.root.child("$defs")
	if defs == nil {
		defs = &obj{}
		t.root.set("$defs", defs)
	}
	for i, k := range old.keys {
		if defs.has(k) {
			return t.errorf("/definitions/"+escapePointer(k), "", "definition %q exists under both $defs and definitions", k)
		}
		defs.set(k, old.vals[i])
	}
	t.root.del("definitions")
	var rewrite func(v any)
	rewrite = func(v any) {
		switch v := v.(type) {
		case *obj:
			for i, k := range v.keys {
				if s, ok := v.vals[i].(string); ok && k == "$ref" {
					if rest, ok := strings.CutPrefix(s, "#/definitions/"); ok {
						v.vals[i] = "#/$defs/" + rest
					}
					continue
				}
				rewrite(v.vals[i])
			}
		case []any:
			for _, x := range v {
				rewrite(x)
			}
		}
	}
	rewrite(t.root)
	return nil
}

// inlineRoot replaces a root $ref (R1, R2) by the definition it points to.
// Sibling keywords of the root win; the root keeps its definitions.
func (t *transformer) inlineRoot() error {
	var seen []*obj
	for t.root.has("$ref") {
		ref := t.root.str("$ref")
		target, err := t.resolve(ref, "")
		if err != nil {
			return err
		}
		if slices.Contains(seen, target) || target == t.root {
			return t.errorf("", "", "cyclic root $ref %q", ref)
		}
		seen = append(seen, target)
		merged := deepCopy(target).(*obj)
		merged.del("$defs")
		merged.del("definitions")
		for i, k := range t.root.keys {
			if k == "$ref" || k == "$schema" || k == "$id" {
				continue
			}
			merged.set(k, t.root.vals[i])
		}
		t.root = merged
	}
	// The root is also the body of the definitions it was inlined from:
	// a reference to one of them from inside is recursive.
	t.stack = append(t.stack, seen...)
	return nil
}

func (t *transformer) checkRoot() error {
	root := t.root
	if anyOf, ok := root.get("anyOf"); ok {
		return t.errorf("", "", "the root schema must not be anyOf (%d branches); wrap the alternatives in an object property", len(anyOf.([]any)))
	}
	if typ := root.str("type"); typ != "object" {
		got := typ
		if got == "" {
			got = "no type"
			if tv, ok := root.get("type"); ok {
				got = "type " + string(appendTree(nil, tv))
			}
		}
		return t.errorf("", "", "the root schema must have type \"object\", not %s; wrap the value in a struct (an object with one property)", got)
	}
	return nil
}

func (t *transformer) errorf(ptr, field, format string, args ...any) *SchemaError {
	return &SchemaError{Name: t.name, Path: ptr, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// resolve returns the definition a local $ref points to.
func (t *transformer) resolve(ref, ptr string) (*obj, error) {
	if ref == "#" {
		return t.root, nil
	}
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, t.errorf(ptr, "", "$ref %q is not local; only \"#\" and \"#/$defs/...\" are supported", ref)
	}
	sec, name, ok := strings.Cut(rest, "/")
	if !ok || (sec != "$defs" && sec != "definitions") || strings.Contains(name, "/") {
		return nil, t.errorf(ptr, "", "$ref %q is not supported; point at \"#\" or a definition under #/$defs", ref)
	}
	name, err := unescapePointer(name)
	if err != nil {
		return nil, t.errorf(ptr, "", "$ref %q: %v", ref, err)
	}
	d, ok := t.defs[sec+"/"+name]
	if !ok {
		return nil, t.errorf(ptr, "", "$ref %q does not resolve", ref)
	}
	return d, nil
}

// node makes one schema node strict, in place.
func (t *transformer) node(n *obj, ptr string) error {
	return t.nodeField(n, ptr, "")
}

func (t *transformer) nodeField(n *obj, ptr, field string) error {
	if f, ok := t.fields[n]; ok {
		field = f
	}
	t.work++
	if t.work > maxWork {
		return t.errorf(ptr, field, "the schema grows too large while inlining described references")
	}
	fail := func(format string, args ...any) error { return t.errorf(ptr, field, format, args...) }

	for k := range droppedKeywords {
		n.del(k)
	}
	if n.has("$id") {
		return fail("a nested $id is not supported")
	}
	if n.has("oneOf") {
		if n.has("anyOf") {
			return fail("anyOf and oneOf together are not supported")
		}
		n.keys[n.index("oneOf")] = "anyOf"
	}
	if n.has("allOf") {
		if err := t.mergeAllOf(n, ptr, field); err != nil {
			return err
		}
	}
	if v, ok := n.get("$ref"); ok {
		ref, ok := v.(string)
		if !ok {
			return fail("$ref must be a string")
		}
		target, err := t.resolve(ref, ptr)
		if err != nil {
			err.(*SchemaError).Field = field
			return err
		}
		if len(n.keys) == 1 {
			return nil
		}
		if slices.Contains(t.stack, target) {
			// A recursive reference cannot be inlined. Keep the bare
			// $ref; a description moves to the definition if it has none.
			for i, k := range n.keys {
				switch k {
				case "$ref":
				case "description":
					if !target.has("description") {
						target.set("description", n.vals[i])
					}
				case "title":
				default:
					return fail("keyword %q next to a recursive $ref %q is not supported", k, ref)
				}
			}
			n.keys, n.vals = []string{"$ref"}, []any{ref}
			return nil
		}
		// Inline the definition; the siblings win.
		c := deepCopy(target).(*obj)
		for i, k := range n.keys {
			if k != "$ref" {
				c.set(k, n.vals[i])
			}
		}
		n.keys, n.vals = c.keys, c.vals
		t.stack = append(t.stack, target)
		err = t.nodeField(n, ptr, field)
		t.stack = t.stack[:len(t.stack)-1]
		return err
	}

	types, err := t.types(n, fail)
	if err != nil {
		return err
	}

	var moved []string
	for i := 0; i < len(n.keys); i++ {
		k, v := n.keys[i], n.vals[i]
		switch {
		case k == "format":
			f, ok := v.(string)
			if !ok {
				return fail("format must be a string")
			}
			if supportedFormats[f] {
				continue
			}
		case keptKeywords[k]:
			continue
		case movedKeywords[k]:
		case (k == "$defs" || k == "definitions") && n == t.root:
			continue
		default:
			return fail("unsupported keyword %q", k)
		}
		moved = append(moved, k+": "+textOf(v))
		n.del(k)
		i--
	}
	if len(moved) > 0 {
		note := strings.Join(moved, "; ")
		if d := n.str("description"); d != "" {
			note = d + " (" + note + ")"
		}
		n.set("description", note)
	}
	if v, ok := n.get("description"); ok {
		if _, ok := v.(string); !ok {
			return fail("description must be a string")
		}
	}
	if v, ok := n.get("enum"); ok {
		if _, ok := v.([]any); !ok {
			return fail("enum must be an array")
		}
	}

	isObject := types["object"] || (len(types) == 0 && !n.has("anyOf") && (n.has("properties") || n.has("additionalProperties") || n.has("required")))
	if isObject {
		if len(types) == 0 {
			n.set("type", "object") // an implicit object
			types = map[string]bool{"object": true}
		}
		if err := t.object(n, ptr, field, fail); err != nil {
			return err
		}
	} else if n.has("properties") || n.has("required") || n.has("additionalProperties") {
		return fail("object keywords on a schema that is not an object")
	}

	isArray := types["array"] || (len(types) == 0 && n.has("items"))
	if isArray {
		items, ok := n.get("items")
		switch items := items.(type) {
		case *obj:
			ifield := field
			if field != "" {
				ifield += "[]"
			}
			if err := t.nodeField(items, ptr+"/items", ifield); err != nil {
				return err
			}
		case []any:
			return fail("tuple items are not supported; use an object")
		default:
			if !ok {
				return fail("an array schema needs items")
			}
			return fail("items must be an object schema, not %s", jsonKind(items))
		}
	} else if n.has("items") {
		return fail("items on a schema that is not an array")
	}

	if v, ok := n.get("anyOf"); ok {
		branches, ok := v.([]any)
		if !ok {
			return fail("anyOf must be an array")
		}
		kept := branches[:0:0]
		for i, b := range branches {
			switch b := b.(type) {
			case bool:
				if b {
					return fail("a true branch in anyOf accepts anything, which strict mode does not support")
				}
			case *obj:
				if err := t.nodeField(b, fmt.Sprintf("%s/anyOf/%d", ptr, i), field); err != nil {
					return err
				}
				kept = append(kept, b)
			default:
				return fail("anyOf branches must be schemas")
			}
		}
		if len(kept) == 0 {
			return fail("anyOf has no branch that can match")
		}
		n.set("anyOf", kept)
	}

	if len(types) == 0 && !n.has("anyOf") && !n.has("enum") && !n.has("const") {
		return fail("the schema has no type; strict mode needs one (an untyped schema accepts anything)")
	}
	return nil
}

// types reads and normalises the type keyword: a one-element array becomes
// a string.
func (t *transformer) types(n *obj, fail func(string, ...any) error) (map[string]bool, error) {
	v, ok := n.get("type")
	if !ok {
		return nil, nil
	}
	set := map[string]bool{}
	switch v := v.(type) {
	case string:
		set[v] = true
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fail("type must be a string or an array of strings")
			}
			set[s] = true
		}
		if len(v) == 1 {
			n.set("type", v[0])
		}
		if len(v) == 0 {
			return nil, fail("type must not be empty")
		}
	default:
		return nil, fail("type must be a string or an array of strings")
	}
	for s := range set {
		if !knownTypes[s] {
			return nil, fail("unknown type %q", s)
		}
	}
	return set, nil
}

func (t *transformer) object(n *obj, ptr, field string, fail func(string, ...any) error) error {
	switch ap, ok := n.get("additionalProperties"); {
	case !ok:
		n.set("additionalProperties", false)
	case ap == false:
	case ap == true:
		return fail("additionalProperties must be false: strict mode needs every property listed (an open object, or a Go map, cannot be described)")
	default:
		return fail("additionalProperties must be false: strict mode cannot describe objects with arbitrary keys (a Go map); use an array of key/value objects")
	}
	var props *obj
	switch v, ok := n.get("properties"); {
	case !ok:
		props = &obj{}
		n.set("properties", props)
	default:
		props, ok = v.(*obj)
		if !ok {
			return fail("properties must be an object")
		}
	}
	required := map[string]bool{}
	if v, ok := n.get("required"); ok {
		list, ok := v.([]any)
		if !ok {
			return fail("required must be an array of strings")
		}
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				return fail("required must be an array of strings")
			}
			if !props.has(s) {
				return fail("required property %q is not in properties", s)
			}
			required[s] = true
		}
	}
	all := make([]any, len(props.keys))
	for i, k := range props.keys {
		all[i] = k
		p, ok := props.vals[i].(*obj)
		if !ok {
			return t.errorf(ptr+"/properties/"+escapePointer(k), field, "a property must be an object schema, not %s", jsonKind(props.vals[i]))
		}
		pfield := field
		if f, ok := t.fields[p]; ok {
			pfield = f
		}
		if err := t.nodeField(p, ptr+"/properties/"+escapePointer(k), pfield); err != nil {
			return err
		}
		if !required[k] && !t.nullable(p, nil) {
			makeNullable(p)
		}
	}
	n.set("required", all)
	return nil
}

// mergeAllOf merges allOf branches into n (C1, C2). Every branch must be
// compatible: the same keyword with different values is an error, except
// that properties and required are united and the result is closed.
func (t *transformer) mergeAllOf(n *obj, ptr, field string) error {
	v, _ := n.get("allOf")
	n.del("allOf")
	branches, ok := v.([]any)
	if !ok {
		return t.errorf(ptr, field, "allOf must be an array")
	}
	for i, b := range branches {
		bptr := fmt.Sprintf("%s/allOf/%d", ptr, i)
		var bo *obj
		switch b := b.(type) {
		case bool:
			if b {
				continue
			}
			return t.errorf(bptr, field, "a false branch in allOf matches nothing")
		case *obj:
			bo = deepCopy(b).(*obj)
		default:
			return t.errorf(bptr, field, "allOf branches must be schemas")
		}
		for seen := 0; bo.has("$ref"); seen++ {
			if len(bo.keys) != 1 || seen > len(t.defs) {
				return t.errorf(bptr, field, "an allOf branch with $ref and other keywords is not supported")
			}
			target, err := t.resolve(bo.str("$ref"), bptr)
			if err != nil {
				return err
			}
			bo = deepCopy(target).(*obj)
		}
		if bo.has("allOf") {
			if err := t.mergeAllOf(bo, bptr, field); err != nil {
				return err
			}
		}
		for j, k := range bo.keys {
			bv := bo.vals[j]
			cur, has := n.get(k)
			switch {
			case !has:
				n.set(k, bv)
			case k == "properties":
				cp, ok1 := cur.(*obj)
				bp, ok2 := bv.(*obj)
				if !ok1 || !ok2 {
					return t.errorf(bptr, field, "properties must be an object")
				}
				for pi, pk := range bp.keys {
					if old, ok := cp.get(pk); ok && !equalTree(old, bp.vals[pi]) {
						return t.errorf(bptr, field, "allOf branches give property %q different schemas", pk)
					}
					cp.set(pk, bp.vals[pi])
				}
			case k == "required":
				cr, ok1 := cur.([]any)
				br, ok2 := bv.([]any)
				if !ok1 || !ok2 {
					return t.errorf(bptr, field, "required must be an array")
				}
				for _, r := range br {
					if !slices.Contains(cr, r) {
						cr = append(cr, r)
					}
				}
				n.set("required", cr)
			case k == "additionalProperties" && (cur == false || bv == false):
				n.set(k, false)
			case k == "description" || k == "title":
				// The outer annotation wins.
			case !equalTree(cur, bv):
				return t.errorf(bptr, field, "allOf branches disagree on %q", k)
			}
		}
	}
	return nil
}

// nullable reports whether a (strict) schema accepts null (N3).
func (t *transformer) nullable(n *obj, seen []*obj) bool {
	switch v, _ := n.get("type"); v := v.(type) {
	case string:
		if v == "null" {
			return true
		}
	case []any:
		if slices.Contains(v, any("null")) {
			return true
		}
	}
	if v, ok := n.get("const"); ok && v == nil {
		return true
	}
	if v, ok := n.get("enum"); ok {
		if list, ok := v.([]any); ok && slices.Contains(list, nil) {
			return true
		}
	}
	if v, ok := n.get("anyOf"); ok {
		if list, ok := v.([]any); ok {
			for _, b := range list {
				if b, ok := b.(*obj); ok && t.nullable(b, seen) {
					return true
				}
			}
		}
	}
	if ref := n.str("$ref"); ref != "" && t != nil {
		target, err := t.resolve(ref, "")
		if err == nil && !slices.Contains(seen, target) {
			return t.nullable(target, append(seen, target))
		}
	}
	return false
}

// makeNullable turns n, in place, into a union of what it was and null. The
// annotations stay on the outside, where the model reads them.
func makeNullable(n *obj) {
	onlyAnyOf := n.has("anyOf")
	for _, k := range n.keys {
		if k != "anyOf" && k != "description" && k != "title" {
			onlyAnyOf = false
		}
	}
	null := &obj{keys: []string{"type"}, vals: []any{"null"}}
	if onlyAnyOf {
		v, _ := n.get("anyOf")
		n.set("anyOf", append(v.([]any), null))
		return
	}
	inner := &obj{}
	outer := &obj{}
	for i, k := range n.keys {
		if k == "description" || k == "title" {
			outer.set(k, n.vals[i])
		} else {
			inner.set(k, n.vals[i])
		}
	}
	outer.set("anyOf", []any{inner, null})
	n.keys, n.vals = outer.keys, outer.vals
}

// removeUnused drops definitions nothing references any more.
func (t *transformer) removeUnused() {
	used := map[*obj]bool{}
	var queue []*obj
	var visit func(v any, top bool)
	visit = func(v any, top bool) {
		switch v := v.(type) {
		case *obj:
			for i, k := range v.keys {
				if top && (k == "$defs" || k == "definitions") {
					continue
				}
				if k == "$ref" {
					if d, err := t.resolve(v.vals[i].(string), ""); err == nil && !used[d] {
						used[d] = true
						queue = append(queue, d)
					}
					continue
				}
				visit(v.vals[i], false)
			}
		case []any:
			for _, x := range v {
				visit(x, false)
			}
		}
	}
	visit(t.root, true)
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if d != t.root {
			visit(d, false)
		}
	}
	for _, sec := range []string{"$defs", "definitions"} {
		defs := t.root.child(sec)
		if defs == nil {
			continue
		}
		for i := 0; i < len(defs.keys); i++ {
			if !used[defs.vals[i].(*obj)] {
				defs.del(defs.keys[i])
				i--
			}
		}
		if len(defs.keys) == 0 {
			t.root.del(sec)
		}
	}
}

// keywordRank is the canonical order of keywords in a schema node, so that
// output is stable and readable whatever the input order.
var keywordRank = map[string]int{}

func init() {
	for i, k := range []string{
		"$ref", "type", "title", "description", "enum", "const", "format", "pattern",
		"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf",
		"items", "minItems", "maxItems", "properties", "required", "additionalProperties",
		"anyOf", "$defs", "definitions",
	} {
		keywordRank[k] = i
	}
}

// canonical sorts the keywords of every schema node (never the keys of
// properties or $defs, whose order is meaningful or chosen by the author).
func canonical(n *obj) {
	idx := make([]int, len(n.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return keywordRank[n.keys[a]] - keywordRank[n.keys[b]] })
	keys := make([]string, len(n.keys))
	vals := make([]any, len(n.vals))
	for i, j := range idx {
		keys[i], vals[i] = n.keys[j], n.vals[j]
	}
	n.keys, n.vals = keys, vals
	for i, k := range n.keys {
		switch k {
		case "properties", "$defs", "definitions":
			if m, ok := n.vals[i].(*obj); ok {
				for _, v := range m.vals {
					if c, ok := v.(*obj); ok {
						canonical(c)
					}
				}
			}
		case "items":
			if c, ok := n.vals[i].(*obj); ok {
				canonical(c)
			}
		case "anyOf":
			for _, v := range n.vals[i].([]any) {
				if c, ok := v.(*obj); ok {
					canonical(c)
				}
			}
		}
	}
}

// textOf renders a keyword value for a description: strings as they are,
// anything else as compact JSON.
func textOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return string(appendTree(nil, v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case *obj:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean schema"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func unescapePointer(s string) (string, error) {
	if strings.Contains(s, "%") {
		u, err := url.PathUnescape(s)
		if err != nil {
			return "", err
		}
		s = u
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i+1 == len(s) || (s[i+1] != '0' && s[i+1] != '1')) {
			return "", fmt.Errorf("malformed escape in %q", s)
		}
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s), nil
}
