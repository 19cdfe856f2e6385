package patch

import "strings"

// text is a file's content seen as a sequence of lines, each with its own
// line break ("\n", "\r\n", a lone "\r", or none for a last line without one).
// Lines are substrings of s; nothing is copied.
//
// In operation mode the Agents SDK splits the text on "\n", so a text that
// ends with a line break (or is empty) has one more, empty, element after its
// last line. text models that element as a virtual line: present for
// matching and editing, it owns no bytes.
type text struct {
	s       string
	starts  []int // starts[i] is the offset of line i; the last entry is len(s)
	virtual bool
}

func newText(s string, virtual bool) *text {
	t := &text{s: s, starts: lineStarts(s)}
	t.virtual = virtual && t.finalBreak()
	return t
}

// lineStarts returns the offsets at which lines begin, followed by len(s).
// A line ends after "\n", after "\r\n", or after a "\r" not followed by "\n".
func lineStarts(s string) []int {
	starts := make([]int, 1, strings.Count(s, "\n")+2)
	if strings.IndexByte(s, '\r') < 0 {
		for off := 0; ; {
			i := strings.IndexByte(s[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			starts = append(starts, off)
		}
	} else {
		for off := 0; ; {
			i := strings.IndexAny(s[off:], "\r\n")
			if i < 0 {
				break
			}
			off += i + 1
			if s[off-1] == '\r' && off < len(s) && s[off] == '\n' {
				off++
			}
			starts = append(starts, off)
		}
	}
	if starts[len(starts)-1] != len(s) {
		starts = append(starts, len(s))
	}
	return starts
}

// lines returns the number of real lines.
func (t *text) lines() int { return len(t.starts) - 1 }

// len returns the number of elements: the real lines and the virtual one.
func (t *text) len() int {
	if t.virtual {
		return len(t.starts)
	}
	return len(t.starts) - 1
}

// finalBreak reports whether the text is empty or ends with a line break.
func (t *text) finalBreak() bool {
	n := len(t.s)
	return n == 0 || t.s[n-1] == '\n' || t.s[n-1] == '\r'
}

// at returns element i without its line break.
func (t *text) at(i int) string {
	if i >= len(t.starts)-1 {
		return "" // the virtual line
	}
	return t.s[t.starts[i]:t.textEnd(i)]
}

// textEnd returns the offset where line i's line break starts.
func (t *text) textEnd(i int) int {
	end := t.starts[i+1]
	if end > t.starts[i] {
		switch t.s[end-1] {
		case '\n':
			end--
			if end > t.starts[i] && t.s[end-1] == '\r' {
				end--
			}
		case '\r':
			end--
		}
	}
	return end
}

// eol returns line i's line break.
func (t *text) eol(i int) string {
	if i >= len(t.starts)-1 {
		return ""
	}
	return t.s[t.textEnd(i):t.starts[i+1]]
}

// firstEOL returns the first line break of the text, or "".
func (t *text) firstEOL() string {
	if len(t.starts) < 2 {
		return ""
	}
	return t.eol(0)
}
