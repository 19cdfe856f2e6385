package patch

import (
	"fmt"
	"slices"
	"strings"
)

// lines is a file's content being edited block by block in ReplaceMode:
// each line's text, its line break ("" for a last line without one) and
// the index of the line in the original text, or -1 for a line a block
// wrote.
type lines struct {
	text []string
	eol  []string
	orig []int
}

func newLines(t *text) *lines {
	n := t.lines()
	l := &lines{text: make([]string, n), eol: make([]string, n), orig: make([]int, n)}
	for i := range n {
		l.text[i], l.eol[i], l.orig[i] = t.at(i), t.eol(i), i
	}
	return l
}

func (l *lines) clone() *lines {
	return &lines{text: slices.Clone(l.text), eol: slices.Clone(l.eol), orig: slices.Clone(l.orig)}
}

// replace puts repl, ended by eol, in place of the k lines at pos. The last
// line of the file keeps its missing line break.
func (l *lines) replace(pos, k int, repl []string, eol string) {
	last := len(l.text) > 0 && pos+k == len(l.text) && l.eol[len(l.eol)-1] == ""
	eols := make([]string, len(repl))
	orig := make([]int, len(repl))
	for i := range repl {
		eols[i], orig[i] = eol, -1
	}
	if last && len(repl) > 0 {
		eols[len(eols)-1] = ""
	}
	l.text = slices.Replace(l.text, pos, pos+k, repl...)
	l.eol = slices.Replace(l.eol, pos, pos+k, eols...)
	l.orig = slices.Replace(l.orig, pos, pos+k, orig...)
}

// appendLines adds repl at the end, each ended by eol, after giving the
// last line a line break if it has none.
func (l *lines) appendLines(repl []string, eol string) {
	if n := len(l.text); n > 0 && l.eol[n-1] == "" && len(repl) > 0 {
		l.eol[n-1], l.orig[n-1] = eol, -1
	}
	for _, s := range repl {
		l.text = append(l.text, s)
		l.eol = append(l.eol, eol)
		l.orig = append(l.orig, -1)
	}
}

// String returns the content.
func (l *lines) String() string {
	n := 0
	for i := range l.text {
		n += len(l.text[i]) + len(l.eol[i])
	}
	var b strings.Builder
	b.Grow(n)
	for i := range l.text {
		b.WriteString(l.text[i])
		b.WriteString(l.eol[i])
	}
	return b.String()
}

// spans returns where the content differs from the original text old, whose
// lines start at the offsets starts (followed by len(old)).
func (l *lines) spans(starts []int, content string) []span {
	var (
		out    []span
		cur    span
		open   bool
		oldPos int // next original line expected
		off    int // offset in content of line i
	)
	for i, o := range l.orig {
		if o < 0 {
			if !open {
				open, cur = true, span{ob: starts[oldPos], nb: off}
			}
		} else {
			if open || o != oldPos {
				if !open {
					cur = span{ob: starts[oldPos], nb: off}
				}
				cur.oe, cur.ne = starts[o], off
				out = append(out, cur)
				open = false
			}
			oldPos = o + 1
		}
		off += len(l.text[i]) + len(l.eol[i])
	}
	if last := len(starts) - 1; open || oldPos != last {
		if !open {
			cur = span{ob: starts[oldPos], nb: off}
		}
		cur.oe, cur.ne = starts[last], len(content)
		out = append(out, cur)
	}
	return out
}

// blockResult is what applying the blocks of one file did.
type blockResult struct {
	content string
	spans   []span
	failed  []*Error
	applied int
}

// replaceBlocks applies the chunks of f to old with Aider's rules, each to
// the result of the ones before. A chunk that fails is recorded and
// skipped.
func (m *matcher) replaceBlocks(f *File, old string, first bool) blockResult {
	t := newText(old, false)
	if reps, ok := m.locateOnce(f, t, first); ok {
		content, spans, err := m.rebuild(f, t, reps, ReplaceMode, false)
		if err == nil {
			return blockResult{content: content, spans: spans, applied: len(reps)}
		}
	}
	return m.replaceEach(f, t, first)
}

