package patch

// placeHunks finds the hunks of a unified diff in t as git apply does: each
// hunk where its old lines occur nearest to the line its header names,
// corrected by the offset at which the hunk before it was found, never
// before the end of the hunk before it. A hunk with no leading context that
// says it starts at line 1 is first looked for at the top of the file, and
// one with no trailing context at the end, as git does. Each pass of the
// ladder searches the whole file before a looser one starts. A hunk that is
// not found is tried again with one, then two, lines of context at each
// end left out, as GNU patch's fuzz factor does; then it is recorded and
// skipped.
func (m *matcher) placeHunks(f *File, t *text) ([]replacement, []*Error, int) {
	n := t.lines()
	cursor, offset := 0, 0
	var (
		reps   []replacement
		failed []*Error
	)
	for ci := range f.Chunks {
		c := &f.Chunks[ci]
		old := oldOf(c.Lines)
		hint := cursor
		if c.OldStart > 0 {
			hint = c.OldStart - 1
			if len(old) == 0 {
				hint = c.OldStart // "-l,0" inserts after line l
			}
			hint += offset
		}
		hint = min(max(hint, cursor), n)
		lines, dropped := c.Lines, 0
		pos, err := m.placeHunk(t, n, c, lines, cursor, hint)
		// As GNU patch's fuzz factor: let up to two lines of context at
		// each end of the hunk differ from the file.
		for fuzz := 1; fuzz <= 2 && pos < 0 && err == nil; fuzz++ {
			trimmed, lead := trimContext(c.Lines, fuzz)
			if len(trimmed) == len(lines) || oldCount(trimmed) == 0 {
				break
			}
			lines, dropped = trimmed, lead
			pos, err = m.placeHunk(t, n, c, lines, cursor, min(hint+lead, n))
		}
		if err != nil {
			failed = append(failed, &Error{Class: ClassContextNotFound, Path: f.Path, Block: c.Block, Line: c.Line, Msg: err.Error(), Err: err})
			continue
		}
		if pos < 0 {
			e := m.notFound(f, c, t, n, old, cursor, false).(*Error)
			e.Block = c.Block
			e.Msg = "the hunk's context and removed lines were not found"
			if e.Matched == len(old) && e.Closest-1 < cursor {
				e.Msg += "; they occur before the end of the hunk before it: hunks must follow the file's order and must not overlap"
			}
			failed = append(failed, e)
			continue
		}
		if c.OldStart > 0 {
			want := c.OldStart - 1
			if len(old) == 0 {
				want = c.OldStart
			}
			offset = pos - dropped - want
		}
		reps = append(reps, replacement{pos: pos, lines: lines})
		cursor = pos + oldCount(lines)
	}
	return reps, failed, len(reps)
}

// trimContext returns lines without up to fuzz context lines at each end,
// and the number removed at the start.
func trimContext(lines []Line, fuzz int) ([]Line, int) {
	lead := 0
	for lead < fuzz && lead < len(lines) && lines[lead].Op == ' ' {
		lead++
	}
	end := len(lines)
	for k := 0; k < fuzz && end > lead && lines[end-1].Op == ' '; k++ {
		end--
	}
	return lines[lead:end], lead
}

// placeHunk returns the position of the old side of lines, a hunk or a
// hunk trimmed of context, or -1.
func (m *matcher) placeHunk(t *text, n int, c *Chunk, lines []Line, cursor, hint int) (int, error) {
	old := oldOf(lines)
	if len(old) == 0 {
		return hint, nil
	}
	lead, trail := 0, 0
	for lead < len(lines) && lines[lead].Op == ' ' {
		lead++
	}
	for trail < len(lines) && lines[len(lines)-1-trail].Op == ' ' {
		trail++
	}
	var anchored []int
	if lead == 0 && c.OldStart == 1 && len(lines) == len(c.Lines) {
		anchored = append(anchored, 0)
	}
	if trail == 0 && len(lines) == len(c.Lines) {
		anchored = append(anchored, n-len(old))
	}
	for _, eq := range ladder {
		for _, p := range anchored {
			if p >= cursor && p+len(old) <= n && m.equalAt(t, p, old, eq) {
				return p, nil
			}
		}
	}
	for _, eq := range ladder {
		p, err := m.nearest(t, n, old, cursor, hint, eq)
		if p >= 0 || err != nil {
			return p, err
		}
	}
	return -1, nil
}

// nearest returns the position in [start, limit) where pattern matches
// under eq nearest to hint, the later one of two at the same distance, or
// -1.
func (m *matcher) nearest(t *text, limit int, pattern []string, start, hint int, eq func(a, b string) bool) (int, error) {
	n := len(pattern)
	if limit-start < n {
		return -1, nil
	}
	fail := m.failure(pattern, eq)
	best := -1
	for i, q := start, 0; i < limit; i++ {
		line := t.at(i)
		for q > 0 && !eq(line, pattern[q]) {
			q = fail[q-1]
			m.work++
		}
		m.work++
		if eq(line, pattern[q]) {
			q++
			if q == n {
				p := i - n + 1
				if p >= hint {
					if best < 0 || p-hint <= hint-best {
						best = p
					}
					return best, nil
				}
				best = p
				q = fail[q-1]
			}
		}
		if m.work > maxMatchWork {
			return -1, workError{}
		}
	}
	return best, nil
}
