package patch

import (
	"io/fs"
	"strconv"
	"strings"
)

const noEOLMarker = `\ No newline at end of file`

// epochPrefix marks a name whose date is the epoch, which diff -N writes
// for a file that does not exist.
const epochPrefix = "\x00epoch:"

// ParseUnified parses a unified diff, as diff -u and git diff write it and
// as models write it, into a patch in [UnifiedMode]. The diff may sit in a
// model's reply: lines before the first file header, code fences and prose
// between file diffs are ignored.
//
// A file's diff starts with "--- old" and "+++ new" lines (a tab and a
// timestamp after a name are ignored; git's quoted names are decoded) or
// with a "diff --git" line and git's extended headers: "new file mode",
// "deleted file mode", "old mode", "new mode", "rename from", "rename to",
// "similarity index" and "index" are understood; copies and binary diffs
// are ClassUnsupported. "a/" and "b/" prefixes are removed, and otherwise,
// when the two names start with different folders ("old/x" and "new/x"),
// that first folder; names that start with the same folder ("src/x") are
// kept whole, as models mean them (patch -p1 would remove "src/"). An old name of /dev/null adds the file, a new one deletes it. When
// the names differ without git's rename headers, the old name is the file.
//
// Hunks start with "@@ -l,s +l,s @@", optionally followed by a heading,
// which becomes the chunk's anchor. Models get the numbers and counts
// wrong, so the numbers are only hints ([Chunk.OldStart]; a header without
// numbers, "@@ @@" or "@@ ... @@", gives none) and wrong counts are
// tolerated: a hunk's lines are those that start with ' ', '-' or '+', or
// are empty (an empty context line whose space was dropped), with
// "\ No newline at end of file" marking the line before. A hunk ends at the
// next "@@" line, at a "diff --git" line, at a "--- " and "+++ " pair once
// the counts of its header are met, or at any other line; empty lines at
// its end are dropped.
//
// Errors are [*Error] values of class ClassParse or ClassUnsupported.
func ParseUnified(diff string) (*Patch, error) {
	if len(diff) > MaxPatchSize {
		return nil, errorf(ClassParse, "", 0, "diff is %d bytes, more than the limit of %d", len(diff), MaxPatchSize)
	}
	u := &unifiedParser{lines: strings.Split(diff, "\n"), p: &Patch{Mode: UnifiedMode}}
	for i, l := range u.lines {
		u.lines[i] = strings.TrimSuffix(l, "\r")
	}
	if err := u.run(); err != nil {
		return nil, err
	}
	return u.p, nil
}

type unifiedParser struct {
	lines  []string
	i      int
	p      *Patch
	cur    *unifiedFile
	blocks int
}

// unifiedFile is a file's diff being read.
type unifiedFile struct {
	oldName, newName     string // as written, prefixes included
	git                  bool
	gitOld, gitNew       string // names of the "diff --git" line
	renameFrom, renameTo string
	newFile, deleted     bool
	perm                 fs.FileMode
	line                 int
	chunks               []Chunk
}

func (u *unifiedParser) fail(line int, format string, args ...any) error {
	return errorf(ClassParse, "", line, format, args...)
}

