package patch

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The matching ladder of Codex's seek_sequence: each pass compares lines more
// loosely than the one before, and each pass scans every candidate position
// before the next pass starts, so an exact match later in the file beats a
// loose match earlier in the file.
var ladder = [...]func(a, b string) bool{
	// Exact.
	func(a, b string) bool { return a == b },
	// Ignoring trailing white space.
	func(a, b string) bool { return trimRightSpace(a) == trimRightSpace(b) },
	// Ignoring leading and trailing white space.
	func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) },
	// Ignoring surrounding white space, typographic dashes, quotes and odd spaces.
	normEqual,
}

// maxMatchWork bounds the line comparisons of one Apply, so that a hostile
// patch cannot keep the matcher busy for long. Every search is linear in the
// lines it scans; the bound is only reached by patches with very many chunks
// that each scan a very large file.
const maxMatchWork = 1 << 27

// matcher finds line sequences in a text and counts its work.
type matcher struct {
	work int
	fail []int // KMP failure function, reused
}

// workError is returned when the work bound is exceeded; the caller reports
// it as a context_not_found [Error].
type workError struct{}

// seek returns the first position at or after start, below limit, where
// pattern matches, trying each pass of the ladder in turn; -1 if none.
// An empty pattern matches at start.
func (m *matcher) seek(t *text, limit int, pattern []string, start int) (int, error) {
	if len(pattern) == 0 {
		return start, nil
	}
	for _, eq := range ladder {
		i, err := m.kmp(t, limit, pattern, start, eq)
		if i >= 0 || err != nil {
			return i, err
		}
	}
	return -1, nil
}

// matchAt reports whether pattern matches at position pos under some pass.
func (m *matcher) matchAt(t *text, pos int, pattern []string) bool {
	for _, eq := range ladder {
		if m.equalAt(t, pos, pattern, eq) {
			return true
		}
	}
	return false
}

func (m *matcher) equalAt(t *text, pos int, pattern []string, eq func(a, b string) bool) bool {
	for k, p := range pattern {
		m.work++
		if !eq(t.at(pos+k), p) {
			return false
		}
	}
	return true
}

// existsBefore reports whether line occurs before end under pass eq.
func (m *matcher) existsBefore(t *text, line string, end int, eq func(a, b string) bool) bool {
	for i := range end {
		m.work++
		if eq(t.at(i), line) {
			return true
		}
	}
	return false
}

// kmp is Knuth-Morris-Pratt over lines: it finds the first occurrence of
// pattern in t's elements [start, limit) under the equivalence eq, comparing
// each element at most twice.
func (m *matcher) kmp(t *text, limit int, pattern []string, start int, eq func(a, b string) bool) (int, error) {
	n := len(pattern)
	if start < 0 || limit-start < n {
		return -1, nil
	}
	fail := m.failure(pattern, eq)
	q := 0
	for i := start; i < limit; i++ {
		if limit-i < n-q {
			break // not enough lines left
		}
		line := t.at(i)
		for q > 0 && !eq(line, pattern[q]) {
			q = fail[q-1]
			m.work++
		}
		m.work++
		if eq(line, pattern[q]) {
			q++
			if q == n {
				return i - n + 1, nil
			}
		}
		if m.work > maxMatchWork {
			return -1, workError{}
		}
	}
	return -1, nil
}

// failure returns the failure function of Knuth-Morris-Pratt for pattern
// under eq, in the matcher's reusable buffer: fail[i] is the length of the
// longest proper prefix of pattern[:i+1] that is also its suffix.
func (m *matcher) failure(pattern []string, eq func(a, b string) bool) []int {
	n := len(pattern)
	if cap(m.fail) < n {
		m.fail = make([]int, n)
	}
	fail := m.fail[:n]
	fail[0] = 0
	for i, k := 1, 0; i < n; i++ {
		for k > 0 && !eq(pattern[i], pattern[k]) {
			k = fail[k-1]
			m.work++
		}
		m.work++
		if eq(pattern[i], pattern[k]) {
			k++
		}
		fail[i] = k
	}
	return fail
}

func (workError) Error() string {
	return "search abandoned: the patch needs too many line comparisons"
}

// normEqual compares a and b after trimming surrounding white space and
// mapping typographic dashes, quotes and odd spaces to ASCII, without
// allocating.
func normEqual(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if normRune(ra) != normRune(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

func normRune(r rune) rune {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	case '\u2018', '\u2019', '\u201A', '\u201B':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F':
		return '"'
	case '\u00A0', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007',
		'\u2008', '\u2009', '\u200A', '\u202F', '\u205F', '\u3000':
		return ' '
	}
	return r
}

// normKey is the key normEqual compares, as a string.
func normKey(s string) string {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if normRune(r) != r {
			return strings.Map(normRune, s)
		}
	}
	return s
}

// Bounds on the work of closest.
const (
	maxVotes      = 1 << 22 // line lookups while counting equal lines
	maxScanned    = 1 << 20 // line comparisons when no line is equal
	maxCandidates = 256     // positions compared character by character
)

// closest finds the position in t's elements [0, limit) that best matches
// pattern, for an error message: the position where the most lines are
// equal (ignoring surrounding white space and typographic punctuation),
// then where the other lines share the most characters at their ends, then
// the one at or after cursor and nearest to it. It returns -1 when no
// position resembles pattern.
func closest(t *text, limit int, pattern []string, cursor int) int {
	index := make(map[string][]int)
	for k, p := range pattern {
		if key := normKey(p); key != "" {
			index[key] = append(index[key], k)
		}
	}
	if len(index) == 0 || limit == 0 {
		return -1
	}
	votes := make(map[int]int)
	work := 0
	for j := 0; j < limit && work < maxVotes; j++ {
		work++
		for _, k := range index[normKey(t.at(j))] {
			work++
			if s := j - k; s >= 0 {
				votes[s]++
			}
		}
	}
	var cands []int
	top := 0
	for s, v := range votes {
		switch {
		case v > top:
			top, cands = v, append(cands[:0], s)
		case v == top:
			cands = append(cands, s)
		}
	}
	if top == 0 {
		if limit*len(pattern) > maxScanned {
			return -1
		}
		for s := range limit {
			cands = append(cands, s)
		}
	}
	slices.SortFunc(cands, func(a, b int) int {
		switch {
		case better(a, b, cursor):
			return -1
		case better(b, a, cursor):
			return 1
		}
		return 0
	})
	cands = cands[:min(len(cands), maxCandidates)]
	pos, best := -1, -1
	for _, s := range cands {
		sim := 0
		for k, p := range pattern {
			if s+k < limit {
				sim += similarity(t.at(s+k), p)
			}
		}
		if sim > best {
			pos, best = s, sim
		}
	}
	if top == 0 {
		// With no equal line, accept a candidate only if it shares at
		// least half of the pattern's characters.
		total := 0
		for _, p := range pattern {
			total += len(normKey(p))
		}
		if best*2 < total || best == 0 {
			return -1
		}
	}
	return pos
}

// similarity counts the characters a and b share at their start and end,
// after normalisation.
func similarity(a, b string) int {
	a, b = normKey(a), normKey(b)
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return p + s
}

// better reports whether position a is preferable to b as a candidate for a
// search that started at cursor: at or after the cursor first, then nearest.
func better(a, b, cursor int) bool {
	aAfter, bAfter := a >= cursor, b >= cursor
	if aAfter != bAfter {
		return aAfter
	}
	da, db := a-cursor, b-cursor
	if da < 0 {
		da, db = -da, -db
	}
	return da < db
}
