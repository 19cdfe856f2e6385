// Command apirules writes rules_gen.go for package responsestest: the shape
// of the body of POST /v1/responses (the CreateResponse schema of the
// OpenAPI spec and every schema it references) as a compact table that the
// fake server checks requests against. Run it with go generate in
// responses/responsestest.
//
// Usage:
//
//	apirules [-spec openapi.json] [-o rules_gen.go]
//
// The spec defaults to ../shared/conformance/openapi/openapi.json relative
// to the repository root (the folder holding go.mod).
//
// Each rule is the union of the schemas a value may match: the JSON kinds it
// accepts, the string enum, limits, the rule of array items, and for
// objects the known members and their rules. $ref, allOf, anyOf and oneOf
// are resolved; a {"type": "null"} branch makes a value nullable. Objects of
// a union are told apart by their "type" member (the spec's discriminator):
// the variants that share a type value are merged, member by member.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The JSON kinds, as the generated table spells them.
const (
	kString = 1 << iota
	kInteger
	kNumber
	kBoolean
	kObject
	kArray
	kNull
	kAny = 1<<iota - 1
)

var kindNames = []string{"kString", "kInteger", "kNumber", "kBoolean", "kObject", "kArray", "kNull"}

// root is the schema of the request body.
const root = "#/components/schemas/CreateResponse"

// overrides add what the spec says only in prose. Metadata: "Set of 16
// key-value pairs ... Keys are strings with a maximum length of 64
// characters. Values are strings with a maximum length of 512 characters."
var overrides = map[string]func(*rule){
	"#/components/schemas/Metadata/anyOf/0": func(r *rule) {
		r.MaxProps = 16
		r.KeyMaxLen = 64
	},
	"#/components/schemas/Metadata/anyOf/0/additionalProperties": func(r *rule) {
		r.MaxLen = 512
	},
}

// rule mirrors the rule type of package responsestest.
type rule struct {
	Kinds          int
	Enum           []string
	MaxLen         int
	Min, Max       float64
	HasMin, HasMax bool
	Items          int
	Members        map[string]int
	Open           bool
	Extra          int
	MaxProps       int
	KeyMaxLen      int
	Variants       map[string]int
	Types          []string
}

// An atom is a schema that is not a union: the paths of its parts (more
// than one for allOf), all of which a value must match.
type atom []string

