// Package wiregen writes the boilerplate that connects a package's API types
// to the wire codec: MarshalJSON and UnmarshalJSON for every struct with a
// wire.Meta field, a Format method that prints it without that field (unless
// the type has a Format, String, GoString or Error method of its own, or a
// field named Format), and for every sealed interface the marker methods of its
// variants and the map of discriminator values that wire.RegisterUnion takes.
//
// Directives, on the line before a type (they are not shown by go doc):
//
//	//wire:union Event type:EventType field:Sequence=SequenceNumber
//
// declares the sealed interface Event, whose marker method is isEvent. The
// optional type:M makes every variant's method M return its discriminator
// value; field:M=F makes method M return the variant's field F.
//
//	//wire:variant Event response.output_text.delta
//
// makes the type a variant of Event with that discriminator value (several
// values may follow; none for a string type chosen from a JSON string).
// The map of variants is named after the union: eventVariants.
package wiregen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Output is the name of the generated file.
const Output = "wire_gen.go"

type union struct {
	name      string
	typeFunc  string
	fieldFunc string
	field     string
	variants  []variant
}

type variant struct {
	typ    string
	names  []string
	fields map[string]bool
	isPtr  bool // a struct, used as a pointer
}

// Generate returns the generated Go source for the package in dir.
func Generate(dir string) ([]byte, error) {
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var (
		pkg          string
		structs      []string
		unions       = map[string]*union{}
		hasTypeField = map[string]bool{}
		printer      = map[string]bool{} // types with a method fmt would use
		pending      []struct {
			union string
			v     variant
			pos   token.Position
		}
	)
	for _, path := range paths {
		base := filepath.Base(path)
		if strings.HasSuffix(base, "_test.go") || base == Output {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		pkg = f.Name.Name
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				switch fd.Name.Name {
				case "Format", "String", "GoString", "Error":
					typ := fd.Recv.List[0].Type
					if star, ok := typ.(*ast.StarExpr); ok {
						typ = star.X
					}
					if id, ok := typ.(*ast.Ident); ok {
						printer[id.Name] = true
					}
				}
			}
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				st, isStruct := ts.Type.(*ast.StructType)
				fields := map[string]bool{}
				if isStruct {
					for _, fl := range st.Fields.List {
						for _, n := range fl.Names {
							if n.Name == "Type" {
								hasTypeField[ts.Name.Name] = true
							}
						}
						for _, n := range fl.Names {
							fields[n.Name] = true
							if n.Name == "Format" {
								printer[ts.Name.Name] = true // a field, not a method
							}
						}
						if sel, ok := fl.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Meta" {
							if x, ok := sel.X.(*ast.Ident); ok && x.Name == "wire" {
								structs = append(structs, ts.Name.Name)
							}
						}
					}
				}
				if doc == nil {
					continue
				}
				for _, c := range doc.List {
					words := strings.Fields(strings.TrimPrefix(c.Text, "//"))
					if len(words) == 0 {
						continue
					}
					switch words[0] {
					case "wire:union":
						if len(words) < 2 {
							return nil, fmt.Errorf("%v: wire:union needs a name", fset.Position(c.Pos()))
						}
						u := &union{name: words[1]}
						for _, w := range words[2:] {
							switch {
							case strings.HasPrefix(w, "type:"):
								u.typeFunc = strings.TrimPrefix(w, "type:")
							case strings.HasPrefix(w, "field:"):
								fn, fld, ok := strings.Cut(strings.TrimPrefix(w, "field:"), "=")
								if !ok {
									return nil, fmt.Errorf("%v: want field:Method=Field", fset.Position(c.Pos()))
								}
								u.fieldFunc, u.field = fn, fld
							default:
								return nil, fmt.Errorf("%v: unknown wire:union option %q", fset.Position(c.Pos()), w)
							}
						}
						unions[u.name] = u
					case "wire:variant":
						if len(words) < 2 {
							return nil, fmt.Errorf("%v: wire:variant needs a union", fset.Position(c.Pos()))
						}
						pending = append(pending, struct {
							union string
							v     variant
							pos   token.Position
						}{words[1], variant{typ: ts.Name.Name, names: words[2:], fields: fields, isPtr: isStruct}, fset.Position(c.Pos())})
					}
				}
			}
		}
	}
	for _, p := range pending {
		u, ok := unions[p.union]
		if !ok {
			return nil, fmt.Errorf("%v: wire:variant of unknown union %s", p.pos, p.union)
		}
		u.variants = append(u.variants, p.v)
	}

	// The union each variant is encoded with on its own: the first one listed.
	unionOf := map[string]*union{}
	names := make([]string, 0, len(unions))
	for n := range unions {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, p := range pending {
		if _, ok := unionOf[p.v.typ]; !ok && p.v.isPtr {
			unionOf[p.v.typ] = unions[p.union]
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by wiregen; DO NOT EDIT.\n\npackage %s\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/respkit/respkit/internal/wire\"\n)\n", pkg)
	slices.Sort(structs)
	for _, s := range structs {
		u := unionOf[s]
		fmt.Fprintf(&b, "\n// MarshalJSON encodes x as JSON, keeping the members it was decoded with.\n")
		if u != nil {
			fmt.Fprintf(&b, "func (x %s) MarshalJSON() ([]byte, error) {\n\tvar v %s = &x\n\treturn wire.Marshal(&v)\n}\n", s, u.name)
		} else {
			fmt.Fprintf(&b, "func (x %s) MarshalJSON() ([]byte, error) { return wire.Marshal(&x) }\n", s)
		}
		fmt.Fprintf(&b, "\n// UnmarshalJSON decodes a JSON object into x.\n")
		if u != nil && !hasTypeField[s] {
			fmt.Fprintf(&b, "func (x *%s) UnmarshalJSON(b []byte) error { return wire.UnmarshalVariant(b, x, %q) }\n", s, "type")
		} else {
			fmt.Fprintf(&b, "func (x *%s) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, x) }\n", s)
		}
		if !printer[s] {
			fmt.Fprintf(&b, "\n// Format prints x as fmt prints a struct, without the bookkeeping of its JSON.\n")
			fmt.Fprintf(&b, "func (x %s) Format(f fmt.State, verb rune) { wire.Format(f, verb, &x) }\n", s)
		}
	}
	// The codec reads the meta fields by reflection; metaFields tells static
	// analysis that they are used.
	fmt.Fprintf(&b, "\n// metaFields is never called: it shows static analysis that the codec\n// reads the meta fields (through reflection).\nfunc metaFields() []any {\n\treturn []any{\n")
	for _, s := range structs {
		fmt.Fprintf(&b, "\t\tnew(%s).meta,\n", s)
	}
	fmt.Fprintf(&b, "\t}\n}\n\nvar _ = metaFields\n")
	for _, n := range names {
		u := unions[n]
		slices.SortStableFunc(u.variants, func(a, b variant) int { return strings.Compare(a.typ, b.typ) })
		recv := func(v variant) string {
			if v.isPtr {
				return "*" + v.typ
			}
			return v.typ
		}
		fmt.Fprintf(&b, "\n")
		for _, v := range u.variants {
			fmt.Fprintf(&b, "func (%s) is%s() {}\n", recv(v), u.name)
		}
		if u.typeFunc != "" {
			for _, v := range u.variants {
				if len(v.names) == 0 {
					continue
				}
				fmt.Fprintf(&b, "\n// %s returns %q.\nfunc (%s) %s() string { return %q }\n", u.typeFunc, v.names[0], recv(v), u.typeFunc, v.names[0])
			}
		}
		if u.fieldFunc != "" {
			for _, v := range u.variants {
				if !v.fields[u.field] {
					return nil, fmt.Errorf("%s: variant of %s has no field %s", v.typ, u.name, u.field)
				}
				fmt.Fprintf(&b, "\n// %s returns e.%s.\nfunc (e *%s) %s() int64 { return e.%s }\n", u.fieldFunc, u.field, v.typ, u.fieldFunc, u.field)
			}
		}
		mapName := strings.ToLower(u.name[:1]) + u.name[1:] + "Variants"
		fmt.Fprintf(&b, "\nvar %s = []wire.Variant{\n", mapName)
		seen := map[string]string{}
		for _, v := range u.variants {
			for _, name := range v.names {
				if other, dup := seen[name]; dup {
					return nil, fmt.Errorf("%s: discriminator %q of %s is taken by %s", v.typ, name, u.name, other)
				}
				seen[name] = v.typ
				fmt.Fprintf(&b, "\t{Name: %q, Type: (*%s)(nil)},\n", name, v.typ)
			}
		}
		fmt.Fprintf(&b, "}\n")
	}
	return format.Source(b.Bytes())
}
