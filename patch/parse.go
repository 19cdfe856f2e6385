package patch

import (
	"strings"
	"unicode"
)

const (
	beginMarker  = "*** Begin Patch"
	endMarker    = "*** End Patch"
	addMarker    = "*** Add File: "
	deleteMarker = "*** Delete File: "
	updateMarker = "*** Update File: "
	moveMarker   = "*** Move to: "
	eofMarker    = "*** End of File"
	envMarker    = "*** Environment ID: "
	envPrefix    = "*** Environment ID:"
)

const validHeaders = "valid headers are '*** Add File: {path}', '*** Delete File: {path}' and '*** Update File: {path}'"

// Parse parses a full V4A patch: "*** Begin Patch", then "*** Add File",
// "*** Delete File" and "*** Update File" sections, then "*** End Patch".
//
// It accepts what Codex's parser accepts: surrounding whitespace, marker lines
// padded with whitespace, CRLF line breaks, a shell heredoc wrapper
// ("<<EOF", "<<'EOF'" or "<<\"EOF\"" as the first line, a last line ending in
// "EOF"), a first chunk without "@@", an "*** Environment ID:" line. It also
// accepts stacked "@@" anchors and ignores blank lines between an Update
// header and its first "@@", which Codex rejects or misreads.
//
// A patch with no file section parses; [Apply] reports it as ClassEmptyPatch.
// Paths are not checked here but when the patch is applied. Errors are
// [*Error] values of class ClassParse.
func Parse(text string) (*Patch, error) {
	if len(text) > MaxPatchSize {
		return nil, errorf(ClassParse, "", 0, "patch is %d bytes, more than the limit of %d", len(text), MaxPatchSize)
	}
	body, base, err := envelope(text)
	if err != nil {
		return nil, err
	}
	ps := &parser{lines: body, base: base, p: &Patch{Mode: PatchMode}}
	if err := ps.run(); err != nil {
		return nil, err
	}
	return ps.p, nil
}