func (u *unifiedParser) run() error {
	for u.i < len(u.lines) {
		l := u.lines[u.i]
		switch {
		case strings.HasPrefix(l, "diff --git "):
			if err := u.finish(); err != nil {
				return err
			}
			if err := u.gitHeader(); err != nil {
				return err
			}
			// A git header without "---" and "+++" lines or hunks (a
			// rename, a mode change, an empty file) is complete.
			if u.i >= len(u.lines) || !strings.HasPrefix(u.lines[u.i], "@@") && !u.fileHeader() {
				if err := u.finish(); err != nil {
					return err
				}
			}
		case u.fileHeader():
			if !u.continuesGit() {
				if err := u.finish(); err != nil {
					return err
				}
				u.cur = &unifiedFile{line: u.i + 1}
			}
			var err error
			if u.cur.oldName, err = u.name(l[4:]); err != nil {
				return err
			}
			if u.cur.newName, err = u.name(u.lines[u.i+1][4:]); err != nil {
				return err
			}
			u.i += 2
		case strings.HasPrefix(l, "@@"):
			if u.cur == nil || (u.cur.oldName == "" && !u.cur.git) {
				return u.fail(u.i+1, "hunk header '%s' before any file header: a file's diff starts with '--- a/path' and '+++ b/path' lines", l)
			}
			if err := u.hunk(); err != nil {
				return err
			}
		case strings.HasPrefix(l, "Binary files ") || l == "GIT binary patch":
			return &Error{Class: ClassUnsupported, Line: u.i + 1, Msg: "binary diffs are not supported"}
		default:
			u.i++ // prose, a fence, a blank line
		}
	}
	return u.finish()
}

// continuesGit reports whether the "---" and "+++" lines at u.i belong to
// the git header just read: they follow it directly and agree with it on
// whether the file is created or deleted.
func (u *unifiedParser) continuesGit() bool {
	f := u.cur
	if f == nil || !f.git || f.oldName != "" || len(f.chunks) > 0 {
		return false
	}
	oldNull := strings.HasPrefix(u.lines[u.i], "--- /dev/null")
	newNull := strings.HasPrefix(u.lines[u.i+1], "+++ /dev/null")
	return oldNull == f.newFile && newNull == f.deleted
}

// fileHeader reports whether the lines at u.i are "--- " and "+++ " lines.
func (u *unifiedParser) fileHeader() bool {
	return u.i+1 < len(u.lines) && strings.HasPrefix(u.lines[u.i], "--- ") && strings.HasPrefix(u.lines[u.i+1], "+++ ")
}

// name decodes a file name of a "---" or "+++" line.
func (u *unifiedParser) name(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		end := closingQuote(s)
		if end < 0 {
			return "", u.fail(u.i+1, "unterminated quoted file name %s", s)
		}
		name, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return "", u.fail(u.i+1, "invalid quoted file name %s", s[:end+1])
		}
		return name, nil
	}
	if tab := strings.IndexByte(s, '\t'); tab >= 0 {
		// diff -N names a missing file with the epoch as its date.
		if date := strings.TrimSpace(s[tab+1:]); strings.HasPrefix(date, "1970-01-01 00:00:00") || strings.HasPrefix(date, "1969-12-31 ") {
			return epochPrefix + s[:tab], nil
		}
		s = s[:tab]
	}
	return strings.TrimRight(s, " "), nil
}

// closingQuote returns the index of the quote that closes the quoted
// string at the start of s, or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// gitHeader reads a "diff --git" line and its extended headers.
func (u *unifiedParser) gitHeader() error {
	f := &unifiedFile{git: true, line: u.i + 1}
	u.cur = f
	rest := u.lines[u.i][len("diff --git "):]
	f.gitOld, f.gitNew = splitGitNames(rest)
	u.i++
	for ; u.i < len(u.lines); u.i++ {
		l := u.lines[u.i]
		switch {
		case strings.HasPrefix(l, "new file mode "):
			f.newFile = true
			f.perm = modePerm(strings.TrimPrefix(l, "new file mode "))
		case strings.HasPrefix(l, "deleted file mode "):
			f.deleted = true
		case strings.HasPrefix(l, "new mode "):
			f.perm = modePerm(strings.TrimPrefix(l, "new mode "))
		case strings.HasPrefix(l, "old mode "), strings.HasPrefix(l, "index "),
			strings.HasPrefix(l, "similarity index "), strings.HasPrefix(l, "dissimilarity index "):
		case strings.HasPrefix(l, "rename from "):
			name, err := u.name(strings.TrimPrefix(l, "rename from "))
			if err != nil {
				return err
			}
			f.renameFrom = name
		case strings.HasPrefix(l, "rename to "):
			name, err := u.name(strings.TrimPrefix(l, "rename to "))
			if err != nil {
				return err
			}
			f.renameTo = name
		case strings.HasPrefix(l, "copy from "), strings.HasPrefix(l, "copy to "):
			return &Error{Class: ClassUnsupported, Path: stripName(f.gitNew, "b/", false), Line: u.i + 1, Msg: "copies are not supported"}
		case strings.HasPrefix(l, "Binary files ") || l == "GIT binary patch":
			return &Error{Class: ClassUnsupported, Path: stripName(f.gitNew, "b/", false), Line: u.i + 1, Msg: "binary diffs are not supported"}
		default:
			return nil
		}
	}
	return nil
}

