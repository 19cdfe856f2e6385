package schema

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/invopop/jsonschema"
)

// kind is how a Go type is decoded.
type kind uint8

const (
	kBool kind = iota
	kInt
	kUint
	kFloat
	kString
	kNumber      // json.Number: the text of a JSON number
	kBytes       // []byte: a base64 string
	kSlice       // a JSON array
	kArray       // a JSON array of fixed length
	kPtr         // a pointer to the element
	kStruct      // a JSON object
	kUnmarshaler // json.Unmarshaler: decodes the raw JSON value itself
	kText        // encoding.TextUnmarshaler: decodes the content of a JSON string
)

// codec describes how one Go type is decoded. Codecs of a type form a graph
// (recursive types make cycles) and are immutable once published.
type codec struct {
	kind   kind
	typ    reflect.Type
	elem   slot    // kPtr, kSlice, kArray
	fields []field // kStruct
	byName map[string]int
	length int // kArray

	validate bool // *typ has a Validate() error method
	deep     bool // a value may contain something with a Validate method
	custom   bool // typ has its own JSONSchema method (invopop)
}

// slot is a place a value goes: a struct field, the elements of a slice or
// array, the target of a pointer, or the root.
type slot struct {
	c        *codec
	nullable bool  // JSON null is accepted and decodes to the zero value
	enum     []any // allowed values from the schema, nil when unrestricted
}

// field is one JSON member of a struct, after encoding/json's rules for
// embedded structs.
type field struct {
	slot
	name   string // the JSON key
	goName string // the Go selector from the struct, "Base.ID"
	index  []int
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textType        = reflect.TypeFor[encoding.TextUnmarshaler]()
	validatorType   = reflect.TypeFor[interface{ Validate() error }]()
	customType      = reflect.TypeFor[interface{ JSONSchema() *jsonschema.Schema }]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	numberType      = reflect.TypeFor[json.Number]()
)

// planner builds the codec graph of a type. In schema mode it also rejects
// what has a decoder but no schema (json.RawMessage) and does not look
// inside types that describe their own schema.
type planner struct {
	memo   map[reflect.Type]*codec
	schema bool
}

var plans [2]sync.Map // reflect.Type → planResult, by mode

type planResult struct {
	c   *codec
	err error
}

// plan returns the codec of t, built once per type and mode.
func plan(t reflect.Type, schemaMode bool) (*codec, error) {
	m := 0
	if schemaMode {
		m = 1
	}
	if r, ok := plans[m].Load(t); ok {
		r := r.(planResult)
		return r.c, r.err
	}
	p := &planner{memo: map[reflect.Type]*codec{}, schema: schemaMode}
	c, err := p.build(t, typeLabel(t))
	if err == nil {
		markDeep(c)
		if !schemaMode {
			bindSchema(t, c)
		}
	}
	r, _ := plans[m].LoadOrStore(t, planResult{c, err})
	return r.(planResult).c, r.(planResult).err
}

func (p *planner) build(t reflect.Type, path string) (*codec, error) {
	if c, ok := p.memo[t]; ok {
		return c, nil
	}
	c := &codec{typ: t}
	if t.Name() != "" || t.Kind() == reflect.Struct {
		// Only named types can recur; unnamed slices, arrays and pointers
		// get a codec per use, so that each use can have its own enum.
		p.memo[t] = c
	}
	c.validate = t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(validatorType)
	if p.schema && t.Kind() != reflect.Pointer && t.Implements(customType) {
		c.custom = true
	}
	pt := reflect.PointerTo(t)
	switch {
	case t.Kind() == reflect.Pointer:
	case t == rawMessageType && p.schema:
		return nil, &TypeError{Type: t, Path: path, Reason: "json.RawMessage has no schema; use a concrete type"}
	case pt.Implements(unmarshalerType):
		c.kind = kUnmarshaler
		return c, nil
	case pt.Implements(textType):
		c.kind = kText
		return c, nil
	}
	if c.custom {
		// The type describes its own schema; its Go structure does not matter.
		c.kind = kUnmarshaler
		return c, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		c.kind = kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.kind = kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.kind = kUint
	case reflect.Float32, reflect.Float64:
		c.kind = kFloat
	case reflect.String:
		c.kind = kString
		if t == numberType {
			c.kind = kNumber
		}
	case reflect.Slice:
		et := t.Elem()
		if et.Kind() == reflect.Uint8 && !reflect.PointerTo(et).Implements(unmarshalerType) && !reflect.PointerTo(et).Implements(textType) {
			c.kind = kBytes
			return c, nil
		}
		c.kind = kSlice
		e, err := p.build(et, path+"[]")
		if err != nil {
			return nil, err
		}
		c.elem = slot{c: e}
	case reflect.Array:
		c.kind = kArray
		c.length = t.Len()
		e, err := p.build(t.Elem(), path+"[]")
		if err != nil {
			return nil, err
		}
		c.elem = slot{c: e}
	case reflect.Pointer:
		c.kind = kPtr
		e, err := p.build(t.Elem(), path)
		if err != nil {
			return nil, err
		}
		c.elem = slot{c: e}
	case reflect.Struct:
		c.kind = kStruct
		if err := p.buildStruct(c, path); err != nil {
			return nil, err
		}
	case reflect.Map:
		return nil, &TypeError{Type: t, Path: path, Reason: "maps are not supported in strict mode, where every key must be listed in the schema; use a slice of key/value structs"}
	case reflect.Interface:
		return nil, &TypeError{Type: t, Path: path, Reason: "interface types have no schema; use a concrete type (for a union, a struct with one nullable field per alternative)"}
	case reflect.Complex64, reflect.Complex128:
		return nil, &TypeError{Type: t, Path: path, Reason: "complex numbers have no JSON form; use two float64 fields or tag the field json:\"-\""}
	default: // Chan, Func, UnsafePointer
		return nil, &TypeError{Type: t, Path: path, Reason: t.Kind().String() + " values have no JSON form; tag the field json:\"-\""}
	}
	return c, nil
}

