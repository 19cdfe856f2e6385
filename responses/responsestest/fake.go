package responsestest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/tidwall/gjson"
)

// A faker makes up JSON values that match a JSON Schema, using the words,
// names and numbers of a request's input where it can. It is deterministic:
// the same schema and input give the same value.
type faker struct {
	defs    gjson.Result // the schema's $defs
	words   []string     // words of the input, in order
	names   []string     // capitalised words, such as names and places
	numbers []string     // numbers of the input
	ids     []string     // tokens that mix digits with letters or dashes
	paths   []string     // file names and paths
	emails  []string
	dates   []string
	text    string // the input's first sentence
	used    map[string]int
}

var (
	tokenRE  = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}._@'’/-]*[\p{L}\p{N}]|[\p{L}\p{N}]`)
	wordRE   = regexp.MustCompile(`^[\p{L}][\p{L}'’-]*$`)
	numberRE = regexp.MustCompile(`^\d+(?:\.\d+)?$`)
	emailRE  = regexp.MustCompile(`^[\w.+-]+@[\w-]+\.[\w.]+$`)
	dateRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	digitRE  = regexp.MustCompile(`\d`)
)

// thousands matches the separator of 9,700.
var thousands = regexp.MustCompile(`(\d),(\d{3})\b`)

func newFaker(input string) *faker {
	f := &faker{used: map[string]int{}}
	for i, tok := range tokenRE.FindAllString(thousands.ReplaceAllString(input, "$1$2"), -1) {
		switch {
		case emailRE.MatchString(tok):
			f.emails = append(f.emails, tok)
		case dateRE.MatchString(tok):
			f.dates = append(f.dates, tok)
		case pathRE.MatchString(tok) && !numberRE.MatchString(tok):
			f.paths = append(f.paths, tok)
		case numberRE.MatchString(tok):
			f.numbers = append(f.numbers, tok)
		case digitRE.MatchString(tok):
			f.ids = append(f.ids, tok)
		case wordRE.MatchString(tok):
			f.words = append(f.words, tok)
			if r := []rune(tok)[0]; unicode.IsUpper(r) && i > 0 && len(tok) > 1 {
				f.names = append(f.names, tok)
			}
		}
	}
	f.text = firstSentence(input)
	return f
}

// pick returns the next of the candidates for the key, cycling.
func (f *faker) pick(key string, candidates []string) (string, bool) {
	if len(candidates) == 0 {
		return "", false
	}
	i := f.used[key] % len(candidates)
	f.used[key]++
	return candidates[i], true
}

// value returns a JSON value (as text) for schema, the value of the
// property name (or "" at the top).
func (f *faker) value(schema gjson.Result, name string, depth int) string {
	if ref := schema.Get(`\$ref`); ref.Exists() {
		target := strings.TrimPrefix(ref.String(), "#/$defs/")
		if target == ref.String() || depth > 8 {
			return "null"
		}
		return f.value(f.defs.Get(gjson.Escape(target)), name, depth+1)
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		if alts := schema.Get(key); alts.IsArray() {
			var nonNull []gjson.Result
			for _, a := range alts.Array() {
				if a.Get("type").String() != "null" {
					nonNull = append(nonNull, a)
				}
			}
			// Deep in a recursive type, null ends the recursion.
			if len(nonNull) == 0 || depth > 4 && len(nonNull) < len(alts.Array()) {
				return "null"
			}
			return f.value(nonNull[0], name, depth+1)
		}
	}
	if c := schema.Get("const"); c.Exists() {
		return c.Raw
	}
	if enum := schema.Get("enum"); enum.IsArray() && len(enum.Array()) > 0 {
		return f.enum(enum.Array(), name)
	}
	typ := schema.Get("type")
	if typ.IsArray() {
		for _, t := range typ.Array() {
			if t.String() != "null" {
				typ = t
				break
			}
		}
	}
	switch typ.String() {
	case "object":
		return f.object(schema, depth)
	case "array":
		n := max(1, int(schema.Get("minItems").Int()))
		if m := schema.Get("maxItems"); m.Exists() && int(m.Int()) < n {
			n = int(m.Int())
		}
		if depth > 4 {
			n = int(schema.Get("minItems").Int())
		}
		var b strings.Builder
		b.WriteByte('[')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.value(schema.Get("items"), singular(name), depth+1))
		}
		b.WriteByte(']')
		return b.String()
	case "string":
		return strconv.Quote(f.str(schema, name))
	case "integer":
		return strconv.FormatInt(f.integer(schema, name), 10)
	case "number":
		return f.number(schema, name)
	case "boolean":
		return "true"
	case "null":
		return "null"
	}
	if schema.Get("properties").Exists() {
		return f.object(schema, depth)
	}
	return strconv.Quote(f.phrase(name))
}