// splitGitNames splits the names of a "diff --git a/x b/y" line.
func splitGitNames(s string) (string, string) {
	if strings.HasPrefix(s, `"`) {
		if end := closingQuote(s); end > 0 {
			a, err := strconv.Unquote(s[:end+1])
			if err == nil {
				b := strings.TrimSpace(s[end+1:])
				if ub, err := strconv.Unquote(b); err == nil {
					b = ub
				}
				return a, b
			}
		}
	}
	// "a/x b/x": the two names are the same but for their prefix.
	if n := len(s); n%2 == 1 {
		a, b := s[:n/2], s[n/2+1:]
		if strings.TrimPrefix(a, "a/") == strings.TrimPrefix(b, "b/") {
			return a, b
		}
	}
	if k := strings.LastIndex(s, " b/"); k >= 0 {
		return s[:k], s[k+1:]
	}
	a, b, _ := strings.Cut(s, " ")
	return a, b
}

// modePerm returns the permission bits of a git mode such as "100755".
func modePerm(s string) fs.FileMode {
	m, err := strconv.ParseUint(strings.TrimSpace(s), 8, 32)
	if err != nil {
		return 0
	}
	return fs.FileMode(m) & fs.ModePerm
}

// hunk reads one hunk at u.i.
func (u *unifiedParser) hunk() error {
	header := u.lines[u.i]
	c := Chunk{Line: u.i + 1}
	oldLeft, newLeft := -1, -1 // -1: unknown
	if rest, ok := strings.CutPrefix(header, "@@"); ok {
		ranges, heading, found := strings.Cut(rest, "@@")
		if found {
			if h := strings.TrimSpace(heading); h != "" {
				c.Anchors = []string{h}
			}
		}
		fields := strings.Fields(ranges)
		if len(fields) == 2 && strings.HasPrefix(fields[0], "-") && strings.HasPrefix(fields[1], "+") {
			os, oc, ok1 := hunkRangeOf(fields[0][1:])
			ns, nc, ok2 := hunkRangeOf(fields[1][1:])
			if ok1 && ok2 {
				c.OldStart, c.NewStart, oldLeft, newLeft = os, ns, oc, nc
			}
		}
	}
	u.i++
	blank := 0 // empty lines (not " ") at the end of the hunk so far
	for ; u.i < len(u.lines); u.i++ {
		l := u.lines[u.i]
		if strings.HasPrefix(l, "@@") || strings.HasPrefix(l, "diff --git ") {
			break
		}
		if strings.HasPrefix(l, "--- ") && u.i+1 < len(u.lines) && strings.HasPrefix(u.lines[u.i+1], "+++ ") &&
			!(oldLeft > 0 && newLeft > 0) {
			break
		}
		if l == noEOLMarker || (strings.HasPrefix(l, `\ `) && len(c.Lines) > 0) {
			if len(c.Lines) > 0 {
				c.Lines[len(c.Lines)-1].NoEOL = true
			}
			continue
		}
		op := byte(' ')
		text := ""
		if l != "" {
			op, text = l[0], l[1:]
			if op != ' ' && op != '-' && op != '+' {
				break
			}
		}
		c.Lines = append(c.Lines, Line{Op: op, Text: text})
		if l == "" {
			blank++
		} else {
			blank = 0
		}
		if op != '+' {
			oldLeft--
		}
		if op != '-' {
			newLeft--
		}
	}
	// Empty lines at the end of a hunk are the blank lines that follow a
	// diff in a reply rather than context whose space was dropped: as
	// context they could only keep the hunk from matching.
	c.Lines = c.Lines[:len(c.Lines)-blank]
	if len(c.Lines) == 0 {
		return u.fail(c.Line, "hunk '%s' has no lines", header)
	}
	u.blocks++
	c.Block = u.blocks
	u.cur.chunks = append(u.cur.chunks, c)
	return nil
}

