// Package patch parses and applies the edits models write to change files:
// the V4A patch format of GPT-4.1 and later models ("*** Begin Patch" …
// "*** End Patch"), the single-file operations of the Responses API's
// built-in apply_patch tool, Aider's SEARCH/REPLACE blocks, the pseudo-XML
// edits of OpenAI's GPT-4.1 prompting guide, and unified diffs. Every format
// parses into one model, a [Patch], which is applied inside a folder opened
// with [os.OpenRoot], all or nothing, with the matching behaviour of each
// format's reference engine, and never outside that folder; and any patch
// renders in any format ([Patch.Render]).
//
// # Full patches
//
// [Parse] reads a full patch: Add File sections with "+" lines, Delete File
// sections, Update File sections with an optional "*** Move to:" and "@@"
// chunks of ' ' (context), '-' (removed) and '+' (added) lines, optionally
// closed by "*** End of File". [Apply] applies the result:
//
//	p, err := patch.Parse(answer)
//	if err != nil { … }
//	res, err := patch.Apply(root, p)
//	if err != nil { … }
//	fmt.Print(res.Diff())
//
// Full patches follow Codex's apply_patch engine (in its line-ending-preserving
// mode): a chunk's "@@ anchor" must be found; a chunk made only of "+" lines
// is appended at the end of the file; a chunk whose lines end with an empty
// line is retried without it; an End of File chunk must match the last lines
// of the file; every updated file ends with a line break.
//
// # Tool operations
//
// The built-in apply_patch tool sends one [Operation] per call: create_file
// with a diff of "+" lines, update_file with a diff of "@@" sections,
// delete_file. [ApplyOperation] applies one, following the Agents SDK's
// apply_diff helper, which OpenAI names as the reference for the tool: an
// anchor that is not found is ignored, unless a section stacks two or more
// "@@" lines; a section of only "+" lines is inserted where the search
// stands (the top of the file, or after the anchor); the file's final line
// break, or its absence, is kept. [ParseOperation] parses an operation
// without applying it.
//
// # SEARCH/REPLACE, pseudo-XML and unified diffs
//
// A model's reply is prose around its edits. [Extract] finds the edits of a
// given format in the whole reply, or detects the format ([Detect]);
// [ParseSearchReplace], [ParseXML] and [ParseUnified] parse one format:
//
//	p, err := patch.Extract(reply, 0) // any format
//	if err != nil { … }
//	res, err := patch.ApplyPartial(root, p)
//	if err != nil {
//		// a *patch.BlockError: send err.Error() back to the model, which
//		// resends the failed blocks only
//	}
//
// SEARCH/REPLACE blocks and XML edits are applied as Aider applies them
// ([ReplaceMode]): each block's old lines are found anywhere in the file,
// exactly, then with the indentation of every line shifted by one same
// prefix (the new lines are shifted alike), then without a spurious blank
// first line, then piece by piece between "..." lines that elide unchanged
// code on both sides. Old lines that occur more than once fail as
// ClassAmbiguous, unless [Patch.FirstMatch] is set. Each block applies to
// the result of the blocks before it. A block with no old lines appends its
// new lines to the file, or creates the file if it is missing. The file's
// missing final line break stays missing.
//
// Unified diffs are applied as git apply applies them ([UnifiedMode]): each
// hunk is placed where its context and removed lines occur nearest to the
// line its header names, corrected by the offset at which the hunk before it
// was found. Models get line numbers and counts wrong, so numbers are only
// hints and counts are not checked; the same ladder as V4A's finds lines
// whose white space or punctuation differs, and, as GNU patch does, up to
// two lines of context at each end of a hunk may differ from the file.
// "\ No newline at end of file" is honoured, git's rename headers move
// files and its mode headers set the permission bits.
//
// In these formats every block is tried even after one fails, and the
// failures come back together as a *[BlockError]: its text names each
// failed block by number and file, says why it failed (not found, found
// several times, file missing, path refused), quotes the closest lines of
// the file ("did you mean"), and says how many other blocks applied, so that
// the model can resend only what failed. [Apply] writes nothing if a block
// fails; [ApplyPartial] writes the blocks that applied, as Aider does.
//
// # Prompts and tools
//
// [Format.Instructions] is the text that teaches a model a format, with a
// worked example, for a system prompt; [Format.Grammar] is a Lark grammar
// that holds a custom tool's input to the format. Package responses makes
// the tool and its handler for the tool loop.
//
// # Finding context
//
// Each chunk is searched for from a cursor that starts at the top of the file
// and moves past every chunk found, so chunks must follow the file's order.
// Anchors ("@@ class A", stacked as "@@ class A" then "@@     def f():" to
// narrow down) are whole lines searched before the chunk's lines. Lines are
// compared with the reference ladder, each pass scanning the whole rest of the
// file before the next, looser, pass starts: exactly; ignoring trailing white
// space; ignoring surrounding white space; ignoring surrounding white space
// and mapping typographic dashes, quotes and odd spaces (U+2010–U+2015,
// U+2212, U+2018–U+201F, U+00A0, U+2002–U+200A, U+202F, U+205F, U+3000) to
// ASCII. Matched context lines are never rewritten: only the '-' and '+' runs
// between them change.
//
// # Line endings
//
// A file's lines may end with "\n", "\r\n" or a lone "\r", even mixed.
// Unchanged lines keep their bytes; inserted lines take the file's first line
// break ("\n" if it has none; for an operation, "\r\n" if the diff uses it).
// A file edited by a full patch always ends with a line break; an operation
// keeps the final line break as it was. A new file from a full patch ends
// every line with "\n"; a create_file operation joins its lines with the
// diff's line break and adds a final one only if the diff ends with a bare
// "+" line.
//
// # Safety
//
// Every path must name a file inside the root: an empty path, a NUL byte or
// another control character, a backslash, an absolute path (also "C:" and
// "//host" forms), a path starting with "~" or ending with "/", or ".."
// climbing out of the root is refused, and so is a symbolic link that points
// outside the root or to an absolute path. Files are only reached through the [os.Root],
// which enforces the same confinement in the kernel. Symbolic links inside the
// root are followed (a Delete removes the link itself). Two operations that
// reach the same file, under any name, are refused. A path longer than
// [MaxPathLength] bytes or deeper than [MaxPathDepth] components, as
// written or where its symbolic links lead, is refused too; below them,
// applying costs time linear in a path's length. Messages show at most 300
// bytes of a path or of a quoted line, elided in the middle.
//
// Apply is all or nothing: it reads every file and computes every result
// first, then writes each new content to a temporary file next to its
// target, then renames them into place and removes deleted files. A failure
// before the renames changes nothing; a failure during them is undone from
// the contents held in memory. Inputs are bounded by [MaxPatchSize],
// [MaxFileSize] and [MaxTotalSize], and the matching work of one patch is
// bounded too.
//
// # Review
//
// [DryRun] computes the [Result] without writing. [Result.Diff] renders the
// changes as a unified diff for a person or a log, with the true line
// numbers, and [Result.String] lists them as Codex does ("A path",
// "M path", "D path"). [Patch.Render] writes a patch, before it is applied,
// in any format: a V4A patch as SEARCH/REPLACE blocks for a person used to
// them, or as a unified diff for a tool.
//
// # Errors
//
// Every error is an [*Error] whose Class is one of the Class constants
// (parse_error, empty_patch, context_not_found, ambiguous, file_not_found,
// is_directory, duplicate_path, path_escape, invalid_path, io_error,
// unsupported), or, for the block formats, a *[BlockError] that holds one
// *Error per failed block ([errors.As] reaches the first). Its message names the
// file and the patch line, and for context that is not found it quotes the
// lines sought and the closest candidate in the file, so that it can be sent
// back to the model as the output of a failed call.
//
// # Differences from the reference engine
//
// Full patches behave as Codex's apply_patch (codex-cli 0.169.0) except:
//
//   - Paths are confined to the root (see Safety); Codex's engine accepts
//     absolute paths and follows any symbolic link.
//   - Nothing is written unless every file applies; the standalone Codex
//     applies file by file and leaves earlier files changed.
//   - Two operations on one file ("x" and "./x", a symbolic link and its
//     target, two hard links), or a path used both as a file and as a
//     directory, are refused; the standalone Codex applies them in sequence.
//   - Stacked "@@" anchors are accepted; Codex's parser rejects them.
//   - Empty lines between an Update header (or its Move to) and the first
//     "@@" are ignored; Codex makes them a chunk of empty context lines,
//     which moves the search to the file's first blank line.
//   - A move onto the file's own path is an update in place; Codex writes
//     the file and then deletes it.
//   - An update that changes nothing does not rewrite the file.
//   - A write that fails midway is undone.
//   - Error lines count from the first line of the text as given; Codex
//     counts from the "*** Begin Patch" line. Messages are worded differently.
//   - The "*** Environment ID:" line is parsed into [Patch.EnvironmentID] and
//     not acted upon.
//   - Inputs and matching work are bounded.
//
// Operations behave as the Agents SDK's apply_diff except:
//
//   - Line endings are kept line by line, as above; apply_diff rewrites the
//     whole file with CRLF (Python: if any line has it; JavaScript: if all
//     do) and treats a lone "\r" as an ordinary character.
//   - Context is found with the full ladder, which adds the typographic
//     pass (and, for anchors, the trailing-space pass) to apply_diff's.
//   - Empty lines before the first "@@" are ignored; apply_diff makes them
//     an empty context line, which then fails to match.
//   - An empty update_file diff is an error rather than a no-op.
//   - A line starting with "***" other than "*** End of File" is an error,
//     except a final "*** End Patch", and so is an "*** End of File" that
//     closes no section; apply_diff silently stops reading at such a line
//     and drops the rest of the diff.
//   - A section after the first must start with "@@" wherever the search
//     stands.
//   - "*** End of File" looks at the file's last lines, as the JavaScript
//     helper does; the Python helper counts the empty element after a
//     final line break and so falls back to the first occurrence.
//   - Paths are confined as for full patches; an absolute path is refused
//     even if it lies inside the root, which the Agents sandbox accepts.
//   - The non-standard move_to field of the Agents SDK is not supported.
//
// SEARCH/REPLACE blocks and XML edits behave as Aider's editblock coder
// except:
//
//   - Old lines that occur more than once fail as ClassAmbiguous (Aider
//     replaces the first occurrence, which [Patch.FirstMatch] selects).
//   - A block whose old lines occur once in the original file, clear of the
//     other blocks, is replaced there, which is what applying the blocks
//     one after the other comes to unless a later block matches what an
//     earlier one wrote; such replies are applied one block at a time.
//   - A block that fails is not tried against the other files of the
//     reply; Aider tries every file in the chat.
//   - The file's missing final line break stays missing; Aider adds one.
//   - Lines are compared whole, in "..." pieces too (Aider compares
//     pieces as text).
//   - Marker lines may have five to nine marker characters; the divider is
//     exactly "=======".
//   - Shell command blocks are not run; they are prose.
//
// Unified diffs behave as git apply except:
//
//   - Line numbers are hints and counts are not checked; hunks whose
//     context differs in white space or typographic punctuation are found
//     with the V4A ladder (git apply needs --ignore-whitespace, and has no
//     punctuation pass); a hunk still not found is tried with up to two
//     lines of context at each end left out, as GNU patch's fuzz factor.
//   - Empty lines in a hunk are context lines whose space was dropped, and
//     empty lines that end a hunk are dropped.
//   - A file deleted by a diff is removed without comparing its content
//     with the diff's removed lines.
//   - Copies and binary diffs are ClassUnsupported.
//   - When the two names of a diff without git headers differ, the old name
//     is the file; a move needs git's rename headers.
//   - Paths are confined to the root, as for V4A.
//
// # Example
//
// A complete program that applies a model's patch inside a folder and prints
// what changed:
//
//	package main
//
//	import (
//		"fmt"
//		"log"
//		"os"
//
//		"github.com/respkit/respkit/patch"
//	)
//
//	func main() {
//		root, err := os.OpenRoot(".")
//		if err != nil {
//			log.Fatal(err)
//		}
//		defer root.Close()
//
//		p, err := patch.Parse(`*** Begin Patch
//	*** Update File: greet.go
//	@@ func greet() string {
//	-	return "hello"
//	+	return "hello, world"
//	*** End Patch`)
//		if err != nil {
//			log.Fatal(err)
//		}
//		res, err := patch.Apply(root, p)
//		if err != nil {
//			log.Fatal(err) // an *patch.Error: send err.Error() back to the model
//		}
//		fmt.Print(res.Diff())
//	}
package patch