// envelope checks the Begin and End markers, unwrapping a heredoc if needed,
// and returns the lines between the markers and the line number of the first.
func envelope(text string) (body []string, base int, err error) {
	trimmed := strings.TrimSpace(text)
	skipped := strings.Count(text[:len(text)-len(strings.TrimLeftFunc(text, unicode.IsSpace))], "\n")
	lines := strings.Split(trimmed, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	body, err = bounds(lines, skipped+1)
	if err == nil {
		return body, skipped + 2, nil
	}
	n := len(lines)
	if n >= 4 && (lines[0] == "<<EOF" || lines[0] == "<<'EOF'" || lines[0] == `<<"EOF"`) && strings.HasSuffix(lines[n-1], "EOF") {
		body, herr := bounds(lines[1:n-1], skipped+2)
		if herr != nil {
			return nil, 0, herr
		}
		return body, skipped + 3, nil
	}
	return nil, 0, err
}

// bounds checks that lines start with Begin and end with End; first is the
// line number of lines[0].
func bounds(lines []string, first int) ([]string, error) {
	if strings.TrimSpace(lines[0]) != beginMarker {
		return nil, errorf(ClassParse, "", first, "the first line of the patch must be '%s'", beginMarker)
	}
	last := len(lines) - 1
	if last == 0 || strings.TrimSpace(lines[last]) != endMarker {
		return nil, errorf(ClassParse, "", first+last, "the last line of the patch must be '%s'", endMarker)
	}
	return lines[1:last], nil
}

type parser struct {
	lines []string
	base  int // line number of lines[0]
	i     int
	p     *Patch
}

func (ps *parser) lineNo() int { return ps.base + ps.i }

func (ps *parser) fail(path, format string, args ...any) *Error {
	return errorf(ClassParse, path, ps.lineNo(), format, args...)
}

func (ps *parser) run() error {
	if len(ps.lines) > 0 {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(ps.lines[0]), envPrefix); ok {
			id := strings.TrimSpace(rest)
			if id == "" {
				return ps.fail("", "the environment ID is empty")
			}
			ps.p.EnvironmentID = id
			ps.i++
		}
	}
	for ps.i < len(ps.lines) {
		line := strings.TrimSpace(ps.lines[ps.i])
		var err error
		switch {
		case line == endMarker:
			return ps.afterEnd()
		case strings.HasPrefix(line, addMarker):
			err = ps.add(line[len(addMarker):])
		case strings.HasPrefix(line, deleteMarker):
			err = ps.delete(line[len(deleteMarker):])
		case strings.HasPrefix(line, updateMarker):
			err = ps.update(line[len(updateMarker):])
		case strings.HasPrefix(line, envPrefix):
			err = ps.fail("", "'%s' may appear only once, directly after '%s'", envPrefix, beginMarker)
		default:
			err = ps.fail("", "'%s' is not a valid file header; %s", line, validHeaders)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// afterEnd accepts only blank lines between an early "*** End Patch" and
// the last line.
func (ps *parser) afterEnd() error {
	for ps.i++; ps.i < len(ps.lines); ps.i++ {
		if l := strings.TrimSpace(ps.lines[ps.i]); l != "" {
			return ps.fail("", "unexpected text after '%s': '%s'", endMarker, l)
		}
	}
	return nil
}

// isFileHeader reports whether a trimmed line starts a new file section or
// ends the patch.
func isFileHeader(line string) bool {
	return line == endMarker ||
		strings.HasPrefix(line, addMarker) ||
		strings.HasPrefix(line, deleteMarker) ||
		strings.HasPrefix(line, updateMarker)
}

func isChunkHeader(line string) bool {
	return line == "@@" || strings.HasPrefix(line, "@@ ")
}

func (ps *parser) add(path string) error {
	f := File{Kind: Add, Path: path, Line: ps.lineNo()}
	var b strings.Builder
	for ps.i++; ps.i < len(ps.lines); ps.i++ {
		line := ps.lines[ps.i]
		if isFileHeader(strings.TrimSpace(line)) {
			break
		}
		text, ok := strings.CutPrefix(line, "+")
		if !ok {
			return ps.fail(path, "unexpected line '%s' in '%s%s': every line of a new file must start with '+' (an empty line is written '+')", line, addMarker, path)
		}
		b.WriteString(text)
		b.WriteByte('\n')
	}
	f.Contents = b.String()
	ps.p.Files = append(ps.p.Files, f)
	return nil
}

func (ps *parser) delete(path string) error {
	ps.p.Files = append(ps.p.Files, File{Kind: Delete, Path: path, Line: ps.lineNo()})
	ps.i++
	if ps.i < len(ps.lines) && !isFileHeader(strings.TrimSpace(ps.lines[ps.i])) {
		return ps.fail(path, "'%s' is not a valid file header (a deleted file takes no lines); %s", strings.TrimSpace(ps.lines[ps.i]), validHeaders)
	}
	return nil
}

func (ps *parser) update(path string) error {
	f := File{Kind: Update, Path: path, Line: ps.lineNo()}
	var cur *Chunk
	afterEOF := false
	for ps.i++; ps.i < len(ps.lines); ps.i++ {
		line := ps.lines[ps.i]
		trimmed := trimRightSpace(line)
		if isFileHeader(trimmed) {
			break
		}
		if cur == nil {
			// Before the first chunk: "*** Move to:" (once), and blank
			// lines followed by "@@", which would otherwise form a chunk
			// of empty context lines that moves the search to the file's
			// first blank line.
			if dest, ok := strings.CutPrefix(trimmed, moveMarker); ok && f.MoveTo == "" {
				f.MoveTo = dest
				continue
			}
			if line == "" {
				j := ps.i
				for j < len(ps.lines) && ps.lines[j] == "" {
					j++
				}
				if j < len(ps.lines) && isChunkHeader(trimRightSpace(ps.lines[j])) {
					ps.i = j - 1
					continue
				}
			}
		}
		if afterEOF {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if !isChunkHeader(trimmed) {
				return ps.fail(path, "expected '@@' to start a new chunk after '%s', got '%s'", eofMarker, line)
			}
			afterEOF = false
		}
		switch {
		case isChunkHeader(trimmed):
			anchor := strings.TrimPrefix(trimmed[2:], " ")
			if cur != nil && len(cur.Lines) == 0 {
				// Stacked anchors: "@@ class A" then "@@     def f():".
				cur.Anchors = append(cur.Anchors, anchor)
				continue
			}
			f.Chunks = append(f.Chunks, Chunk{Anchors: []string{anchor}, Line: ps.lineNo()})
			cur = &f.Chunks[len(f.Chunks)-1]
		case trimmed == eofMarker:
			if cur == nil {
				continue // no chunk to mark: ignored, as Codex does
			}
			if len(cur.Lines) == 0 {
				return ps.fail(path, "chunk has no lines before '%s'", eofMarker)
			}
			cur.EndOfFile = true
			afterEOF = true
		case line == "" || line[0] == ' ' || line[0] == '-' || line[0] == '+':
			if cur == nil {
				f.Chunks = append(f.Chunks, Chunk{Line: ps.lineNo()})
				cur = &f.Chunks[len(f.Chunks)-1]
			}
			l := Line{Op: ' '}
			if line != "" {
				l = Line{Op: line[0], Text: line[1:]}
			}
			cur.Lines = append(cur.Lines, l)
		case cur != nil && len(cur.Lines) > 0:
			return ps.fail(path, "unexpected line '%s': every line of a chunk starts with ' ' (context), '-' (removed) or '+' (added); a new chunk starts with '@@'", line)
		default:
			return ps.fail(path, "unexpected line '%s' in update of %s: every line should start with ' ' (context line), '+' (added line), or '-' (removed line)", line, path)
		}
	}
	if cur != nil && len(cur.Lines) == 0 {
		return &Error{Class: ClassParse, Path: path, Line: cur.Line, Msg: "chunk has no lines"}
	}
	if len(f.Chunks) == 0 {
		return &Error{Class: ClassParse, Path: path, Line: f.Line, Msg: "update has no chunks; write at least one '@@' followed by lines"}
	}
	ps.p.Files = append(ps.p.Files, f)
	return nil
}

// trimRightSpace removes trailing Unicode white space, like Rust's trim_end.
func trimRightSpace(s string) string {
	i := len(s)
	for i > 0 {
		c := s[i-1]
		if c >= 0x80 {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace)
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			break
		}
		i--
	}
	return s[:i]
}
