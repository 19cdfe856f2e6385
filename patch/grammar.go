package patch

import (
	"slices"
	"strconv"
	"strings"
)

// Grammar returns a Lark grammar of format f's edits, for a custom tool
// whose input the model must write in the format (the Responses API's
// custom tools with {"type": "grammar", "syntax": "lark"}). The grammar
// holds the tool's whole input to edits of the format and nothing else: no
// prose, no line that the format's parser would read as a marker, no file
// name it would refuse. Every input it accepts parses (a V4A input with
// [Parse], as one patch); it is stricter than the parser, which also reads
// the variants models write without a grammar (indented markers, decorated
// file names, timestamps). One thing a grammar cannot check is a unified
// diff's line counts: a hunk whose header counts more lines than it has
// reads the "---" and "+++" lines of the next file's diff as its own. It
// returns "" for an unknown format.
//
// The grammars keep to the Lark dialect of LLGuidance, which runs custom
// tools: terminals are regular expressions without lookaround.
func (f Format) Grammar() string {
	switch f {
	case V4A:
		return v4aGrammar
	case SearchReplace:
		return searchReplaceGrammar
	case XML:
		return xmlGrammar
	case Unified:
		return unifiedGrammar
	}
	return ""
}

// A chunk after an "*** End of File" must start with "@@": only the first
// chunk of a file may do without.
const v4aGrammar = `start: begin_patch file_op+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

file_op: add_file | delete_file | update_file
add_file: "*** Add File: " PATH LF add_line*
add_line: "+" TEXT? LF
delete_file: "*** Delete File: " PATH LF
update_file: "*** Update File: " PATH LF move_to? first_chunk chunk*
move_to: "*** Move to: " PATH LF
first_chunk: anchor* change_line+ end_of_file?
chunk: anchor+ change_line+ end_of_file?
anchor: "@@" (" " TEXT)? LF
change_line: (" " | "-" | "+") TEXT? LF
end_of_file: "*** End of File" LF

PATH: /\S[^\n]*/
TEXT: /[^\n]+/
LF: "\n"
`

// The file name comes alone on its line: no decoration that
// ParseSearchReplace would remove ("#", "*", "`", a final ":"), and the
// fence (three backticks or more) names a language only, since a name on
// the fence line would win.
// A code line is any line but the markers, indented or not, with five to
// nine marker characters.
var searchReplaceGrammar = `start: LF* (block LF*)+
block: PATH LF (FENCE LF)? "<<<<<<< SEARCH" LF CODE_LINE* "=======" LF CODE_LINE* ">>>>>>> REPLACE" LF (FENCE LF)?

PATH: /[^\s<=>` + "`" + `~#*:.][^\n]*|\.+[^\s.` + "`" + `*:][^\n]*/
FENCE: /` + "```" + "`" + `*[^\s` + "`" + `.\x2F]*/
CODE_LINE: /` + codeLine() + `/
LF: "\n"
`

// codeLine returns the regular expression of a line of a SEARCH/REPLACE
// block, line break included: a line whose text without its surrounding
// white space is not "=======", nor five to nine "<" or ">" followed by
// " SEARCH" or " REPLACE". The line break is part of the terminal so that
// a regular expression engine that stops at its first match, as Python's
// does, cannot stop short.
func codeLine() string {
	const space = `[^\S\n]`
	markers := []string{" SEARCH", " REPLACE"}
	return `(?:` + space + `*(?:[^\s<>=][^\n]*|` + markerRun('=', 7, 7, []string{""}) + `|` +
		markerRun('<', 5, 9, markers) + `|` + markerRun('>', 5, 9, markers) + `)|` + space + `+)?\n`
}

