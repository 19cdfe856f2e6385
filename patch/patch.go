package patch

import (
	"io/fs"
	"strings"
)

// Limits on the input a patch may bring in. A patch or a file over a limit is
// refused with an [*Error] before anything is written.
const (
	// MaxPatchSize is the largest patch text (or operation diff) accepted, in bytes.
	MaxPatchSize = 8 << 20
	// MaxFileSize is the largest file a patch may read or write, in bytes.
	MaxFileSize = 16 << 20
	// MaxTotalSize is the largest number of bytes one Apply or DryRun may read
	// and write in all, summed over every file it touches.
	MaxTotalSize = 128 << 20
)

// A Mode selects which reference engine's rules an update follows. The two
// references disagree on a few points (see the package documentation); a
// [Patch] records the rules it was parsed for.
type Mode int

const (
	// PatchMode follows Codex's apply_patch engine. It is the mode of every
	// patch returned by [Parse]: "*** Begin Patch" texts sent by GPT-4.1-style
	// function calls and by the freeform apply_patch tool.
	PatchMode Mode = iota
	// OperationMode follows the Agents SDK's apply_diff helper, the reference
	// OpenAI names for the operations of the built-in apply_patch tool. It is
	// the mode of every patch returned by [ParseOperation].
	OperationMode
	// ReplaceMode follows Aider's SEARCH/REPLACE engine. It is the mode of
	// every patch returned by [ParseSearchReplace] and [ParseXML]: each chunk
	// is a block of old lines, found anywhere in the file (once, unless
	// [Patch.FirstMatch] is set), replaced by its new lines, each block
	// applied to the result of the ones before it.
	ReplaceMode
	// UnifiedMode follows git apply. It is the mode of every patch returned
	// by [ParseUnified]: each chunk is a hunk placed by its context lines,
	// nearest to the line its header names.
	UnifiedMode
)

// String returns "patch", "operation", "replace" or "unified".
func (m Mode) String() string {
	switch m {
	case OperationMode:
		return "operation"
	case ReplaceMode:
		return "replace"
	case UnifiedMode:
		return "unified"
	}
	return "patch"
}

// A Kind says what a [File] does to its path.
type Kind int

// The kinds of file change.
const (
	Add Kind = iota + 1
	Delete
	Update
)

// String returns "add", "delete" or "update".
func (k Kind) String() string {
	switch k {
	case Add:
		return "add"
	case Delete:
		return "delete"
	case Update:
		return "update"
	}
	return "invalid"
}

// A Patch is a parsed V4A patch: an ordered list of file changes.
// Apply it with [Apply], or compute its result without writing with [DryRun].
type Patch struct {
	// Mode says which engine's rules apply when the patch is applied.
	Mode Mode
	// EnvironmentID is the value of a Codex "*** Environment ID:" line, or "".
	// The package does not act on it: a caller that runs several environments
	// must check it before applying the patch.
	EnvironmentID string
	// Files holds one entry per "*** Add File", "*** Delete File" or
	// "*** Update File" section, in patch order. Patches of the other
	// formats hold one entry per file, in the order of each file's first
	// block.
	Files []File
	// FirstMatch, in ReplaceMode, lets a block whose old lines occur more
	// than once in the file replace the first occurrence; otherwise such a
	// block fails and the error lists where the lines occur.
	FirstMatch bool

	// crlf records that an operation diff used CRLF line breaks: an update of
	// a file that has no line break at all then inserts CRLF, as the Agents
	// SDK does.
	crlf bool
}

// A File is the change a patch makes to one file.
type File struct {
	Kind Kind
	// Path is the file's path as written in the patch: relative to the root,
	// with forward slashes. It is checked only when the patch is applied.
	Path string
	// MoveTo is the destination of an Update that renames the file ("*** Move
	// to:"), or "".
	MoveTo string
	// Contents is the text of an Add. In a full patch every "+" line ends with
	// "\n"; a create_file operation joins its lines and adds no final line
	// break unless the diff ends with a bare "+" line.
	Contents string
	// Chunks are the edits of an Update, in the order they must be found.
	Chunks []Chunk
	// Perm is the permission bits a unified diff's git header gives the
	// file ("new file mode 100755", "new mode 100644"), or 0 to keep the
	// file's own (or the default of a new file).
	Perm fs.FileMode
	// Line is the 1-based line of the section's header in the patch text,
	// or 0 for an operation, which has no header.
	Line int
}