// replaceEach applies the blocks of f one after the other.
func (m *matcher) replaceEach(f *File, t *text, first bool) blockResult {
	eol := t.firstEOL()
	if eol == "" {
		eol = "\n"
	}
	doc := newLines(t)
	var res blockResult
	for ci := range f.Chunks {
		c := &f.Chunks[ci]
		if err := m.replaceBlock(f, c, doc, eol, first); err != nil {
			res.failed = append(res.failed, err)
			continue
		}
		res.applied++
	}
	res.content = doc.String()
	res.spans = doc.spans(t.starts, res.content)
	return res
}

// locateOnce finds every block of f in the original text t in one pass,
// which is what applying them one after the other comes to when each
// block's old lines occur exactly once (or, with first, at least once) in
// t, clear of the other blocks. It reports false otherwise, or when a block
// has no old lines, and the blocks are then applied one by one.
func (m *matcher) locateOnce(f *File, t *text, first bool) ([]replacement, bool) {
	type want struct {
		old        []string
		key        int // index in old of the line looked up
		pos, count int
	}
	wants := make([]want, len(f.Chunks))
	keys := make(map[string][]int, len(f.Chunks))
	for i := range f.Chunks {
		old := f.Chunks[i].Old()
		k := slices.IndexFunc(old, func(s string) bool { return !isBlank(s) })
		if k < 0 {
			return nil, false
		}
		wants[i] = want{old: old, key: k, pos: -1}
		keys[old[k]] = append(keys[old[k]], i)
	}
	n := t.lines()
	exact := ladder[0]
	for j := range n {
		ids, ok := keys[t.at(j)]
		if !ok {
			continue
		}
		for _, i := range ids {
			w := &wants[i]
			s := j - w.key
			if s < 0 || s+len(w.old) > n || !m.equalAt(t, s, w.old, exact) {
				continue
			}
			if w.count++; w.pos < 0 {
				w.pos = s
			}
		}
	}
	m.work += n
	reps := make([]replacement, len(wants))
	for i, w := range wants {
		if w.count == 0 || (w.count > 1 && !first) {
			return nil, false
		}
		reps[i] = replacement{pos: w.pos, lines: f.Chunks[i].Lines}
	}
	slices.SortStableFunc(reps, func(a, b replacement) int { return a.pos - b.pos })
	for i := 1; i < len(reps); i++ {
		if reps[i-1].pos+oldCount(reps[i-1].lines) > reps[i].pos {
			return nil, false
		}
	}
	return reps, true
}

// isBlank reports whether s is only white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// isDots reports whether s is a "..." line eliding unchanged code.
func isDots(s string) bool { return strings.TrimSpace(s) == "..." }

