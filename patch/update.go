package patch

import (
	"fmt"
	"slices"
	"strings"
)

// A replacement says where a chunk's old lines were found.
type replacement struct {
	pos   int
	lines []Line
}

// An edit removes del elements at position at and inserts ins there.
// noEOL reports that the last inserted line has no line break if it ends
// the file.
type edit struct {
	at, del int
	ins     []string
	noEOL   bool
}

// edits decomposes a replacement into the runs of removed and added lines
// between its context lines, which keep the file's own bytes.
func (r replacement) edits(out []edit) []edit {
	p := r.pos
	for i := 0; i < len(r.lines); {
		if r.lines[i].Op == ' ' {
			p++
			i++
			continue
		}
		e := edit{at: p}
		for ; i < len(r.lines) && r.lines[i].Op != ' '; i++ {
			if r.lines[i].Op == '-' {
				e.del++
			} else {
				e.ins = append(e.ins, r.lines[i].Text)
				e.noEOL = r.lines[i].NoEOL
			}
		}
		p += e.del
		out = append(out, e)
	}
	return out
}

func oldCount(lines []Line) int {
	n := 0
	for _, l := range lines {
		if l.Op != '+' {
			n++
		}
	}
	return n
}

func oldOf(lines []Line) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l.Op != '+' {
			out = append(out, l.Text)
		}
	}
	return out
}

// update computes the new text of an Update of old under mode. In
// PatchMode and OperationMode the first chunk that fails is the error; in
// ReplaceMode and UnifiedMode every chunk that fails is recorded in the
// result and the others apply.
func (m *matcher) update(f *File, old string, mode Mode, crlf, first bool) (blockResult, error) {
	if mode == ReplaceMode {
		return m.replaceBlocks(f, old, first), nil
	}
	var (
		t    *text
		reps []replacement
		res  blockResult
		err  error
	)
	switch mode {
	case OperationMode:
		t = newText(old, true)
		reps, err = m.locateOperation(f, t)
	case UnifiedMode:
		t = newText(old, false)
		reps, res.failed, res.applied = m.placeHunks(f, t)
	default:
		t = newText(old, false)
		reps, err = m.locatePatch(f, t)
	}
	if err != nil {
		return res, err
	}
	res.content, res.spans, err = m.rebuild(f, t, reps, mode, crlf)
	return res, err
}

// rebuild writes the new text of t with the replacements made.
func (m *matcher) rebuild(f *File, t *text, reps []replacement, mode Mode, crlf bool) (string, []span, error) {
	var edits []edit
	for _, r := range reps {
		edits = r.edits(edits)
	}
	if mode == PatchMode || mode == ReplaceMode {
		// As Codex: pure additions went to the end of the file, so put the
		// edits in file order, keeping patch order at equal positions.
		slices.SortStableFunc(edits, func(a, b edit) int { return a.at - b.at })
	}
	end := 0
	for _, e := range edits {
		if e.at < end {
			return "", nil, &Error{Class: ClassContextNotFound, Path: f.Path, Line: f.Line,
				Msg: "chunks overlap: a chunk changes lines that an earlier chunk already changed"}
		}
		end = e.at + e.del
	}
	eol := t.firstEOL()
	if eol == "" {
		eol = "\n"
		if mode == OperationMode && crlf {
			eol = "\r\n"
		}
	}
	keepEnd := mode == UnifiedMode || mode == ReplaceMode
	b := &builder{t: t, eol: eol, op: mode == OperationMode, unified: keepEnd}
	b.b.Grow(len(t.s) + len(t.s)/8 + 64)
	p := 0
	for _, e := range edits {
		b.keep(p, e.at)
		if e.del > 0 {
			b.remove(e.at + e.del)
		}
		for _, line := range e.ins {
			b.insert(line)
		}
		b.noEOL = len(e.ins) > 0 && e.noEOL
		if mode == ReplaceMode {
			// A block that replaces the last line keeps its missing
			// line break.
			b.noEOL = len(e.ins) > 0 && e.at+e.del == t.lines() && e.del > 0 && !t.finalBreak()
		}
		p = e.at + e.del
	}
	b.keep(p, t.len())
	b.finish()
	return b.b.String(), b.spans, nil
}