// A Chunk is one "@@" section of an Update: lines of context to find in the
// file, lines to remove and lines to add.
type Chunk struct {
	// Anchors holds the text after each "@@ " header line, in order; a bare
	// "@@" contributes "". Before the chunk's lines are searched, each
	// non-blank anchor is searched for as a whole line and the search moves
	// past it. Anchors is nil for a first chunk written without a header.
	Anchors []string
	// Lines are the chunk's lines in order.
	Lines []Line
	// EndOfFile reports a "*** End of File" marker: the chunk's old lines
	// must be the last lines of the file.
	EndOfFile bool
	// OldStart and NewStart are the 1-based line numbers a unified diff's
	// hunk header gives for the old and new lines ("@@ -OldStart,n
	// +NewStart,m @@"), or 0 when the header has none. They are hints:
	// a hunk is placed by its lines, nearest to OldStart.
	OldStart, NewStart int
	// Block is the 1-based position of the chunk among all the blocks or
	// hunks of the reply it was parsed from, in reply order, which errors
	// quote so that a model knows which block to resend. The parsers of
	// SEARCH/REPLACE, XML and unified diffs set it; V4A leaves it 0.
	Block int
	// Line is the 1-based line in the patch text where the chunk starts.
	Line int
}

// A Line is one line of a [Chunk].
type Line struct {
	// Op is ' ' for context (kept), '-' for a removed line, '+' for an added line.
	Op byte
	// Text is the line without its prefix and without a line break.
	Text string
	// NoEOL reports that the line is the last of its file and has no line
	// break, as a unified diff's "\\ No newline at end of file" says: of the
	// old file for a '-' line, of the new file for a '+' line, of both for a
	// context line.
	NoEOL bool
}

// Old returns the lines the chunk expects in the file: its context and
// removed lines, in order.
func (c *Chunk) Old() []string { return c.side('+') }

// New returns the lines the chunk leaves in the file: its context and added
// lines, in order.
func (c *Chunk) New() []string { return c.side('-') }

func (c *Chunk) side(skip byte) []string {
	var out []string
	for _, l := range c.Lines {
		if l.Op != skip {
			out = append(out, l.Text)
		}
	}
	return out
}

// String renders the patch as V4A text: "*** Begin Patch", the file sections,
// "*** End Patch", each line ended by "\n". [Parse] of that text gives back an
// equal patch (except for Line fields) when p came from Parse.
func (p *Patch) String() string {
	var b strings.Builder
	b.WriteString(beginMarker + "\n")
	if p.EnvironmentID != "" {
		b.WriteString(envMarker + p.EnvironmentID + "\n")
	}
	for i := range p.Files {
		f := &p.Files[i]
		switch f.Kind {
		case Add:
			b.WriteString(addMarker + f.Path + "\n")
			for line := range strings.Lines(f.Contents) {
				b.WriteString("+" + strings.TrimSuffix(line, "\n") + "\n")
			}
		case Delete:
			b.WriteString(deleteMarker + f.Path + "\n")
		case Update:
			b.WriteString(updateMarker + f.Path + "\n")
			if f.MoveTo != "" {
				b.WriteString(moveMarker + f.MoveTo + "\n")
			}
			for j := range f.Chunks {
				c := &f.Chunks[j]
				if j > 0 && len(c.Anchors) == 0 {
					b.WriteString("@@\n")
				}
				for _, a := range c.Anchors {
					if a == "" {
						b.WriteString("@@\n")
					} else {
						b.WriteString("@@ " + a + "\n")
					}
				}
				for _, l := range c.Lines {
					b.WriteByte(l.Op)
					b.WriteString(l.Text + "\n")
				}
				if c.EndOfFile {
					b.WriteString(eofMarker + "\n")
				}
			}
		}
	}
	b.WriteString(endMarker + "\n")
	return b.String()
}
