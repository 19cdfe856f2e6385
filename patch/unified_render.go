package patch

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// renderUnified writes p as a unified diff: "--- a/path" and "+++ b/path"
// (or /dev/null) before each file's hunks, git's headers for what those
// lines cannot say (a move, permission bits, an empty new file, a deletion,
// whose content a patch does not hold). A hunk's header gives its
// OldStart and NewStart; a chunk without them (from V4A or SEARCH/REPLACE)
// is numbered from the end of the chunk before it, a guess that git apply
// and ParseUnified take as a hint only.
func renderUnified(p *Patch) (string, error) {
	var b strings.Builder
	for i := range p.Files {
		f := &p.Files[i]
		if f.Path == "" {
			return "", &Error{Class: ClassUnsupported, Line: f.Line, Msg: "a file without a path cannot be rendered"}
		}
		oldName, newName := "a/"+f.Path, "b/"+f.Path
		if f.MoveTo != "" {
			newName = "b/" + f.MoveTo
		}
		switch f.Kind {
		case Add:
			oldName = "/dev/null"
		case Delete:
			newName = "/dev/null"
		case Update:
		default:
			return "", &Error{Class: ClassUnsupported, Path: f.Path, Line: f.Line, Msg: fmt.Sprintf("invalid file kind %d", f.Kind)}
		}
		body := f.Kind == Add && f.Contents != "" || f.Kind == Update && len(f.Chunks) > 0
		if f.MoveTo != "" || f.Perm != 0 || !body {
			to := f.Path
			if f.MoveTo != "" {
				to = f.MoveTo
			}
			b.WriteString("diff --git " + quoteName("a/"+f.Path) + " " + quoteName("b/"+to) + "\n")
			mode := "100644"
			if f.Perm != 0 {
				mode = "100" + strconv.FormatUint(uint64(f.Perm.Perm()), 8)
			}
			switch {
			case f.Kind == Add:
				b.WriteString("new file mode " + mode + "\n")
			case f.Kind == Delete:
				b.WriteString("deleted file mode " + mode + "\n")
			case f.Perm != 0:
				b.WriteString("new mode " + mode + "\n")
			}
			if f.MoveTo != "" {
				b.WriteString("rename from " + quoteName(f.Path) + "\nrename to " + quoteName(f.MoveTo) + "\n")
			}
		}
		if !body {
			continue
		}
		b.WriteString("--- " + quoteName(oldName) + "\n+++ " + quoteName(newName) + "\n")
		if f.Kind == Add {
			n := strings.Count(f.Contents, "\n")
			if !strings.HasSuffix(f.Contents, "\n") {
				n++
			}
			fmt.Fprintf(&b, "@@ -0,0 +%s @@\n", countRange(1, n))
			for line := range strings.Lines(f.Contents) {
				text, ok := strings.CutSuffix(line, "\n")
				b.WriteString("+" + text + "\n")
				if !ok {
					b.WriteString(noEOLMarker + "\n")
				}
			}
			continue
		}
		next, delta := 1, 0 // guesses for chunks without numbers
		for j := range f.Chunks {
			c := &f.Chunks[j]
			oldN, newN := 0, 0
			for _, l := range c.Lines {
				if l.Op != '+' {
					oldN++
				}
				if l.Op != '-' {
					newN++
				}
			}
			oldStart, newStart := c.OldStart, c.NewStart
			if oldStart == 0 && oldN > 0 {
				oldStart = next
			}
			if newStart == 0 && newN > 0 {
				newStart = oldStart + delta
				if oldN == 0 {
					newStart++
				}
			}
			next = oldStart + oldN
			delta += newN - oldN
			fmt.Fprintf(&b, "@@ -%s +%s @@", countRange(oldStart, oldN), countRange(newStart, newN))
			if len(c.Anchors) > 0 && c.Anchors[len(c.Anchors)-1] != "" {
				b.WriteString(" " + c.Anchors[len(c.Anchors)-1])
			}
			b.WriteByte('\n')
			for _, l := range c.Lines {
				if l.Op != ' ' && l.Op != '-' && l.Op != '+' {
					return "", &Error{Class: ClassUnsupported, Path: f.Path, Block: c.Block, Line: c.Line, Msg: fmt.Sprintf("invalid line operation %q", l.Op)}
				}
				b.WriteByte(l.Op)
				b.WriteString(l.Text + "\n")
				if l.NoEOL {
					b.WriteString(noEOLMarker + "\n")
				}
			}
		}
	}
	return b.String(), nil
}

// countRange writes a hunk range from its start and count: "l" for one
// line, "l,n" otherwise.
func countRange(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}

// quoteName quotes a file name as git does when it holds a character that
// would end or confuse the name: a control character, a quote or a
// backslash, a leading or trailing space, or bytes that are not UTF-8;
// bytes outside ASCII are then written in octal, as git does.
func quoteName(name string) string {
	needs := strings.HasPrefix(name, " ") || strings.HasSuffix(name, " ") || !utf8.ValidString(name)
	for i := 0; i < len(name) && !needs; i++ {
		c := name[i]
		needs = c < 0x20 || c == 0x7f || c == '"' || c == '\\'
	}
	if !needs {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