func (p *planner) buildStruct(c *codec, path string) error {
	fs, err := structFields(c.typ, path)
	if err != nil {
		return err
	}
	c.fields = make([]field, len(fs))
	c.byName = make(map[string]int, len(fs))
	for i, f := range fs {
		fpath := path + "." + f.goName
		fc, err := p.build(f.typ, fpath)
		if err != nil {
			return err
		}
		c.fields[i] = field{
			slot:   slot{c: fc, nullable: f.nullable},
			name:   f.name,
			goName: f.goName,
			index:  f.index,
		}
		c.byName[f.name] = i
	}
	return nil
}

type fieldInfo struct {
	name     string
	goName   string
	tagged   bool
	index    []int
	typ      reflect.Type
	nullable bool
}

// structFields lists the JSON members of struct type t the way encoding/json
// does: exported fields, json tag names, "-" skipped, embedded structs
// flattened. It also skips fields tagged jsonschema:"-" (invopop leaves them
// out of the schema). A name that two fields map to is an error rather than
// encoding/json's silent choice, so that the schema and the decoder never
// disagree.
func structFields(t reflect.Type, path string) ([]fieldInfo, error) {
	type level struct {
		typ    reflect.Type
		index  []int
		goName string
	}
	var fields []fieldInfo
	next := []level{{typ: t}}
	visited := map[reflect.Type]bool{}
	for len(next) > 0 {
		current := next
		next = nil
		for _, l := range current {
			if visited[l.typ] {
				continue
			}
			visited[l.typ] = true
			for i := range l.typ.NumField() {
				sf := l.typ.Field(i)
				goName := sf.Name
				if l.goName != "" {
					goName = l.goName + "." + sf.Name
				}
				ft := sf.Type
				if sf.Anonymous {
					et := ft
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				if st, _, _ := strings.Cut(sf.Tag.Get("jsonschema"), ","); st == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(slices.Clip(l.index), i)
				et := ft
				if et.Name() == "" && et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if hasOption(opts, "inline") {
					return nil, &TypeError{Type: ft, Path: path + "." + goName, Reason: "the json tag option inline is not supported by encoding/json; embed the struct without a tag instead"}
				}
				if name == "" && sf.Anonymous && et.Kind() == reflect.Struct {
					if ft.Kind() == reflect.Pointer && !sf.IsExported() {
						return nil, &TypeError{Type: ft, Path: path + "." + goName, Reason: "an embedded pointer to an unexported struct cannot be set by a decoder; embed the struct by value"}
					}
					next = append(next, level{typ: et, index: index, goName: goName})
					continue
				}
				if hasOption(opts, "string") && stringOptionApplies(ft) {
					return nil, &TypeError{Type: ft, Path: path + "." + goName, Reason: "the json tag option string is not supported (strict output uses plain JSON numbers and booleans); remove it"}
				}
				nullable := ft.Kind() == reflect.Pointer || hasOption(opts, "omitempty") || hasOption(opts, "omitzero") || hasOption(sf.Tag.Get("jsonschema"), "nullable")
				tagged := name != ""
				if !tagged {
					name = sf.Name
				}
				fields = append(fields, fieldInfo{name: name, goName: goName, tagged: tagged, index: index, typ: ft, nullable: nullable})
			}
		}
	}
	slices.SortFunc(fields, func(a, b fieldInfo) int { return slices.Compare(a.index, b.index) })
	seen := make(map[string]string, len(fields))
	for _, f := range fields {
		if other, ok := seen[f.name]; ok {
			return nil, &TypeError{Type: t, Path: path, Reason: "fields " + other + " and " + f.goName + " both have the JSON name \"" + f.name + "\"; give one a different json tag"}
		}
		seen[f.name] = f.goName
	}
	return fields, nil
}

func stringOptionApplies(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return false
}

func hasOption(opts, name string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == name {
			return true
		}
	}
	return false
}

// validTagName is encoding/json's rule for a usable tag name.
func validTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// markDeep sets deep on every codec that can reach a Validate method.
func markDeep(root *codec) {
	var all []*codec
	seen := map[*codec]bool{}
	var walk func(c *codec)
	walk = func(c *codec) {
		if c == nil || seen[c] {
			return
		}
		seen[c] = true
		all = append(all, c)
		walk(c.elem.c)
		for i := range c.fields {
			walk(c.fields[i].c)
		}
	}
	walk(root)
	for changed := true; changed; {
		changed = false
		for _, c := range all {
			if c.deep {
				continue
			}
			d := c.validate || (c.elem.c != nil && c.elem.c.deep)
			for i := range c.fields {
				d = d || c.fields[i].c.deep
			}
			if d {
				c.deep = true
				changed = true
			}
		}
	}
}

// typeLabel names a type for messages: the type name with package paths
// shortened to their last element ("Page[y.Item]"), or the type literal.
func typeLabel(t reflect.Type) string {
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	name := t.Name()
	if name == "" {
		return t.String()
	}
	if !strings.Contains(name, "/") {
		return name
	}
	var b strings.Builder
	start := 0
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '[', ']', ',', '*', ' ':
			b.WriteString(lastPathElem(name[start:i]))
			b.WriteByte(name[i])
			start = i + 1
		}
	}
	b.WriteString(lastPathElem(name[start:]))
	return b.String()
}

func lastPathElem(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}