func (m *matcher) replaceBlock(f *File, c *Chunk, doc *lines, eol string, first bool) *Error {
	old, repl := c.Old(), c.New()
	if !slices.ContainsFunc(old, func(s string) bool { return !isBlank(s) }) {
		// An empty SEARCH appends to the file (or starts a new one).
		doc.appendLines(repl, eol)
		return nil
	}
	try := func(old []string) (bool, *Error) {
		pos, n, err := m.findAll(doc.text, old, func(a, b string) bool { return a == b })
		if err != nil {
			return false, m.blockErr(f, c, doc, old, err.Error())
		}
		if n > 0 {
			if n > 1 && !first {
				return false, m.ambiguous(f, c, doc.text, old, func(a, b string) bool { return a == b })
			}
			doc.replace(pos, len(old), repl, eol)
			return true, nil
		}
		pos, rest, n := m.findShifted(doc.text, old, repl)
		if m.work > maxMatchWork {
			return false, m.blockErr(f, c, doc, old, workError{}.Error())
		}
		if n > 1 && !first {
			return false, m.ambiguous(f, c, doc.text, old, nil)
		}
		if n > 0 {
			doc.replace(pos, len(old), rest, eol)
			return true, nil
		}
		return false, nil
	}
	ok, err := try(old)
	if ok || err != nil {
		return err
	}
	// A spurious blank first line, which models sometimes add.
	if len(old) > 2 && isBlank(old[0]) {
		if ok, err := try(old[1:]); ok || err != nil {
			return err
		}
	}
	if slices.ContainsFunc(old, isDots) || slices.ContainsFunc(repl, isDots) {
		return m.replaceDots(f, c, doc, old, repl, eol)
	}
	e := m.blockErr(f, c, doc, old, "the block's old lines were not found in the file")
	if len(repl) > 0 && slices.ContainsFunc(repl, func(s string) bool { return !isBlank(s) }) {
		if pos, _, _ := m.findAll(doc.text, repl, func(a, b string) bool { return a == b }); pos >= 0 {
			e.Msg += fmt.Sprintf("; its new lines are already in the file, at line %d: was the block applied before?", pos+1)
		}
	}
	return e
}

// findShifted finds old in text with the leading white space of every
// non-blank line shifted by the same prefix, as models often indent a block
// less than the file does. It returns the first position, the replacement
// lines shifted alike and the number of positions.
func (m *matcher) findShifted(text, old, repl []string) (int, []string, int) {
	// Outdent both sides by the indentation they share, then look for a
	// place where the file adds one same prefix to every non-blank line.
	indent := -1
	for _, side := range [][]string{old, repl} {
		for _, s := range side {
			if isBlank(s) {
				continue
			}
			n := len(s) - len(strings.TrimLeft(s, " \t"))
			if indent < 0 || n < indent {
				indent = n
			}
		}
	}
	strip := func(side []string) []string {
		out := make([]string, len(side))
		for i, s := range side {
			if !isBlank(s) && indent > 0 {
				s = s[indent:]
			}
			out[i] = s
		}
		return out
	}
	o, r := strip(old), strip(repl)
	var (
		pos    = -1
		prefix string
		count  int
	)
	for i := 0; i+len(o) <= len(text); i++ {
		p, ok := m.shiftAt(text[i:i+len(o)], o)
		if !ok {
			continue
		}
		count++
		if pos < 0 {
			pos, prefix = i, p
		}
		if m.work > maxMatchWork {
			break
		}
	}
	if pos < 0 {
		return -1, nil, 0
	}
	out := make([]string, len(r))
	for i, s := range r {
		if !isBlank(s) {
			s = prefix + s
		}
		out[i] = s
	}
	return pos, out, count
}

// shiftAt reports whether every line of have is the line of want with one
// same prefix of white space added, blank lines matching blank lines, and
// returns the prefix.
func (m *matcher) shiftAt(have, want []string) (string, bool) {
	prefix, set := "", false
	for k, w := range want {
		m.work++
		h := have[k]
		if isBlank(w) {
			if !isBlank(h) {
				return "", false
			}
			continue
		}
		if !strings.HasSuffix(h, w) {
			return "", false
		}
		p := h[:len(h)-len(w)]
		if strings.Trim(p, " \t") != "" {
			return "", false
		}
		if !set {
			prefix, set = p, true
		} else if p != prefix {
			return "", false
		}
	}
	return prefix, set
}

