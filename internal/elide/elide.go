// Package elide shortens text that a caller, a schema or a model can make
// arbitrarily long, such as a path, for error messages and logs.
package elide

import "unicode/utf8"

// Mark is what stands for the bytes left out.
const Mark = "…"

// Middle returns s if it has at most n bytes, and otherwise its start and
// its end around [Mark], in at most n bytes (or just Mark, for an n smaller
// than it), cut between UTF-8 sequences.
func Middle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	keep := max(n-len(Mark), 0)
	head, tail := keep-keep/2, len(s)-keep/2
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + Mark + s[tail:]
}
