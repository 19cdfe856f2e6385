package patch

import (
	"fmt"
	"slices"
	"strings"
)

// diffContext is the number of unchanged lines shown around each change.
const diffContext = 3

// Diff renders the change as a unified diff; see [Result.Diff].
func (c *Change) Diff() string {
	var b strings.Builder
	c.writeDiff(&b)
	return b.String()
}

// A lineEdit replaces old lines [oa, ob) with new lines [na, nb).
type lineEdit struct{ oa, ob, na, nb int }

func (c *Change) writeDiff(b *strings.Builder) {
	oldName, newName := "a/"+c.Path, "b/"+c.Path
	switch c.Kind {
	case Add:
		if !c.Overwritten {
			oldName = "/dev/null"
		}
	case Delete:
		newName = "/dev/null"
	case Update:
		if c.MoveTo != "" {
			newName = "b/" + c.MoveTo
		}
	}
	oldStarts, newStarts := lineStarts(c.Old), lineStarts(c.New)
	edits := lineEdits(c.Old, c.New, oldStarts, newStarts, c.spans)
	if len(edits) == 0 && c.Kind == Update && c.MoveTo == "" {
		return
	}
	b.WriteString("--- " + oldName + "\n+++ " + newName + "\n")
	oldLines := len(oldStarts) - 1
	for len(edits) > 0 {
		// A hunk holds the edits whose context lines touch or overlap.
		n := 1
		for n < len(edits) && edits[n].oa-edits[n-1].ob <= 2*diffContext {
			n++
		}
		hunk := edits[:n]
		edits = edits[n:]
		lead := min(diffContext, hunk[0].oa)
		oa, na := hunk[0].oa-lead, hunk[0].na-lead
		trail := min(diffContext, oldLines-hunk[n-1].ob)
		ob, nb := hunk[n-1].ob+trail, hunk[n-1].nb+trail
		fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(oa, ob-oa), hunkRange(na, nb-na))
		o := oa
		for _, e := range hunk {
			writeLines(b, ' ', c.Old, oldStarts, o, e.oa)
			writeLines(b, '-', c.Old, oldStarts, e.oa, e.ob)
			writeLines(b, '+', c.New, newStarts, e.na, e.nb)
			o = e.ob
		}
		writeLines(b, ' ', c.Old, oldStarts, o, ob)
	}
}

// hunkRange formats a hunk's range as GNU diff does: "l" for one line,
// "l,n" otherwise, where an empty range names the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLines(b *strings.Builder, prefix byte, s string, starts []int, from, to int) {
	for i := from; i < to; i++ {
		line := s[starts[i]:starts[i+1]]
		b.WriteByte(prefix)
		b.WriteString(line)
		switch {
		case line == "" || (line[len(line)-1] != '\n' && line[len(line)-1] != '\r'):
			b.WriteString("\n\\ No newline at end of file\n")
		case line[len(line)-1] == '\r':
			b.WriteByte('\n') // a lone CR line break
		}
	}
}

// lineEdits turns byte spans into whole-line edits: each span is narrowed to
// the bytes that differ, then widened on both sides at once, through bytes
// the texts share, until it starts and ends on line boundaries of both
// texts, merging with the spans it reaches. Spans that change nothing are
// dropped.
func lineEdits(old, new string, oldStarts, newStarts []int, spans []span) []lineEdit {
	var merged []span
	for _, s := range spans {
		for s.ob < s.oe && s.nb < s.ne && old[s.ob] == new[s.nb] {
			s.ob, s.nb = s.ob+1, s.nb+1
		}
		for s.ob < s.oe && s.nb < s.ne && old[s.oe-1] == new[s.ne-1] {
			s.oe, s.ne = s.oe-1, s.ne-1
		}
		if s.ob == s.oe && s.nb == s.ne {
			continue
		}
		merged = append(merged, s)
	}
	var out []span
	for i := 0; i < len(merged); i++ {
		s := merged[i]
		for !lineStart(old, s.ob) || !lineStart(new, s.nb) {
			s.ob, s.nb = s.ob-1, s.nb-1
		}
		if k := len(out) - 1; k >= 0 && s.ob <= out[k].oe {
			s.ob, s.nb = out[k].ob, out[k].nb
			out = out[:k]
		}
		for {
			if i+1 < len(merged) && s.oe >= merged[i+1].ob {
				i++
				s.oe, s.ne = max(s.oe, merged[i].oe), max(s.ne, merged[i].ne)
				continue
			}
			if lineEnd(old, s.oe) && lineEnd(new, s.ne) {
				break
			}
			s.oe, s.ne = s.oe+1, s.ne+1
		}
		out = append(out, s)
	}
	edits := make([]lineEdit, 0, len(out))
	for _, s := range out {
		oa, _ := slices.BinarySearch(oldStarts, s.ob)
		ob, _ := slices.BinarySearch(oldStarts, s.oe)
		na, _ := slices.BinarySearch(newStarts, s.nb)
		nb, _ := slices.BinarySearch(newStarts, s.ne)
		edits = append(edits, lineEdit{oa, ob, na, nb})
	}
	return edits
}

// lineStart reports whether a line starts at offset i of s.
func lineStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	switch s[i-1] {
	case '\n':
		return true
	case '\r':
		return i == len(s) || s[i] != '\n'
	}
	return false
}

// lineEnd reports whether a line ends at offset i of s.
func lineEnd(s string, i int) bool { return i == len(s) || lineStart(s, i) }
