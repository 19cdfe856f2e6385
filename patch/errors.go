package patch

import (
	"fmt"
	"strings"

	"github.com/respkit/respkit/internal/elide"
)

// Error classes, the values of [Error.Class]. They are the classes of the
// V4A conformance scenarios, stable strings a program may switch on.
const (
	// ClassParse: the patch text or diff is malformed (markers, headers, line prefixes).
	ClassParse = "parse_error"
	// ClassEmptyPatch: the patch contains no file operation.
	ClassEmptyPatch = "empty_patch"
	// ClassContextNotFound: an "@@" anchor, context or removed lines cannot be
	// located at or after the search position.
	ClassContextNotFound = "context_not_found"
	// ClassFileNotFound: the file to update or delete does not exist.
	ClassFileNotFound = "file_not_found"
	// ClassIsDirectory: the target is a directory.
	ClassIsDirectory = "is_directory"
	// ClassDuplicatePath: two operations of one patch resolve to the same file.
	ClassDuplicatePath = "duplicate_path"
	// ClassPathEscape: a path, a "Move to" destination or a symbolic link
	// leads outside the root, or the path is absolute.
	ClassPathEscape = "path_escape"
	// ClassInvalidPath: the path is empty or otherwise unusable.
	ClassInvalidPath = "invalid_path"
	// ClassIO: a file cannot be read or written, is not UTF-8 text, or is too large.
	ClassIO = "io_error"
	// ClassUnsupported: the patch holds something its format cannot say or
	// the package does not do (a deletion rendered as SEARCH/REPLACE, a
	// binary diff, a copy).
	ClassUnsupported = "unsupported"
	// ClassAmbiguous: a block's old lines occur more than once in the file.
	ClassAmbiguous = "ambiguous"
)

// Error is the error returned by every function of the package. Its Error
// method is written to be sent back to a model as the output of a failed
// apply_patch call: it names the file, the patch line and, when context is not
// found, the lines that were sought and the closest candidate in the file.
type Error struct {
	// Class is one of the Class constants.
	Class string
	// Path is the file concerned, as written in the patch, or "".
	Path string
	// Block is the 1-based position of the failed block or hunk in the reply
	// (see [Chunk.Block]), or 0.
	Block int
	// Line is the 1-based line of the patch text (of the diff, for an
	// operation) the error concerns, or 0. Lines are counted from the start
	// of the text as given, a heredoc wrapper or leading blank lines included.
	Line int
	// Msg describes the problem.
	Msg string

	// The fields below are set for ClassContextNotFound.

	// Sought holds the lines that were searched for.
	Sought []string
	// From is the 1-based line of the file where the search started.
	From int
	// Closest is the 1-based line of the file where the best partial match
	// starts, or 0 if no line of the file resembles the sought lines.
	Closest int
	// Matched is the number of sought lines that match at Closest, after
	// ignoring surrounding whitespace and typographic punctuation.
	Matched int
	// ClosestLines holds the file's lines at Closest (at most len(Sought)).
	ClosestLines []string

	// Err is the underlying error, if any (for example from the file system).
	Err error
}

// maxQuoted bounds the number of lines quoted by Error.
const maxQuoted = 12

// maxShown bounds the bytes that a message shows of a path or of a line of
// the patch or of a file, which a model can make as long as it likes: a
// longer one is elided in the middle. The fields of Error keep them whole.
const maxShown = 300

// shown returns s elided to maxShown bytes, for a message.
func shown(s string) string { return elide.Middle(s, maxShown) }