// replaceDots applies a block whose old and new lines elide unchanged code
// with "..." lines: the pieces between them must pair up, and each old
// piece must occur exactly once; all of them apply or none.
func (m *matcher) replaceDots(f *File, c *Chunk, doc *lines, old, repl []string, eol string) *Error {
	split := func(side []string) (pieces [][]string, dots []string) {
		start := 0
		for i, s := range side {
			if isDots(s) {
				pieces = append(pieces, side[start:i])
				dots = append(dots, strings.TrimSpace(s))
				start = i + 1
			}
		}
		return append(pieces, side[start:]), dots
	}
	op, od := split(old)
	rp, rd := split(repl)
	if len(op) != len(rp) || !slices.Equal(od, rd) {
		return m.blockErr(f, c, doc, old, "the block's \"...\" lines do not pair up: the old and the new lines must elide the same places, with one \"...\" line each")
	}
	work := doc.clone()
	for i := range op {
		o, r := op[i], rp[i]
		if len(o) == 0 {
			work.appendLines(r, eol)
			continue
		}
		pos, n, err := m.findAll(work.text, o, func(a, b string) bool { return a == b })
		switch {
		case err != nil:
			return m.blockErr(f, c, doc, o, err.Error())
		case n == 0:
			return m.blockErr(f, c, doc, o, fmt.Sprintf("part %d of the block's old lines (between \"...\" lines) was not found in the file", i+1))
		case n > 1:
			e := m.ambiguous(f, c, work.text, o, func(a, b string) bool { return a == b })
			e.Msg = fmt.Sprintf("part %d of the block's old lines (between \"...\" lines) %s", i+1, strings.TrimPrefix(e.Msg, "the block's old lines "))
			return e
		}
		work.replace(pos, len(o), r, eol)
	}
	*doc = *work
	return nil
}

// findAll returns the first position of pattern in text under eq and the
// number of positions where it occurs, counting overlapping ones.
func (m *matcher) findAll(text, pattern []string, eq func(a, b string) bool) (int, int, error) {
	n := len(pattern)
	if n == 0 || len(text) < n {
		return -1, 0, nil
	}
	fail := m.failure(pattern, eq)
	first, count, q := -1, 0, 0
	for i, line := range text {
		for q > 0 && !eq(line, pattern[q]) {
			q = fail[q-1]
			m.work++
		}
		m.work++
		if eq(line, pattern[q]) {
			q++
			if q == n {
				if first < 0 {
					first = i - n + 1
				}
				count++
				q = fail[q-1]
			}
		}
		if m.work > maxMatchWork {
			return -1, 0, workError{}
		}
	}
	return first, count, nil
}

// ambiguous builds the error for old lines that occur more than once, with
// the lines where they start. A nil eq means the shifted match.
func (m *matcher) ambiguous(f *File, c *Chunk, text, old []string, eq func(a, b string) bool) *Error {
	var at []string
	for i := 0; i+len(old) <= len(text) && len(at) <= 5; i++ {
		ok := false
		if eq == nil {
			_, ok = m.shiftAt(text[i:i+len(old)], old)
		} else {
			ok = true
			for k := range old {
				if !eq(text[i+k], old[k]) {
					ok = false
					break
				}
			}
		}
		if ok {
			at = append(at, fmt.Sprint(i+1))
		}
	}
	where := strings.Join(at, ", ")
	if len(at) > 5 {
		where = strings.Join(at[:5], ", ") + " and more"
	}
	return &Error{
		Class: ClassAmbiguous, Path: f.Path, Block: c.Block, Line: c.Line, Sought: old,
		Msg: fmt.Sprintf("the block's old lines occur more than once in the file (at lines %s): add lines around them so that they match only one place", where),
	}
}

// blockErr builds the error of a block whose old lines were not found, with
// the closest lines of the file.
func (m *matcher) blockErr(f *File, c *Chunk, doc *lines, sought []string, msg string) *Error {
	e := &Error{Class: ClassContextNotFound, Path: f.Path, Block: c.Block, Line: c.Line, Sought: sought, From: 1, Msg: msg}
	t := newText(doc.String(), false)
	pos := closest(t, t.lines(), sought, 0)
	if pos < 0 {
		return e
	}
	e.Closest = pos + 1
	for k, s := range sought {
		if pos+k >= t.lines() {
			break
		}
		e.ClosestLines = append(e.ClosestLines, t.at(pos+k))
		if normEqual(t.at(pos+k), s) {
			e.Matched++
		}
	}
	return e
}