// markerRun returns the regular expression of a line's text that starts with a
// run of c: one that is not lo to hi long, or one that is, followed by a
// rest that is none of words followed by white space only.
func markerRun(c byte, lo, hi int, words []string) string {
	r := string(c)
	return r + `(?:` + r + `{` + strconv.Itoa(hi) + `,}[^\n]*|` +
		r + `{` + strconv.Itoa(lo-1) + `,` + strconv.Itoa(hi-1) + `}` + notWords(words, r) + `|` +
		r + `{0,` + strconv.Itoa(lo-2) + `}(?:[^` + r + `\n][^\n]*)?)`
}

// notWords returns the regular expression of the texts (without a line
// break) that are none of words followed by white space only, and do not
// start with a byte of not. Words end with a byte other than white space,
// and none is a prefix of another.
func notWords(words []string, not string) string {
	terminal := slices.Contains(words, "")
	next := map[byte][]string{}
	var firsts []byte
	for _, w := range words {
		if w == "" {
			continue
		}
		if _, ok := next[w[0]]; !ok {
			firsts = append(firsts, w[0])
		}
		next[w[0]] = append(next[w[0]], w[1:])
	}
	slices.Sort(firsts)
	exclude := string(firsts) + not
	var alts []string
	if terminal {
		// After a whole word: anything but white space only.
		alts = append(alts, `[^\s`+exclude+`][^\n]*`, `[^\S\n]+\S[^\n]*`)
	} else {
		alts = append(alts, `[^`+exclude+`\n][^\n]*`)
	}
	for _, b := range firsts {
		alts = append(alts, string(b)+notWords(next[b], ""))
	}
	re := `(?:` + strings.Join(alts, "|") + `)`
	if !terminal {
		re += `?`
	}
	return re
}

// The file name holds no "<", so no closing tag; a code line is any line
// that does not hold its element's closing tag.
var xmlGrammar = `start: edit+
edit: "<edit>" LF file old_code new_code "</edit>" LF
file: "<file>" LF PATH LF "</file>" LF
old_code: "<old_code>" LF OLD_LINE* "</old_code>" LF
new_code: "<new_code>" LF NEW_LINE* "</new_code>" LF

PATH: /[^\s<][^<\n]*/
OLD_LINE: /` + notContaining("</old_code>") + `\n/
NEW_LINE: /` + notContaining("</new_code>") + `\n/
LF: "\n"
`

// notContaining returns the regular expression of the texts (without a
// line break) that do not contain w, whose first byte occurs only once in
// it and which holds no byte that needs escaping but "/". Each occurrence
// of w's first byte starts a unit that takes as much of w as follows it,
// then a byte that does not continue w, so a text has only one match.
func notContaining(w string) string {
	first := escape(w[0])
	other := `[^` + first + `\n]*`
	re := ``
	for i := len(w) - 1; i >= 1; i-- {
		alt := `[^` + escape(w[i]) + first + `\n]` + other
		if re != "" {
			alt += `|` + escape(w[i]) + re
		}
		re = `(?:` + alt + `)?`
	}
	return other + `(?:` + first + re + `)*`
}

// escape writes b for a regular expression between slashes.
func escape(b byte) string {
	if b == '/' {
		return `\x2F`
	}
	return string(b)
}

// A new file's hunks hold only added lines; /dev/null is never both names,
// and no name starts with "/", which would be refused anyway, or ends with
// "/" or white space.
const unifiedGrammar = `start: file_diff+
file_diff: "--- /dev/null" LF "+++ " NAME LF new_hunk+
         | "--- " NAME LF "+++ /dev/null" LF hunk+
         | "--- " NAME LF "+++ " NAME LF hunk+
new_hunk: header (added_line no_eol?)+
hunk: header (hunk_line no_eol?)+
header: "@@ -" RANGE " +" RANGE " @@" HEADING? LF
added_line: "+" TEXT? LF
hunk_line: (" " | "-" | "+") TEXT? LF
no_eol: "\\ No newline at end of file" LF

NAME: /[^\s"\x2F][^\t\n]*[^\s\x2F]|[^\s"\x2F]/
RANGE: /[0-9]+(,[0-9]+)?/
HEADING: / [^\n]+/
TEXT: /[^\n]+/
LF: "\n"
`