type gen struct {
	doc   any
	rules []rule
	memo  map[string]int
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("apirules: ")
	spec := flag.String("spec", "", "the OpenAPI spec (default ../shared/conformance/openapi/openapi.json beside the repository root)")
	out := flag.String("o", "rules_gen.go", "the file to write")
	flag.Parse()
	if *spec == "" {
		dir, err := repoRoot()
		if err != nil {
			log.Fatal(err)
		}
		*spec = filepath.Join(dir, "..", "shared", "conformance", "openapi", "openapi.json")
	}
	data, err := os.ReadFile(*spec)
	if err != nil {
		log.Fatal(err)
	}
	src, err := generate(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// repoRoot returns the closest folder above the working directory that holds
// go.mod.
func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}

// generate returns the Go source of the rule table for the spec.
func generate(spec []byte) ([]byte, error) {
	g := &gen{memo: map[string]int{}}
	if err := json.Unmarshal(spec, &g.doc); err != nil {
		return nil, err
	}
	if g.resolve(root) == nil {
		return nil, fmt.Errorf("the spec has no %s", root)
	}
	g.rules = append(g.rules, rule{Kinds: kAny, Open: true}) // 0: anything
	top := g.normalize(g.expand(root, 0))
	top = g.compact(top)
	return g.source(top)
}

// resolve returns the schema at a JSON pointer such as
// "#/components/schemas/Item/oneOf/3", or nil.
func (g *gen) resolve(path string) map[string]any {
	var v any = g.doc
	for tok := range strings.SplitSeq(strings.TrimPrefix(path, "#/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	m, _ := v.(map[string]any)
	return m
}

// expand returns the atoms of the union that the schema at path is.
func (g *gen) expand(path string, depth int) []atom {
	s := g.resolve(path)
	if s == nil || depth > 64 {
		return []atom{{}}
	}
	if ref, ok := s["$ref"].(string); ok {
		return g.expand(ref, depth+1)
	}
	if _, ok := s["$recursiveRef"]; ok {
		return []atom{{}} // a recursive filter: anything
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		if alts, ok := s[key].([]any); ok {
			var out []atom
			for i := range alts {
				out = append(out, g.expand(fmt.Sprintf("%s/%s/%d", path, key, i), depth+1)...)
			}
			return out
		}
	}
	if parts, ok := s["allOf"].([]any); ok {
		out := []atom{{}}
		if _, ok := s["properties"]; ok {
			out = []atom{{path}}
		}
		for i := range parts {
			var next []atom
			for _, a := range out {
				for _, b := range g.expand(fmt.Sprintf("%s/allOf/%d", path, i), depth+1) {
					next = append(next, append(slices.Clip(a), b...))
				}
			}
			out = next
		}
		return out
	}
	return []atom{{path}}
}

// kinds returns the JSON kinds an atom accepts.
func (g *gen) kinds(a atom) int {
	k := kAny
	for _, p := range a {
		k &= g.ownKinds(g.resolve(p))
	}
	return k
}

func (g *gen) ownKinds(s map[string]any) int {
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			if x, ok := x.(string); ok {
				types = append(types, x)
			}
		}
	}
	if len(types) == 0 {
		switch {
		case s["properties"] != nil || s["additionalProperties"] != nil:
			return kObject
		case s["items"] != nil:
			return kArray
		case s["enum"] != nil:
			return kString
		}
		return kAny
	}
	k := 0
	for _, t := range types {
		switch t {
		case "string":
			k |= kString
		case "integer":
			k |= kInteger
		case "number":
			k |= kNumber | kInteger
		case "boolean":
			k |= kBoolean
		case "object":
			k |= kObject
		case "array":
			k |= kArray
		case "null":
			k |= kNull
		}
	}
	return k
}

func atomKey(a atom) string { return strings.Join(a, "&") }

func setKey(prefix string, atoms []atom) string {
	keys := make([]string, len(atoms))
	for i, a := range atoms {
		keys[i] = atomKey(a)
	}
	sort.Strings(keys)
	keys = slices.Compact(keys)
	return prefix + strings.Join(keys, "|")
}

// normalize returns the index of the rule of the union of atoms.
func (g *gen) normalize(atoms []atom) int {
	key := setKey("", atoms)
	if i, ok := g.memo[key]; ok {
		return i
	}
	for _, a := range atoms {
		if len(a) == 0 {
			g.memo[key] = 0 // one branch accepts anything
			return 0
		}
	}
	idx := len(g.rules)
	g.rules = append(g.rules, rule{})
	g.memo[key] = idx

	var r rule
	anyString, anyNumber := false, false
	minSet, maxSet := true, true
	var objects, arrays []atom
	var items []atom
	anyItems := false
	strMax := 0
	anyLen := false
	for _, a := range atoms {
		k := g.kinds(a)
		r.Kinds |= k
		if k&kString != 0 {
			enum, maxLen := g.stringFacets(a)
			if enum == nil {
				anyString = true
			}
			for _, e := range enum {
				if !slices.Contains(r.Enum, e) {
					r.Enum = append(r.Enum, e)
				}
			}
			if maxLen == 0 {
				anyLen = true
			}
			strMax = max(strMax, maxLen)
		}
		if k&(kInteger|kNumber) != 0 {
			lo, hi, hasLo, hasHi := g.numberFacets(a)
			if !anyNumber {
				r.Min, r.Max = lo, hi
			} else {
				r.Min, r.Max = math.Min(r.Min, lo), math.Max(r.Max, hi)
			}
			anyNumber = true
			minSet = minSet && hasLo
			maxSet = maxSet && hasHi
		}
		if k&kArray != 0 {
			arrays = append(arrays, a)
			found := false
			for _, p := range a {
				if g.resolve(p)["items"] != nil {
					items = append(items, g.expand(p+"/items", 0)...)
					found = true
				}
			}
			if !found {
				anyItems = true
			}
		}
		if k&kObject != 0 {
			objects = append(objects, a)
		}
	}
	if anyString {
		r.Enum = nil
	}
	if !anyLen {
		r.MaxLen = strMax
	}
	if anyNumber {
		r.HasMin, r.HasMax = minSet, maxSet
		if !minSet {
			r.Min = 0
		}
		if !maxSet {
			r.Max = 0
		}
	}
	if len(arrays) > 0 && !anyItems {
		r.Items = g.normalize(items)
	}
	if len(objects) > 0 {
		g.objectRule(&r, objects)
	}
	for _, a := range atoms {
		for _, p := range a {
			if f := overrides[p]; f != nil {
				f(&r)
			}
		}
	}
	g.rules[idx] = r
	return idx
}

// stringFacets returns the enum (nil: any string) and the maximum length (0:
// none) of a string atom.
func (g *gen) stringFacets(a atom) (enum []string, maxLen int) {
	for _, p := range a {
		s := g.resolve(p)
		if e, ok := s["enum"].([]any); ok {
			for _, v := range e {
				if v, ok := v.(string); ok {
					enum = append(enum, v)
				}
			}
		}
		if n, ok := s["maxLength"].(float64); ok {
			maxLen = int(n)
		}
	}
	return enum, maxLen
}

func (g *gen) numberFacets(a atom) (lo, hi float64, hasLo, hasHi bool) {
	for _, p := range a {
		s := g.resolve(p)
		if n, ok := s["minimum"].(float64); ok {
			lo, hasLo = n, true
		}
		if n, ok := s["maximum"].(float64); ok {
			hi, hasHi = n, true
		}
	}
	return lo, hi, hasLo, hasHi
}

// typeValues returns the values of the "type" member an object atom
// declares, or nil when it declares none (no member, or any string).
func (g *gen) typeValues(a atom) []string {
	var vals []string
	for _, p := range a {
		props, _ := g.resolve(p)["properties"].(map[string]any)
		if props["type"] == nil {
			continue
		}
		for _, t := range g.expand(p+"/properties/type", 0) {
			if g.kinds(t)&kString == 0 {
				continue
			}
			enum, _ := g.stringFacets(t)
			if enum == nil {
				return nil
			}
			vals = append(vals, enum...)
		}
	}
	return vals
}

// objectRule fills in r the rule of the object atoms: one shape, or
// variants told apart by their "type" member.
func (g *gen) objectRule(r *rule, objects []atom) {
	groups := map[string][]atom{}
	var order []string
	for _, a := range objects {
		vals := g.typeValues(a)
		if len(objects) == 1 || vals == nil {
			vals = []string{""}
		}
		if len(vals) > 0 && vals[0] != "" && !g.requires(a, "type") {
			vals = append(vals, "") // the type may be left out
		}
		for _, v := range vals {
			if _, ok := groups[v]; !ok {
				order = append(order, v)
			}
			groups[v] = append(groups[v], a)
		}
	}
	if len(order) == 1 && order[0] == "" {
		g.shape(r, objects)
		return
	}
	r.Variants = map[string]int{}
	for _, v := range order {
		if v != "" {
			r.Types = append(r.Types, v)
		}
		key := setKey("shape:", groups[v])
		i, ok := g.memo[key]
		if !ok {
			i = len(g.rules)
			g.rules = append(g.rules, rule{})
			g.memo[key] = i
			s := rule{Kinds: kObject}
			g.shape(&s, groups[v])
			g.rules[i] = s
		}
		r.Variants[v] = i
	}
}

// shape fills in r the members of the merged object atoms.
func (g *gen) shape(r *rule, objects []atom) {
	members := map[string][]atom{}
	var extra []atom
	for _, a := range objects {
		declared := false
		for _, p := range a {
			s := g.resolve(p)
			// An empty "properties" (EmptyModelParam: tool arguments, the
			// parameters of a namespace's functions) stands for a free-form
			// object: the API takes any members there.
			if props, ok := s["properties"].(map[string]any); ok && len(props) > 0 {
				declared = true
				for name := range props {
					members[name] = append(members[name], g.expand(p+"/properties/"+jsonPointerEscape(name), 0)...)
				}
			}
			switch ap := s["additionalProperties"].(type) {
			case nil:
			case bool:
				if ap {
					r.Open = true
					extra = append(extra, atom{})
				}
			case map[string]any:
				r.Open = true
				extra = append(extra, g.expand(p+"/additionalProperties", 0)...)
			}
		}
		if !declared && g.merged(a)["additionalProperties"] == nil {
			r.Open = true // a free-form object
			extra = append(extra, atom{})
		}
	}
	if len(members) > 0 {
		r.Members = map[string]int{}
		for _, name := range slices.Sorted(maps.Keys(members)) {
			r.Members[name] = g.normalize(members[name])
		}
	}
	if r.Open && len(extra) > 0 {
		r.Extra = g.normalize(extra)
	}
}

// requires reports whether an atom requires the member name.
func (g *gen) requires(a atom, name string) bool {
	for _, p := range a {
		req, _ := g.resolve(p)["required"].([]any)
		for _, r := range req {
			if r == name {
				return true
			}
		}
	}
	return false
}

// merged returns the keys of an atom's parts, merged.
func (g *gen) merged(a atom) map[string]any {
	m := map[string]any{}
	for _, p := range a {
		maps.Copy(m, g.resolve(p))
	}
	return m
}

func jsonPointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// compact merges the rules that are the same, drops those that nothing
// refers to, and returns the new index of the rule top.
func (g *gen) compact(top int) int {
	// Merging two rules can make the rules that refer to them the same:
	// go on while the number of distinct rules falls.
	for distinct := len(g.rules) + 1; ; {
		remap := make([]int, len(g.rules))
		seen := map[string]int{}
		for i, r := range g.rules {
			key := fmt.Sprintf("%#v", r)
			j, ok := seen[key]
			if !ok {
				j = i
				seen[key] = i
			}
			remap[i] = j
		}
		g.renumber(remap)
		top = remap[top]
		if len(seen) == distinct {
			break
		}
		distinct = len(seen)
	}
	// Keep the rules reachable from 0 and top, numbered in the order found.
	remap := make([]int, len(g.rules))
	for i := range remap {
		remap[i] = -1
	}
	var order []int
	var visit func(int)
	visit = func(i int) {
		if remap[i] >= 0 {
			return
		}
		remap[i] = len(order)
		order = append(order, i)
		r := g.rules[i]
		for _, j := range refs(r) {
			visit(j)
		}
	}
	visit(0)
	visit(top)
	g.renumber(remap)
	kept := make([]rule, len(order))
	for newIdx, old := range order {
		kept[newIdx] = g.rules[old]
	}
	g.rules = kept
	return remap[top]
}

// refs returns the rules r refers to, in a fixed order.
func refs(r rule) []int {
	out := []int{r.Items, r.Extra}
	for _, name := range slices.Sorted(maps.Keys(r.Members)) {
		out = append(out, r.Members[name])
	}
	for _, v := range slices.Sorted(maps.Keys(r.Variants)) {
		out = append(out, r.Variants[v])
	}
	return out
}

// renumber rewrites the references of every rule through remap.
func (g *gen) renumber(remap []int) {
	for i := range g.rules {
		r := &g.rules[i]
		r.Items, r.Extra = remap[r.Items], remap[r.Extra]
		if r.Members != nil {
			m := make(map[string]int, len(r.Members))
			for k, v := range r.Members {
				m[k] = remap[v]
			}
			r.Members = m
		}
		if r.Variants != nil {
			m := make(map[string]int, len(r.Variants))
			for k, v := range r.Variants {
				m[k] = remap[v]
			}
			r.Variants = m
		}
	}
}

// source returns the Go source of the table.
func (g *gen) source(top int) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/cmd/apirules from the OpenAPI spec; DO NOT EDIT.\n\n")
	b.WriteString("package responsestest\n\n")
	fmt.Fprintf(&b, "// requestRule is the rule of the body of POST /v1/responses.\nconst requestRule = %d\n\n", top)
	b.WriteString("// rules is the table of the shapes of the request's values; a rule refers\n// to others by index, and rule 0 accepts anything.\n")
	b.WriteString("var rules = [...]rule{\n")
	for i, r := range g.rules {
		fmt.Fprintf(&b, "%d: {", i)
		var f []string
		f = append(f, "kinds: "+kindsSource(r.Kinds))
		if r.Enum != nil {
			f = append(f, "enum: "+stringsSource(r.Enum))
		}
		if r.MaxLen > 0 {
			f = append(f, fmt.Sprintf("maxLen: %d", r.MaxLen))
		}
		if r.HasMin {
			f = append(f, fmt.Sprintf("hasMin: true, min: %v", r.Min))
		}
		if r.HasMax {
			f = append(f, fmt.Sprintf("hasMax: true, max: %v", r.Max))
		}
		if r.Items != 0 {
			f = append(f, fmt.Sprintf("items: %d", r.Items))
		}
		if r.Members != nil {
			f = append(f, "members: "+mapSource(r.Members))
		}
		if r.Open {
			f = append(f, "open: true")
		}
		if r.Extra != 0 {
			f = append(f, fmt.Sprintf("extra: %d", r.Extra))
		}
		if r.MaxProps > 0 {
			f = append(f, fmt.Sprintf("maxProps: %d", r.MaxProps))
		}
		if r.KeyMaxLen > 0 {
			f = append(f, fmt.Sprintf("keyMaxLen: %d", r.KeyMaxLen))
		}
		if r.Variants != nil {
			f = append(f, "variants: "+mapSource(r.Variants))
			f = append(f, "types: "+stringsSource(r.Types))
		}
		b.WriteString(strings.Join(f, ", "))
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func kindsSource(k int) string {
	if k == kAny {
		return "kAny"
	}
	var parts []string
	for i, name := range kindNames {
		if k&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

func stringsSource(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

func mapSource(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", strconv.Quote(k), m[k])
	}
	return "map[string]int{" + strings.Join(parts, ", ") + "}"
}
