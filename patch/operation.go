package patch

import "strings"

// Operation is one operation of the Responses API built-in apply_patch tool,
// the "operation" object of an apply_patch_call output item.
type Operation struct {
	// Type is "create_file", "update_file" or "delete_file".
	Type string
	// Path is the file's path, relative to the root.
	Path string
	// Diff is a V4A diff without envelope: for create_file every line starts
	// with "+"; for update_file it is a list of "@@" sections; for
	// delete_file it is empty and ignored.
	Diff string
}

// The operation types of the apply_patch tool.
const (
	CreateFile = "create_file"
	UpdateFile = "update_file"
	DeleteFile = "delete_file"
)

// ParseOperation parses one apply_patch tool operation into a [Patch] of one
// [File], in [OperationMode].
//
// The diff follows the Agents SDK's apply_diff helper: lines split on "\n" or
// "\r\n", a final empty line dropped. A create_file diff must consist of "+"
// lines; the file's text is those lines joined by the diff's line break
// (CRLF if the diff contains one), with no final line break unless the diff
// ends with a bare "+" line. An update_file diff is a list of sections, each
// opened by one or more "@@" or "@@ anchor" lines (the first may have none),
// holding ' ', '-' and '+' lines and optionally closed by "*** End of File".
// Blank lines before the first "@@" are ignored, and so is a final
// "*** End Patch" line; any other "***" line is an error.
//
// Errors are [*Error] values of class ClassParse.
func ParseOperation(op Operation) (*Patch, error) {
	if len(op.Diff) > MaxPatchSize {
		return nil, errorf(ClassParse, op.Path, 0, "diff is %d bytes, more than the limit of %d", len(op.Diff), MaxPatchSize)
	}
	p := &Patch{Mode: OperationMode, crlf: strings.Contains(op.Diff, "\r\n")}
	f := File{Path: op.Path}
	var err error
	switch op.Type {
	case CreateFile:
		f.Kind = Add
		f.Contents, err = parseCreate(op.Path, op.Diff)
	case UpdateFile:
		f.Kind = Update
		f.Chunks, err = parseSections(op.Path, op.Diff)
	case DeleteFile:
		f.Kind = Delete
	default:
		err = errorf(ClassParse, op.Path, 0, "unknown operation type %q; want %q, %q or %q", op.Type, CreateFile, UpdateFile, DeleteFile)
	}
	if err != nil {
		return nil, err
	}
	p.Files = []File{f}
	return p, nil
}

// diffLines splits an operation diff like the Agents SDK: on "\n", trailing
// "\r" removed, a final empty line dropped.
func diffLines(diff string) []string {
	lines := strings.Split(diff, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func parseCreate(path, diff string) (string, error) {
	lines := diffLines(diff)
	for i, l := range lines {
		text, ok := strings.CutPrefix(l, "+")
		if !ok {
			return "", errorf(ClassParse, path, i+1, "unexpected line '%s' in create_file diff: every line must start with '+' (an empty line is written '+')", l)
		}
		lines[i] = text
	}
	nl := "\n"
	if strings.Contains(diff, "\r\n") {
		nl = "\r\n"
	}
	return strings.Join(lines, nl), nil
}

// endsWithEndPatch reports whether lines[i] is "*** End Patch" followed only
// by blank lines.
func endsWithEndPatch(lines []string, i int) bool {
	if strings.TrimSpace(lines[i]) != endMarker {
		return false
	}
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}

func parseSections(path, diff string) ([]Chunk, error) {
	lines := diffLines(diff)
	fail := func(i int, format string, args ...any) error {
		return errorf(ClassParse, path, i+1, format, args...)
	}
	i := 0
	// Blank lines before the first "@@" are ignored (the documentation's own
	// example diff starts with one).
	j := 0
	for j < len(lines) && lines[j] == "" {
		j++
	}
	if j < len(lines) && strings.HasPrefix(lines[j], "@@") {
		i = j
	}
	var chunks []Chunk
	for i < len(lines) {
		if endsWithEndPatch(lines, i) {
			break
		}
		c := Chunk{Line: i + 1}
		for i < len(lines) && strings.HasPrefix(lines[i], "@@") {
			if lines[i] != "@@" && !strings.HasPrefix(lines[i], "@@ ") {
				return nil, fail(i, "invalid section header '%s': write '@@' or '@@ ' followed by a line of the file", lines[i])
			}
			c.Anchors = append(c.Anchors, strings.TrimPrefix(lines[i][2:], " "))
			i++
		}
		if c.Anchors == nil && len(chunks) > 0 {
			return nil, fail(i, "unexpected line '%s': a new section must start with '@@'", lines[i])
		}
		start := i
		for ; i < len(lines); i++ {
			raw := lines[i]
			if strings.HasPrefix(raw, "@@") {
				break
			}
			if trimRightSpace(raw) == eofMarker {
				c.EndOfFile = true
				i++
				break
			}
			if strings.HasPrefix(raw, "***") {
				if endsWithEndPatch(lines, i) {
					break
				}
				return nil, fail(i, "unexpected line '%s': an update_file diff holds only '@@' sections and '%s'", raw, eofMarker)
			}
			l := Line{Op: ' '}
			if raw != "" {
				switch raw[0] {
				case ' ', '-', '+':
				default:
					return nil, fail(i, "unexpected line '%s': every line should start with ' ' (context line), '+' (added line), or '-' (removed line)", raw)
				}
				l = Line{Op: raw[0], Text: raw[1:]}
			}
			c.Lines = append(c.Lines, l)
		}
		if i == start && !c.EndOfFile {
			return nil, fail(c.Line-1, "section has no lines")
		}
		chunks = append(chunks, c)
	}
	if len(chunks) == 0 {
		return nil, errorf(ClassParse, path, 0, "update_file diff is empty")
	}
	return chunks, nil
}
