package patch

import (
	"path"
	"strings"
)

// ParseSearchReplace parses the SEARCH/REPLACE blocks of a model's reply,
// as Aider's edit format writes them, into a patch in [ReplaceMode]:
//
//	app/greet.py
//	```python
//	<<<<<<< SEARCH
//	    return "hello"
//	=======
//	    return "hello, world"
//	>>>>>>> REPLACE
//	```
//
// The reply's prose and code fences around the blocks are ignored. A block
// is a "<<<<<<< SEARCH" line, the old lines, a "=======" line, the new
// lines and a ">>>>>>> REPLACE" line; the markers of OpenAI's GPT-4.1
// prompting guide, the other way round (">>>>>>> SEARCH" …
// "<<<<<<< REPLACE"), are accepted too, and so are five to nine marker
// characters. Marker lines may be indented. The block's file is named on
// the line before its opening fence (looking back through fence lines, as
// Aider does), or on the fence line after the language ("```go app/x.go");
// surrounding "#", "*" and "`" and a final ":" are removed. A block without
// a name is for the file of the block before it.
//
// Each file of the patch holds its blocks in reply order, one [Chunk] each:
// the old lines as '-' lines, then the new lines as '+' lines. A block with
// no old lines appends to its file, or creates it. A reply without blocks
// gives a patch without files. Errors are [*Error] values of class
// ClassParse that name the block and the reply line.
func ParseSearchReplace(reply string) (*Patch, error) {
	if len(reply) > MaxPatchSize {
		return nil, errorf(ClassParse, "", 0, "reply is %d bytes, more than the limit of %d", len(reply), MaxPatchSize)
	}
	lines := replyLines(reply)
	g := newGrouper(ReplaceMode)
	name := ""
	for i := 0; i < len(lines); i++ {
		if !isSearchMarker(strings.TrimSpace(lines[i])) {
			continue
		}
		start := i
		n := g.blocks + 1
		if found := blockName(lines, i); found != "" {
			name = found
		}
		if name == "" {
			return nil, errorf(ClassParse, "", start+1, "block %d has no file name: write the file's path alone on the line before the opening fence of the block", n)
		}
		c := Chunk{Block: n, Line: start + 1}
		i++
		for ; i < len(lines) && strings.TrimSpace(lines[i]) != divider; i++ {
			if l := strings.TrimSpace(lines[i]); isSearchMarker(l) || isReplaceMarker(l) {
				return nil, errorf(ClassParse, name, i+1, "block %d: expected '%s' before '%s'", n, divider, l)
			}
			c.Lines = append(c.Lines, Line{Op: '-', Text: lines[i]})
		}
		if i == len(lines) {
			return nil, errorf(ClassParse, name, start+1, "block %d: no '%s' line after '%s'", n, divider, strings.TrimSpace(lines[start]))
		}
		i++
		for ; i < len(lines) && !isReplaceMarker(strings.TrimSpace(lines[i])); i++ {
			if l := strings.TrimSpace(lines[i]); isSearchMarker(l) || l == divider {
				return nil, errorf(ClassParse, name, i+1, "block %d: expected a REPLACE marker line before '%s'", n, l)
			}
			c.Lines = append(c.Lines, Line{Op: '+', Text: lines[i]})
		}
		if i == len(lines) {
			return nil, errorf(ClassParse, name, start+1, "block %d: no '>>>>>>> REPLACE' line after its '%s'", n, divider)
		}
		g.add(name, c)
	}
	return g.p, nil
}

const divider = "======="

// replyLines splits a reply into lines without their line breaks.
func replyLines(reply string) []string {
	lines := strings.Split(reply, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// isSearchMarker reports whether l opens a SEARCH/REPLACE block, in either
// orientation.
func isSearchMarker(l string) bool {
	rest, ok := strings.CutSuffix(l, " SEARCH")
	if !ok || len(rest) < 5 || len(rest) > 9 {
		return false
	}
	return strings.Trim(rest, "<") == "" || strings.Trim(rest, ">") == ""
}

// isReplaceMarker reports whether l closes a SEARCH/REPLACE block, in
// either orientation.
func isReplaceMarker(l string) bool {
	rest, ok := strings.CutSuffix(l, " REPLACE")
	if !ok || len(rest) < 5 || len(rest) > 9 {
		return false
	}
	return strings.Trim(rest, "<") == "" || strings.Trim(rest, ">") == ""
}

// isFence reports whether l is a code fence line.
func isFence(l string) bool {
	l = strings.TrimSpace(l)
	return strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~")
}

// blockName finds the file name of the block whose SEARCH marker is at
// lines[i]: on the closest of the three lines before it, looking back
// through fence lines only.
func blockName(lines []string, i int) string {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		l := strings.TrimSpace(lines[k])
		if isFence(l) {
			info := strings.Fields(strings.TrimLeft(l, "`~"))
			switch {
			case len(info) >= 2:
				return cleanName(info[len(info)-1])
			case len(info) == 1 && strings.ContainsAny(info[0], "./"):
				return cleanName(info[0])
			}
			continue
		}
		return fileName(l)
	}
	return ""
}

// fileName reads a file name from the line before a fence: the whole line,
// or, for a sentence ending with ':' ("Change app/x.go:"), its last word.
func fileName(l string) string {
	if l == "" || isSearchMarker(l) || isReplaceMarker(l) || l == divider {
		return ""
	}
	if strings.HasSuffix(l, ":") && strings.ContainsAny(l, " \t") {
		words := strings.Fields(l)
		l = words[len(words)-1]
	}
	return cleanName(l)
}

// cleanName removes the decoration models put around a file name.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimLeft(s, "#")
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "`*")
	s = strings.ReplaceAll(s, `\_`, "_")
	if s == "..." {
		return ""
	}
	return s
}