func (f *faker) object(schema gjson.Result, depth int) string {
	var b strings.Builder
	b.WriteByte('{')
	first := true
	schema.Get("properties").ForEach(func(k, v gjson.Result) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Quote(k.String()))
		b.WriteByte(':')
		b.WriteString(f.value(v, k.String(), depth+1))
		return true
	})
	b.WriteByte('}')
	return b.String()
}

// enum picks the member that the input mentions, or the first.
func (f *faker) enum(members []gjson.Result, name string) string {
	for _, m := range members {
		if m.Type == gjson.String && f.mentions(m.String()) {
			return m.Raw
		}
	}
	return members[0].Raw
}

func (f *faker) mentions(s string) bool {
	for _, w := range f.words {
		if strings.EqualFold(w, s) {
			return true
		}
	}
	return false
}

func (f *faker) str(schema gjson.Result, name string) string {
	key := strings.ToLower(name)
	switch format := schema.Get("format").String(); format {
	case "date-time":
		if d, ok := f.pick("date", f.dates); ok {
			return d + "T09:00:00Z"
		}
		return "2026-01-15T09:00:00Z"
	case "date":
		if d, ok := f.pick("date", f.dates); ok {
			return d
		}
		return "2026-01-15"
	case "time":
		return "09:00:00"
	case "email":
		if e, ok := f.pick("email", f.emails); ok {
			return e
		}
		return "someone@example.com"
	case "uuid":
		return "00000000-0000-4000-8000-000000000000"
	case "uri":
		return "https://example.com/"
	}
	switch {
	case key == "id" || hasAny(key, "number", "code", "ref", "sku", "_id"):
		if id, ok := f.pick("id", f.ids); ok {
			return id
		}
		if n, ok := f.pick("number", f.numbers); ok {
			return n
		}
	case hasAny(key, "path", "file", "filename"):
		if p, ok := f.pick("path", f.paths); ok {
			return p
		}
	case strings.Contains(key, "email"):
		if e, ok := f.pick("email", f.emails); ok {
			return e
		}
		return "someone@example.com"
	case strings.Contains(key, "date") || strings.HasSuffix(key, "_at") || key == "when":
		if d, ok := f.pick("date", f.dates); ok {
			return d
		}
		return "2026-01-15"
	case strings.Contains(key, "url") || strings.Contains(key, "link"):
		return "https://example.com/"
	case hasAny(key, "name", "title", "city", "company", "person", "author", "customer", "vendor", "country", "place", "location", "who", "attendee"):
		if n, ok := f.pick("name", f.names); ok {
			return n
		}
	case hasAny(key, "description", "summary", "text", "note", "reason", "content", "message", "answer", "explanation", "comment", "body"):
		if f.text != "" {
			return f.text
		}
	}
	return f.phrase(name)
}

func hasAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// phrase returns two or three words of the input, in turn.
func (f *faker) phrase(name string) string {
	if len(f.words) == 0 {
		if name == "" {
			return "example"
		}
		return "example " + strings.ReplaceAll(name, "_", " ")
	}
	i := f.used["word"] % len(f.words)
	f.used["word"] += 2
	j := min(i+2, len(f.words))
	return strings.Join(f.words[i:j], " ")
}

func (f *faker) integer(schema gjson.Result, name string) int64 {
	n := int64(1)
	if s, ok := f.pick("number", f.numbers); ok {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			n = int64(v)
		}
	}
	return int64(clamp(schema, float64(n)))
}

func (f *faker) number(schema gjson.Result, name string) string {
	n := 1.5
	if s, ok := f.pick("number", f.numbers); ok {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			n = v
		}
	}
	return strconv.FormatFloat(clamp(schema, n), 'f', -1, 64)
}

// clamp keeps n within the schema's bounds.
func clamp(schema gjson.Result, n float64) float64 {
	if m := schema.Get("minimum"); m.Exists() && n < m.Float() {
		n = m.Float()
	}
	if m := schema.Get("exclusiveMinimum"); m.Exists() && n <= m.Float() {
		n = m.Float() + 1
	}
	if m := schema.Get("maximum"); m.Exists() && n > m.Float() {
		n = m.Float()
	}
	if m := schema.Get("exclusiveMaximum"); m.Exists() && n >= m.Float() {
		n = m.Float() - 1
	}
	return n
}

func singular(name string) string {
	if s, ok := strings.CutSuffix(name, "ies"); ok {
		return s + "y"
	}
	if s, ok := strings.CutSuffix(name, "s"); ok && !strings.HasSuffix(s, "s") {
		return s
	}
	return name
}

// fakeJSON returns a value matching the JSON Schema raw, made up from input.
func fakeJSON(raw []byte, input string) string {
	schema := gjson.ParseBytes(raw)
	f := newFaker(input)
	f.defs = schema.Get(`\$defs`)
	return f.value(schema, "", 0)
}
