package responsestest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/tidwall/gjson"
)

// A faker makes up JSON values that match a JSON Schema, using the words,
// names and numbers of a request's input where it can. It is deterministic:
// the same schema and input give the same value.
type faker struct {
	defs      gjson.Result // the schema's $defs
	words     []string     // words of the input, in order
	names     []string     // capitalised words, such as names and places
	numbers   []string     // numbers of the input
	ids       []string     // tokens that mix digits with letters or dashes
	paths     []string     // file names and paths
	emails    []string
	dates     []string
	sentences []string
	text      string // the input's first sentence
	used      map[string]int
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

const monthNames = `January|February|March|April|May|June|July|August|September|October|November|December`

// Dates written out: "4 May 2027", "May 4, 2027".
var (
	dayMonthYear = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (` + monthNames + `),? (\d{4})\b`)
	monthDayYear = regexp.MustCompile(`\b(` + monthNames + `) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
)

// notNames are capitalised words that are not names.
var notNames = map[string]bool{
	"I": true, "I'm": true, "I've": true, "I'd": true, "I'll": true, "OK": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
}

func newFaker(input string) *faker {
	f := &faker{used: map[string]int{}}
	months := strings.Split(monthNames, "|")
	iso := func(day, month, year string) string {
		for i, m := range months {
			if m == month {
				d, _ := strconv.Atoi(day)
				return fmt.Sprintf("%s-%02d-%02d", year, i+1, d)
			}
		}
		return ""
	}
	// Dates first, in the order they appear, then out of the text, so that
	// their parts are not taken for numbers and names.
	type dated struct {
		at   int
		date string
	}
	var found []dated
	for _, m := range dayMonthYear.FindAllStringSubmatchIndex(input, -1) {
		found = append(found, dated{m[0], iso(input[m[2]:m[3]], input[m[4]:m[5]], input[m[6]:m[7]])})
	}
	for _, m := range monthDayYear.FindAllStringSubmatchIndex(input, -1) {
		found = append(found, dated{m[0], iso(input[m[4]:m[5]], input[m[2]:m[3]], input[m[6]:m[7]])})
	}
	slices.SortFunc(found, func(a, b dated) int { return a.at - b.at })
	text := dayMonthYear.ReplaceAllString(monthDayYear.ReplaceAllString(input, " "), " ")
	text = thousands.ReplaceAllString(text, "$1$2")
	for _, d := range found {
		f.dates = append(f.dates, d.date)
	}
	for _, se := range tokenRE.FindAllStringIndex(text, -1) {
		tok := text[se[0]:se[1]]
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
			if isName(text, se[0], tok) && !slices.Contains(f.names, tok) {
				f.names = append(f.names, tok)
			}
		}
	}
	f.sentences = sentences(input)
	if len(f.sentences) > 0 {
		f.text = f.sentences[0]
	}
	return f
}

// isName reports whether the word tok at byte at of text looks like a name:
// capitalised, of two letters or more, not a month or a day, and not at the
// start of a sentence, where every word is capitalised.
func isName(text string, at int, tok string) bool {
	if r := []rune(tok); len(r) < 2 || !unicode.IsUpper(r[0]) || notNames[tok] || strings.Contains(monthNames, tok) {
		return false
	}
	before := strings.TrimRight(text[:at], " \t")
	return before != "" && !strings.ContainsAny(before[len(before)-1:], ".!?\n")
}

// sentences splits s into its sentences; a line break within a paragraph
// does not end one.
func sentences(s string) []string {
	var out []string
	s = strings.Join(strings.Fields(s), " ")
	for ; s != ""; s = strings.TrimSpace(s) {
		t := firstSentence(s)
		if t == "" {
			break
		}
		out = append(out, strings.Join(strings.Fields(strings.TrimSuffix(t, "…")), " "))
		s = s[min(len(t), len(s)):]
		if strings.HasSuffix(t, "…") {
			break
		}
	}
	return out
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
		n := max(1, int(schema.Get("minItems").Int()), f.arrayLen(schema.Get("items"), name))
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

// arrayLen is how many elements a list named name of items gets: one per
// name in the input for a list of names or of objects that name someone,
// one per sentence for a list of statements, otherwise one.
func (f *faker) arrayLen(items gjson.Result, name string) int {
	key := strings.ToLower(name)
	for range 8 { // follow references, to a depth
		ref := items.Get(`\$ref`)
		if !ref.Exists() {
			break
		}
		items = f.defs.Get(gjson.Escape(strings.TrimPrefix(ref.String(), "#/$defs/")))
	}
	if items.Get("type").String() == "string" {
		switch {
		case isNameKey(key):
			return min(len(f.names), 5)
		case hasAny(key, "decision", "task", "step", "point", "note", "item", "fact", "idea", "topic"):
			return min(len(f.sentences), 4)
		}
		return 1
	}
	named := false
	items.Get("properties").ForEach(func(k, _ gjson.Result) bool {
		named = isNameKey(strings.ToLower(k.String()))
		return !named
	})
	if named {
		return min(len(f.names), 3)
	}
	return 1
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
	case hasAny(key, "title", "subject", "headline", "topic"):
		// The first words of the first sentence, up to a comma.
		head, _, _ := strings.Cut(strings.TrimRight(f.text, ".!?…"), ",")
		if words := strings.Fields(head); len(words) > 0 {
			return strings.Join(words[:min(len(words), 6)], " ")
		}
	case isNameKey(key):
		if n, ok := f.pick("name", f.names); ok {
			return n
		}
	case hasAny(key, "description", "summary", "text", "note", "reason", "content", "message", "answer", "explanation", "comment", "body", "task", "decision", "step", "point"):
		if t, ok := f.pick("sentence", f.sentences); ok {
			return t
		}
	}
	return f.phrase(name)
}

// isNameKey reports whether a property named key holds a name.
func isNameKey(key string) bool {
	return hasAny(key, "name", "city", "company", "person", "people", "author", "customer", "vendor", "seller", "buyer",
		"owner", "assignee", "organizer", "attendee", "participant", "member", "country", "place", "location",
		"who", "sender", "recipient", "team", "user")
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
