package schema

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// checkStrict verifies every strict-mode rule on a schema document. It is
// written against the rules, independently of the transform (it reads the
// JSON with gjson and keeps its own lists), and returns every violation.
func checkStrict(raw []byte) []string {
	c := &strictChecker{root: gjson.ParseBytes(raw)}
	if !gjson.ValidBytes(raw) {
		return []string{"invalid JSON"}
	}
	root := c.root
	if !root.IsObject() {
		return []string{"root is not an object"}
	}
	if root.Get("type").String() != "object" || root.Get("type").Type != gjson.String {
		c.add("", "root type is not \"object\"")
	}
	if root.Get(`\$ref`).Exists() {
		c.add("", "root has $ref")
	}
	if root.Get("anyOf").Exists() {
		c.add("", "root has anyOf")
	}
	c.node(root, "", true)
	root.Get(`\$defs`).ForEach(func(k, v gjson.Result) bool {
		c.defNames += utf8.RuneCountInString(k.String())
		c.node(v, "/$defs/"+k.String(), false)
		return true
	})
	if c.props > 5000 {
		c.add("", fmt.Sprintf("%d properties", c.props))
	}
	if chars := c.chars + c.defNames; chars > 120000 {
		c.add("", fmt.Sprintf("%d characters", chars))
	}
	if c.enums > 1000 {
		c.add("", fmt.Sprintf("%d enum values", c.enums))
	}
	if d := c.depth(root, nil); d > 10 {
		c.add("", fmt.Sprintf("nesting depth %d", d))
	}
	return c.problems
}

type strictChecker struct {
	root                          gjson.Result
	problems                      []string
	props, chars, defNames, enums int
}

var checkerAllowed = []string{
	"type", "description", "title", "enum", "const", "format", "pattern",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
	"items", "minItems", "maxItems", "properties", "required", "additionalProperties", "anyOf",
}

var checkerFormats = []string{"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}

func (c *strictChecker) add(ptr, msg string) {
	c.problems = append(c.problems, ptr+": "+msg)
}

func (c *strictChecker) resolve(ref string) (gjson.Result, bool) {
	if ref == "#" {
		return c.root, true
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || strings.Contains(name, "/") {
		return gjson.Result{}, false
	}
	name, err := url.PathUnescape(name)
	if err != nil {
		return gjson.Result{}, false
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
	var found gjson.Result
	c.root.Get(`\$defs`).ForEach(func(k, v gjson.Result) bool {
		if k.String() == name {
			found = v
			return false
		}
		return true
	})
	return found, found.Exists()
}

func (c *strictChecker) node(n gjson.Result, ptr string, isRoot bool) {
	if !n.IsObject() {
		c.add(ptr, "schema is not an object")
		return
	}
	var keys []string
	n.ForEach(func(k, _ gjson.Result) bool {
		keys = append(keys, k.String())
		return true
	})
	if ref := n.Get(`\$ref`); ref.Exists() {
		if len(keys) != 1 {
			c.add(ptr, "$ref has siblings")
		}
		if _, ok := c.resolve(ref.String()); !ok {
			c.add(ptr, "$ref does not resolve: "+ref.String())
		}
		return
	}
	for _, k := range keys {
		if isRoot && k == "$defs" {
			continue
		}
		if !slices.Contains(checkerAllowed, k) {
			c.add(ptr, "keyword not allowed: "+k)
		}
	}
	if f := n.Get("format"); f.Exists() && !slices.Contains(checkerFormats, f.String()) {
		c.add(ptr, "format not allowed: "+f.String())
	}
	var types []string
	if t := n.Get("type"); t.IsArray() {
		for _, x := range t.Array() {
			types = append(types, x.String())
		}
	} else if t.Exists() {
		types = []string{t.String()}
	}
	if len(types) == 0 && !n.Get("anyOf").Exists() && !n.Get("enum").Exists() && !n.Get("const").Exists() {
		c.add(ptr, "no type")
	}
	if slices.Contains(types, "object") || n.Get("properties").Exists() {
		if ap := n.Get("additionalProperties"); ap.Type != gjson.False {
			c.add(ptr, "object not closed")
		}
		var props []string
		n.Get("properties").ForEach(func(k, v gjson.Result) bool {
			props = append(props, k.String())
			c.props++
			c.chars += utf8.RuneCountInString(k.String())
			c.node(v, ptr+"/properties/"+k.String(), false)
			return true
		})
		var req []string
		for _, r := range n.Get("required").Array() {
			req = append(req, r.String())
		}
		if !n.Get("required").IsArray() || !slices.Equal(props, req) {
			c.add(ptr, fmt.Sprintf("required %v is not every property in order %v", req, props))
		}
	}
	if slices.Contains(types, "array") {
		if items := n.Get("items"); !items.IsObject() {
			c.add(ptr, "array without an items schema")
		} else {
			c.node(items, ptr+"/items", false)
		}
	}
	if a := n.Get("anyOf"); a.Exists() {
		if !a.IsArray() || len(a.Array()) == 0 {
			c.add(ptr, "anyOf is not a non-empty array")
		}
		for i, b := range a.Array() {
			c.node(b, fmt.Sprintf("%s/anyOf/%d", ptr, i), false)
		}
	}
	if e := n.Get("enum"); e.Exists() {
		vals := e.Array()
		c.enums += len(vals)
		strChars := 0
		for _, v := range vals {
			chars := utf8.RuneCountInString(v.String())
			if v.Type != gjson.String {
				chars = len(v.Raw)
			} else {
				strChars += chars
			}
			c.chars += chars
		}
		if len(vals) > 250 && strChars > 15000 {
			c.add(ptr, "large enum over 15,000 characters")
		}
	}
	if v := n.Get("const"); v.Exists() {
		if v.Type == gjson.String {
			c.chars += utf8.RuneCountInString(v.String())
		} else {
			c.chars += len(v.Raw)
		}
	}
}

// depth is the deepest nesting of objects below n, following $ref once per
// path.
func (c *strictChecker) depth(n gjson.Result, path []string) int {
	best := 0
	visit := func(v gjson.Result) {
		if ref := v.Get(`\$ref`); ref.Exists() {
			if slices.Contains(path, ref.String()) {
				return
			}
			target, ok := c.resolve(ref.String())
			if !ok {
				return
			}
			d := c.depth(target, append(path, ref.String()))
			if target.Get("properties").Exists() {
				d++
			}
			best = max(best, d)
			return
		}
		d := c.depth(v, path)
		if v.Get("properties").Exists() {
			d++
		}
		best = max(best, d)
	}
	n.Get("properties").ForEach(func(_, v gjson.Result) bool {
		visit(v)
		return true
	})
	if items := n.Get("items"); items.Exists() {
		visit(items)
	}
	for _, b := range n.Get("anyOf").Array() {
		visit(b)
	}
	return best
}