// Error formats the error. The first line reads "patch: <path>: patch line
// <n>: <message>"; a context error adds the sought lines and the closest
// candidate, indented by a tab.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("patch: ")
	if e.Path != "" {
		b.WriteString(shown(e.Path))
		b.WriteString(": ")
	}
	switch {
	case e.Block > 0 && e.Line > 0:
		fmt.Fprintf(&b, "block %d (line %d): ", e.Block, e.Line)
	case e.Block > 0:
		fmt.Fprintf(&b, "block %d: ", e.Block)
	case e.Line > 0:
		fmt.Fprintf(&b, "patch line %d: ", e.Line)
	}
	b.WriteString(e.Msg)
	if (e.Class != ClassContextNotFound && e.Class != ClassAmbiguous) || len(e.Sought) == 0 {
		return b.String()
	}
	if e.Class == ClassAmbiguous {
		b.WriteString("\nsought:")
		quote(&b, e.Sought)
		return b.String()
	}
	if e.From > 1 {
		fmt.Fprintf(&b, "\nsought at or after line %d of the file:", e.From)
	} else {
		b.WriteString("\nsought:")
	}
	quote(&b, e.Sought)
	switch {
	case e.Closest == 0:
		b.WriteString("\nno line of the file resembles these lines")
	case e.Block > 0:
		fmt.Fprintf(&b, "\ndid you mean these lines of the file, at line %d (%d of %d lines match)?", e.Closest, e.Matched, len(e.Sought))
		quote(&b, e.ClosestLines)
	default:
		fmt.Fprintf(&b, "\nclosest candidate at line %d (%d of %d lines match):", e.Closest, e.Matched, len(e.Sought))
		quote(&b, e.ClosestLines)
	}
	return b.String()
}

// A BlockError reports the blocks of a SEARCH/REPLACE, XML or unified-diff
// patch that failed to apply, and how many others applied. Its Error text is
// written to be sent back to the model: it lists each failed block with its
// number, its file, why it failed and the closest lines of the file, and
// tells the model which blocks to send again.
type BlockError struct {
	// Failed holds one error per failed block, in patch order.
	Failed []*Error
	// Applied is the number of blocks that applied, or that would have if
	// none had failed.
	Applied int
	// Written reports that the blocks that applied were written, by
	// [ApplyPartial]; otherwise no file was changed.
	Written bool
}

// Error lists the failed blocks after a line that says what to resend.
func (e *BlockError) Error() string {
	var b strings.Builder
	n := len(e.Failed)
	blocks := func(n int) string {
		if n == 1 {
			return "1 block"
		}
		return fmt.Sprintf("%d blocks", n)
	}
	fmt.Fprintf(&b, "patch: %s of %d failed to apply", blocks(n), n+e.Applied)
	others, them, fixed := fmt.Sprintf("The other %d blocks", e.Applied), "them", "fixed versions of the failed blocks"
	if e.Applied == 1 {
		others, them = "The other block", "it"
	}
	if n == 1 {
		fixed = "a fixed version of the failed block"
	}
	switch {
	case e.Applied == 0:
		b.WriteString("; no file was changed.")
	case e.Written:
		fmt.Fprintf(&b, ". %s applied and %s written: do not send %s again; send %s only.", others, plural(e.Applied, "was", "were"), them, fixed)
	default:
		fmt.Fprintf(&b, ", so no file was changed. %s would have applied: send all the blocks again, with %s.", others, plural(n, "the failed one fixed", "the failed ones fixed"))
	}
	for _, f := range e.Failed {
		b.WriteString("\n\n")
		b.WriteString(f.Error())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Unwrap returns the errors of the failed blocks.
func (e *BlockError) Unwrap() []error {
	out := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		out[i] = f
	}
	return out
}

func quote(b *strings.Builder, lines []string) {
	for i, l := range lines {
		if i == maxQuoted {
			fmt.Fprintf(b, "\n\t... (%d more lines)", len(lines)-i)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(shown(l))
	}
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// errorf returns an error whose message is formatted from format and args.
// The string arguments, paths and lines a model wrote, are elided to
// maxShown bytes.
func errorf(class, path string, line int, format string, args ...any) *Error {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = shown(s)
		}
	}
	return &Error{Class: class, Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
}
