package patch

import (
	"strings"
)

// ParseXML parses the pseudo-XML edits of OpenAI's GPT-4.1 prompting guide
// in a model's reply into a patch in [ReplaceMode]:
//
//	<edit>
//	<file>
//	app/greet.py
//	</file>
//	<old_code>
//	    return "hello"
//	</old_code>
//	<new_code>
//	    return "hello, world"
//	</new_code>
//	</edit>
//
// Text outside the <edit> elements is ignored. There is no escaping: the
// old and new code are the lines between their tags, taken as written; a
// tag and its content may also share a line ("<file>app/x.py</file>"). An
// edit is applied as a SEARCH/REPLACE block (see [ParseSearchReplace]): an
// empty <old_code> appends to the file, or creates it. Errors are [*Error]
// values of class ClassParse that name the edit and the reply line.
func ParseXML(reply string) (*Patch, error) {
	if len(reply) > MaxPatchSize {
		return nil, errorf(ClassParse, "", 0, "reply is %d bytes, more than the limit of %d", len(reply), MaxPatchSize)
	}
	lines := replyLines(reply)
	g := newGrouper(ReplaceMode)
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), "<edit>") {
			continue
		}
		start := i
		n := g.blocks + 1
		fail := func(line int, format string, args ...any) error {
			return errorf(ClassParse, "", line+1, "edit %d: "+format, append([]any{n}, args...)...)
		}
		var (
			name     string
			old, new []string
			seen     = map[string]bool{}
		)
		// The rest of the <edit> line may hold the first element.
		lines[i] = strings.TrimPrefix(strings.TrimSpace(lines[i]), "<edit>")
		for ; ; i++ {
			if i == len(lines) {
				return nil, fail(start, "no </edit> line")
			}
			l := strings.TrimSpace(lines[i])
			if l == "" {
				continue
			}
			if strings.HasPrefix(l, "</edit>") {
				break
			}
			if strings.HasPrefix(l, "<edit>") {
				return nil, fail(i, "a new <edit> before </edit>")
			}
			tag := ""
			for _, t := range []string{"file", "old_code", "new_code"} {
				if strings.HasPrefix(l, "<"+t+">") {
					tag = t
				}
			}
			if tag == "" {
				continue // text between elements
			}
			if seen[tag] {
				return nil, fail(i, "a second <%s> element", tag)
			}
			seen[tag] = true
			content, end, ok := element(lines, i, tag)
			if !ok {
				return nil, fail(i, "no </%s> after <%s>", tag, tag)
			}
			i = end
			switch tag {
			case "file":
				name = strings.TrimSpace(strings.Join(content, "\n"))
				if name == "" || strings.Contains(name, "\n") {
					return nil, fail(i, "the <file> element must hold one path")
				}
			case "old_code":
				old = content
			case "new_code":
				new = content
			}
		}
		for _, t := range []string{"file", "old_code", "new_code"} {
			if !seen[t] {
				return nil, fail(start, "no <%s> element", t)
			}
		}
		c := Chunk{Block: n, Line: start + 1}
		for _, l := range old {
			c.Lines = append(c.Lines, Line{Op: '-', Text: l})
		}
		for _, l := range new {
			c.Lines = append(c.Lines, Line{Op: '+', Text: l})
		}
		g.add(name, c)
	}
	return g.p, nil
}

// element returns the lines of the element <tag> that opens on lines[i]:
// the rest of the opening line (if any), the lines up to the one holding
// the closing tag, and the part of that line before it. It returns the
// index of the closing line.
func element(lines []string, i int, tag string) ([]string, int, bool) {
	open, closing := "<"+tag+">", "</"+tag+">"
	first := strings.TrimSpace(lines[i])[len(open):]
	if before, _, ok := strings.Cut(first, closing); ok {
		if before == "" {
			return nil, i, true
		}
		return []string{before}, i, true
	}
	var out []string
	if strings.TrimSpace(first) != "" {
		out = append(out, first)
	}
	for k := i + 1; k < len(lines); k++ {
		if before, _, ok := strings.Cut(lines[k], closing); ok {
			if strings.TrimSpace(before) != "" {
				out = append(out, before)
			}
			return out, k, true
		}
		out = append(out, lines[k])
	}
	return nil, 0, false
}

// renderXML writes p as pseudo-XML edits, one tag per line. Deletions and
// moves cannot be said, nor a line holding the closing tag of its element.
func renderXML(p *Patch) (string, error) {
	var b strings.Builder
	err := eachBlock(p, "XML edits", func(f *File, c *Chunk, old, new []string) error {
		if strings.Contains(f.Path, "</file>") || strings.Contains(f.Path, "<") {
			return &Error{Class: ClassUnsupported, Path: f.Path, Line: f.Line, Msg: "the path cannot be written in a <file> element"}
		}
		for _, side := range []struct {
			tag   string
			lines []string
		}{{"old_code", old}, {"new_code", new}} {
			for _, l := range side.lines {
				if strings.Contains(l, "</"+side.tag+">") {
					return &Error{Class: ClassUnsupported, Path: f.Path, Block: c.Block, Line: c.Line,
						Msg: "the line '" + shown(l) + "' holds the closing tag of its <" + side.tag + "> element"}
				}
			}
		}
		b.WriteString("<edit>\n<file>\n" + f.Path + "\n</file>\n<old_code>\n")
		for _, l := range old {
			b.WriteString(l + "\n")
		}
		b.WriteString("</old_code>\n<new_code>\n")
		for _, l := range new {
			b.WriteString(l + "\n")
		}
		b.WriteString("</new_code>\n</edit>\n")
		return nil
	})
	return b.String(), err
}