// locatePatch finds the chunks of f in t with Codex's rules: anchors must be
// found; a chunk with no old lines is appended at the end of the file; a
// chunk whose old lines end with an empty line is retried without it; an
// End of File chunk must match at the very end.
func (m *matcher) locatePatch(f *File, t *text) ([]replacement, error) {
	n := t.lines()
	cursor := 0
	reps := make([]replacement, 0, len(f.Chunks))
	for ci := range f.Chunks {
		c := &f.Chunks[ci]
		for _, a := range c.Anchors {
			if strings.TrimSpace(a) == "" {
				continue
			}
			i, err := m.seek(t, n, []string{a}, cursor)
			if err != nil {
				return nil, m.workErr(f, c, err)
			}
			if i < 0 {
				return nil, m.notFound(f, c, t, n, []string{a}, cursor, false)
			}
			cursor = i + 1
		}
		lines := c.Lines
		old := oldOf(lines)
		if len(old) == 0 {
			reps = append(reps, replacement{pos: n, lines: lines})
			continue
		}
		pos, err := m.findPatch(t, n, old, cursor, c.EndOfFile)
		if pos < 0 && err == nil && old[len(old)-1] == "" {
			// Models often end a chunk with an empty line standing for the
			// file's final line break.
			lines = dropTrailingBlank(lines)
			pos, err = m.findPatch(t, n, oldOf(lines), cursor, c.EndOfFile)
		}
		if err != nil {
			return nil, m.workErr(f, c, err)
		}
		if pos < 0 {
			return nil, m.notFound(f, c, t, n, old, cursor, c.EndOfFile)
		}
		reps = append(reps, replacement{pos: pos, lines: lines})
		cursor = pos + oldCount(lines)
	}
	return reps, nil
}

// findPatch is Codex's seek_sequence in its line-ending-preserving form: an
// End of File pattern is tried only at the very end, and never before start.
func (m *matcher) findPatch(t *text, n int, pattern []string, start int, eof bool) (int, error) {
	if len(pattern) == 0 {
		return start, nil
	}
	if eof {
		pos := n - len(pattern)
		if pos < 0 || pos < start || !m.matchAt(t, pos, pattern) {
			return -1, nil
		}
		return pos, nil
	}
	return m.seek(t, n, pattern, start)
}

// dropTrailingBlank removes the last old line (an empty line) from lines, and
// the last new line too if it is empty, as Codex does.
func dropTrailingBlank(lines []Line) []Line {
	lines = slices.Clone(lines)
	last := func(skip byte) int {
		for i := len(lines) - 1; i >= 0; i-- {
			if lines[i].Op != skip {
				return i
			}
		}
		return -1
	}
	i := last('+')
	if lines[i].Op == ' ' {
		lines[i].Op = '+' // gone from the old side only
	} else {
		lines = slices.Delete(lines, i, i+1)
	}
	if j := last('-'); j >= 0 && lines[j].Text == "" {
		if lines[j].Op == ' ' {
			lines[j].Op = '-' // gone from the new side only
		} else {
			lines = slices.Delete(lines, j, j+1)
		}
	}
	return lines
}

// locateOperation finds the sections of f in t with the Agents SDK's rules:
// a single anchor that is not found is ignored, but with two or more "@@"
// lines every anchor must be found; the first anchor may already lie before
// the cursor; a section with no old lines is inserted at the cursor; an End
// of File section is tried at the end of the file first, then from the
// cursor; sections are not sorted, and an edit before an earlier one fails.
func (m *matcher) locateOperation(f *File, t *text) ([]replacement, error) {
	total := t.len()
	cursor := 0
	reps := make([]replacement, 0, len(f.Chunks))
	for ci := range f.Chunks {
		c := &f.Chunks[ci]
		require := len(c.Anchors) > 1
		first := true
		for _, a := range c.Anchors {
			if strings.TrimSpace(a) == "" {
				continue
			}
			found := false
			for _, eq := range ladder {
				if first && m.existsBefore(t, a, cursor, eq) {
					found = true
					break
				}
				i, err := m.kmp(t, total, []string{a}, cursor, eq)
				if err != nil {
					return nil, m.workErr(f, c, err)
				}
				if i >= 0 {
					cursor, found = i+1, true
					break
				}
			}
			first = false
			if !found && require {
				return nil, m.notFound(f, c, t, total, []string{a}, cursor, false)
			}
		}
		old := oldOf(c.Lines)
		var (
			pos = -1
			err error
		)
		if c.EndOfFile {
			limit := total
			if t.virtual && total > 1 {
				limit-- // the end is before the virtual empty line
			}
			// Like the Agents SDK, the end of the file is tried even before
			// the cursor; an overlap with an earlier edit is caught later.
			pos, err = m.seek(t, limit, old, max(0, limit-len(old)))
			if pos < 0 && err == nil {
				pos, err = m.seek(t, limit, old, min(cursor, limit))
			}
		} else {
			pos, err = m.seek(t, total, old, cursor)
		}
		if err != nil {
			return nil, m.workErr(f, c, err)
		}
		if pos < 0 {
			return nil, m.notFound(f, c, t, total, old, cursor, false)
		}
		reps = append(reps, replacement{pos: pos, lines: c.Lines})
		cursor = pos + len(old)
	}
	return reps, nil
}

func (m *matcher) workErr(f *File, c *Chunk, err error) error {
	return &Error{Class: ClassContextNotFound, Path: f.Path, Line: c.Line, Msg: err.Error(), Err: err}
}