// grouper collects blocks into one File per path, in order of each file's
// first block.
type grouper struct {
	p      *Patch
	index  map[string]int
	blocks int
}

func newGrouper(mode Mode) *grouper {
	return &grouper{p: &Patch{Mode: mode}, index: make(map[string]int)}
}

func (g *grouper) add(name string, c Chunk) {
	g.blocks++
	key := path.Clean(name)
	i, ok := g.index[key]
	if !ok {
		i = len(g.p.Files)
		g.index[key] = i
		g.p.Files = append(g.p.Files, File{Kind: Update, Path: name, Line: c.Line})
	}
	g.p.Files[i].Chunks = append(g.p.Files[i].Chunks, c)
}

// renderSearchReplace writes p as SEARCH/REPLACE blocks, in Aider's
// orientation: for each chunk, its file's path, a fence, the block and the
// closing fence. An added file is a block with empty SEARCH lines, which
// cannot say that the file has no final line break. Deletions and moves
// cannot be said.
func renderSearchReplace(p *Patch) (string, error) {
	var b strings.Builder
	err := eachBlock(p, "SEARCH/REPLACE blocks", func(f *File, c *Chunk, old, new []string) error {
		for _, side := range [][]string{old, new} {
			for _, l := range side {
				t := strings.TrimSpace(l)
				if isSearchMarker(t) || isReplaceMarker(t) || t == divider {
					return &Error{Class: ClassUnsupported, Path: f.Path, Block: c.Block, Line: c.Line,
						Msg: "the line '" + shown(l) + "' would read as a SEARCH/REPLACE marker"}
				}
			}
		}
		ticks := 2 // one fewer than the fence
		for _, side := range [][]string{old, new} {
			for _, l := range side {
				t := strings.TrimSpace(l)
				ticks = max(ticks, len(t)-len(strings.TrimLeft(t, "`")))
			}
		}
		fence := strings.Repeat("`", ticks+1)
		b.WriteString(f.Path + "\n" + fence + "\n<<<<<<< SEARCH\n")
		for _, l := range old {
			b.WriteString(l + "\n")
		}
		b.WriteString(divider + "\n")
		for _, l := range new {
			b.WriteString(l + "\n")
		}
		b.WriteString(">>>>>>> REPLACE\n" + fence + "\n")
		return nil
	})
	return b.String(), err
}

// eachBlock calls fn with the old and new lines of every block of p: the
// chunks of its updates, and a block with no old lines for each added
// file. Deletions, moves and paths the block formats cannot carry are
// ClassUnsupported errors.
func eachBlock(p *Patch, format string, fn func(f *File, c *Chunk, old, new []string) error) error {
	for i := range p.Files {
		f := &p.Files[i]
		unsupported := func(msg string) error {
			return &Error{Class: ClassUnsupported, Path: f.Path, Line: f.Line, Msg: msg + " cannot be written as " + format}
		}
		switch {
		case f.Kind == Delete:
			return unsupported("a deleted file")
		case f.MoveTo != "":
			return unsupported("a moved file")
		case f.Path == "" || strings.ContainsAny(f.Path, "\r\n") || isFence(f.Path) || cleanName(f.Path) != f.Path ||
			strings.ContainsAny(f.Path, " \t") && strings.HasSuffix(f.Path, ":"):
			return unsupported("the path '" + shown(f.Path) + "'")
		case f.Kind == Add:
			var lines []string
			for l := range strings.Lines(f.Contents) {
				lines = append(lines, strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r"))
			}
			if err := fn(f, &Chunk{Line: f.Line}, nil, lines); err != nil {
				return err
			}
		case f.Kind == Update:
			for j := range f.Chunks {
				c := &f.Chunks[j]
				if err := fn(f, c, c.Old(), c.New()); err != nil {
					return err
				}
			}
		default:
			return unsupported("an invalid file kind")
		}
	}
	return nil
}