// hunkRangeOf parses "l,s" or "l" (a count of 1).
func hunkRangeOf(s string) (start, count int, ok bool) {
	a, b, found := strings.Cut(s, ",")
	start, err := strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	count = 1
	if found {
		if count, err = strconv.Atoi(b); err != nil || count < 0 {
			return 0, 0, false
		}
	}
	return start, count, true
}

// stripName removes a diff's prefix from a name: "a/" or "b/", or else the
// first component when strip is set.
func stripName(name, prefix string, strip bool) string {
	if rest, ok := strings.CutPrefix(name, prefix); ok {
		return rest
	}
	if strip {
		if _, rest, ok := strings.Cut(name, "/"); ok {
			return rest
		}
	}
	return name
}

// finish turns the file being read into a File of the patch.
func (u *unifiedParser) finish() error {
	f := u.cur
	u.cur = nil
	if f == nil {
		return nil
	}
	oldName, newName := f.oldName, f.newName
	if oldName == "" && newName == "" {
		if !f.git {
			return nil
		}
		oldName, newName = f.gitOld, f.gitNew
		if f.newFile {
			oldName = "/dev/null"
		}
		if f.deleted {
			newName = "/dev/null"
		}
	}
	const null = "/dev/null"
	oldName, oldEpoch := strings.CutPrefix(oldName, epochPrefix)
	newName, newEpoch := strings.CutPrefix(newName, epochPrefix)
	// Names under two different folders ("old/x" and "new/x", as diff -r
	// writes them) lose the folder; names under the same one ("src/x",
	// as models write them) keep it.
	oldDir, _, oldSplit := strings.Cut(oldName, "/")
	newDir, _, newSplit := strings.Cut(newName, "/")
	strip := oldName != null && newName != null && oldSplit && newSplit && oldDir != newDir &&
		!strings.HasPrefix(oldName, "a/") && !strings.HasPrefix(newName, "b/")
	oldPath, newPath := stripName(oldName, "a/", strip), stripName(newName, "b/", strip)
	if oldEpoch {
		oldName = null
	}
	if newEpoch {
		newName = null
	}
	if f.renameFrom != "" {
		oldPath = f.renameFrom
	}
	if f.renameTo != "" {
		newPath = f.renameTo
	}
	file := File{Path: oldPath, Perm: f.perm, Line: f.line}
	switch {
	case oldName == null && newName == null:
		return u.fail(f.line, "both file names are /dev/null")
	case oldName == null || f.newFile:
		file.Kind, file.Path = Add, newPath
		var b strings.Builder
		for _, c := range f.chunks {
			for _, l := range c.Lines {
				if l.Op != '+' {
					return u.fail(c.Line, "the hunk of new file %s has lines that are not added ('+')", newPath)
				}
				b.WriteString(l.Text)
				if !l.NoEOL {
					b.WriteByte('\n')
				}
			}
		}
		file.Contents = b.String()
	case newName == null || f.deleted:
		file.Kind = Delete
	default:
		file.Kind = Update
		file.Chunks = f.chunks
		if f.renameTo != "" && newPath != oldPath {
			file.MoveTo = newPath
		}
	}
	if file.Path == "" {
		return u.fail(f.line, "the file's diff has no file name")
	}
	u.p.Files = append(u.p.Files, file)
	return nil
}