// notFound builds the error for sought lines that are not found at or after
// cursor, with the closest candidate in the file.
func (m *matcher) notFound(f *File, c *Chunk, t *text, limit int, sought []string, cursor int, eof bool) error {
	e := &Error{
		Class:  ClassContextNotFound,
		Path:   f.Path,
		Line:   c.Line,
		Sought: sought,
		From:   cursor + 1,
	}
	what := "the chunk's context and removed lines were not found"
	if len(sought) == 1 && len(c.Anchors) > 0 && slices.Contains(c.Anchors, sought[0]) && !slices.Contains(c.Old(), sought[0]) {
		what = fmt.Sprintf("the anchor line '@@ %s' was not found", sought[0])
	}
	if eof {
		what += " at the end of the file (the chunk ends with '" + eofMarker + "')"
	}
	e.Msg = what
	pos := closest(t, limit, sought, cursor)
	if pos < 0 {
		return e
	}
	e.Closest = pos + 1
	for k, s := range sought {
		if pos+k >= limit {
			break
		}
		e.ClosestLines = append(e.ClosestLines, t.at(pos+k))
		if normEqual(t.at(pos+k), s) {
			e.Matched++
		}
	}
	if e.Matched == len(sought) {
		switch {
		case pos < cursor:
			e.Msg += fmt.Sprintf("; they occur at line %d, before line %d where the search started: chunks must follow the file's order and must not overlap", pos+1, cursor+1)
		case eof:
			e.Msg += fmt.Sprintf("; they occur at line %d, which is not the end of the file", pos+1)
		}
	}
	return e
}

// span records that old[ob:oe] became new[nb:ne]. Between consecutive spans
// the old and new texts are equal.
type span struct{ ob, oe, nb, ne int }

// builder writes the new text of an update: runs of kept lines are copied
// with their own line breaks, inserted lines take the preferred line break.
// A line's break is written only when the next line is, so that the end of
// the text can follow the rules of each mode: in patch mode every line ends
// with a line break; in operation mode the last element has none (the
// virtual empty line carries the final line break of the original text).
type builder struct {
	t       *text
	b       strings.Builder
	eol     string // line break of inserted lines
	op      bool
	unified bool   // the file ends as the last line written says
	ins     bool   // the last element written was inserted
	noEOL   bool   // the last inserted line has no line break at the end
	started bool   // an element has been written
	pend    string // line break owed by the last element if it has its own
	own     bool   // pend is valid; otherwise the preferred break is owed
	oldPos  int    // old bytes before oldPos are accounted for
	open    bool   // cur is being built
	cur     span
	spans   []span
}

func (b *builder) openSpan() {
	if !b.open {
		b.open = true
		b.cur = span{ob: b.oldPos, nb: b.b.Len()}
	}
}

func (b *builder) closeSpan(oe int) {
	b.cur.oe, b.cur.ne = oe, b.b.Len()
	if b.cur.ob != b.cur.oe || b.cur.nb != b.cur.ne {
		b.spans = append(b.spans, b.cur)
	}
	b.open = false
}

// sep writes the line break owed by the last element written.
func (b *builder) sep() {
	if !b.started {
		return
	}
	if b.own {
		b.b.WriteString(b.pend)
		return
	}
	b.openSpan()
	b.b.WriteString(b.eol)
}

// keep copies elements [from, to) of the old text.
func (b *builder) keep(from, to int) {
	if from >= to {
		return
	}
	n := b.t.lines()
	b.sep()
	if b.open {
		b.closeSpan(b.t.starts[min(from, n)])
	}
	b.started, b.ins = true, false
	if from < n {
		last := min(to, n) - 1
		b.b.WriteString(b.t.s[b.t.starts[from]:b.t.textEnd(last)])
		b.pend = b.t.eol(last)
		b.own = b.pend != ""
		b.oldPos = b.t.textEnd(last)
		if to <= n {
			return
		}
		b.sep() // the last real line's break, before the virtual line
	}
	// The virtual empty line: no bytes, no line break of its own.
	b.own = false
	b.oldPos = len(b.t.s)
}

// remove drops the elements of the old text before to that follow the last
// element kept or removed.
func (b *builder) remove(to int) {
	b.openSpan()
	b.oldPos = b.t.starts[min(to, b.t.lines())]
}

// insert writes a new line.
func (b *builder) insert(line string) {
	b.openSpan()
	b.sep()
	b.b.WriteString(line)
	b.started, b.own, b.ins = true, false, true
}

func (b *builder) finish() {
	switch {
	case b.op:
		if b.own {
			b.openSpan() // the last element gives up its line break
		}
	case b.unified:
		// A kept line keeps its bytes; an inserted one ends with a line
		// break unless the diff says it has none.
		if b.own || (b.ins && !b.noEOL) {
			b.sep()
		}
	default:
		b.sep() // every line ends with a line break
	}
	if b.open {
		b.closeSpan(len(b.t.s))
	}
}
