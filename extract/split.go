package extract

import (
	"unicode"
	"unicode/utf8"
)

// ApproxTokens estimates the tokens of s as one per 4 bytes, rounded up: close
// for English prose with OpenAI's tokenizers, high for code, low for some
// scripts. Use Preflight where the count must be exact.
func ApproxTokens(s string) int { return (len(s) + 3) / 4 }

// Split cuts text into windows of at most budget tokens, as measured by size
// (ApproxTokens when nil), that cover text exactly and in order: joined, the
// windows are text. It cuts between paragraphs (after a blank line, which
// stays with the paragraph before it) and packs as many paragraphs as fit in
// each window; a paragraph longer than the budget is cut between sentences
// (after ".", "!" or "?" and the spaces that follow), and a sentence longer
// than the budget after the last space that fits, or else anywhere between
// two characters. Only a window of a single character can be over the budget.
//
// Split takes the size of a window to be the sum of the sizes of its pieces,
// so size is called once per piece: true of ApproxTokens within rounding,
// close for a tokenizer. It returns nil for an empty text.
func Split(text string, budget int, size func(string) int) []string {
	if size == nil {
		size = ApproxTokens
	}
	var windows []string
	start, end, used := 0, 0, 0 // the window being filled is text[start:end]
	add := func(piece string) {
		n := size(piece)
		if end > start && used+n > budget {
			windows = append(windows, text[start:end])
			start, used = end, 0
		}
		end += len(piece)
		used += n
	}
	for _, p := range cut(text, paragraphEnd) {
		if size(p) <= budget {
			add(p)
			continue
		}
		for _, s := range cut(p, sentenceEnd) {
			if size(s) <= budget {
				add(s)
				continue
			}
			for s != "" {
				n := hardCut(s, budget, size)
				add(s[:n])
				s = s[n:]
			}
		}
	}
	if end > start {
		windows = append(windows, text[start:end])
	}
	return windows
}

// cut splits s into pieces that end where next says: next(s) is the length
// of the first piece, or len(s).
func cut(s string, next func(string) int) []string {
	var pieces []string
	for s != "" {
		n := next(s)
		pieces = append(pieces, s[:n])
		s = s[n:]
	}
	return pieces
}

// paragraphEnd returns the length of the first paragraph of s: up to the end
// of the blank lines (lines of nothing but spaces) that follow it, or len(s).
func paragraphEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '\n' {
			continue
		}
		// Is a blank line after the newline at i?
		end := blankLines(s[i+1:])
		if end > 0 {
			return i + 1 + end
		}
	}
	return len(s)
}

// blankLines returns the length of the run of blank lines, each ended by a
// newline, at the start of s.
func blankLines(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\f', '\v':
		case '\n':
			n = i + 1
		default:
			return n
		}
	}
	return n
}

// sentenceEnd returns the length of the first sentence of s: up to the end of
// the spaces after a run of ".", "!" or "?" (and closing quotes or brackets),
// or len(s).
func sentenceEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && s[i] != '!' && s[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == ']') {
			j++
		}
		k := j
		for k < len(s) {
			r, n := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += n
		}
		if k > j {
			return k
		}
		i = j - 1
	}
	return len(s)
}

// hardCut returns the length of the longest prefix of s that fits the budget:
// cut after its last space if it has one past its first quarter, else between
// two characters; at least one character.
func hardCut(s string, budget int, size func(string) int) int {
	// The longest prefix that fits, by binary search over byte offsets
	// moved back to the start of a character.
	lo, hi := 0, len(s) // s[:lo] fits; s[:hi+1]… does not, unless hi == len(s)
	for lo < hi {
		mid := runeStart(s, lo+(hi-lo+1)/2)
		if mid <= lo {
			// No character boundary between lo and the middle: try the end of
			// the character at lo.
			_, n := utf8.DecodeRuneInString(s[lo:])
			mid = lo + n
			if mid > hi {
				break
			}
		}
		if size(s[:mid]) <= budget {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		_, n := utf8.DecodeRuneInString(s)
		return n
	}
	if lo == len(s) {
		return lo
	}
	for i := lo - 1; i > lo/4; i-- {
		if s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			return i + 1
		}
	}
	return lo
}

// runeStart moves i back to the start of the character it is in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
