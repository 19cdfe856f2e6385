package patch

import (
	"fmt"
	"strings"
)

// Render writes p in format f. A patch of any format renders in any other,
// within what the target can say: SEARCH/REPLACE blocks and XML edits
// cannot delete or move a file, and a unified diff of a chunk without line
// numbers (from V4A or SEARCH/REPLACE) names line 1, which git apply and
// [ParseUnified] take as a hint only. What f cannot say is an [*Error] of
// class ClassUnsupported.
//
// For each format's own patches, parsing what Render writes gives back the
// same patch, except for the Line fields.
func (p *Patch) Render(f Format) (string, error) {
	switch f {
	case V4A:
		return p.String(), nil
	case SearchReplace:
		return renderSearchReplace(p)
	case XML:
		return renderXML(p)
	case Unified:
		return renderUnified(p)
	}
	return "", &Error{Class: ClassUnsupported, Msg: fmt.Sprintf("unknown format %d", int(f))}
}

// Detect returns the format of the first edit in a model's reply: a
// "*** Begin Patch" line (V4A), a SEARCH marker line (SearchReplace), an
// "<edit>" tag (XML), or a "--- " line followed by "+++ ", or a
// "diff --git" line (Unified). It returns 0 if the reply holds none.
func Detect(reply string) Format {
	prev := ""
	for line := range strings.Lines(reply) {
		l := strings.TrimSpace(line)
		switch {
		case l == beginMarker:
			return V4A
		case isSearchMarker(l):
			return SearchReplace
		case strings.HasPrefix(l, "<edit>"):
			return XML
		case strings.HasPrefix(l, "diff --git "),
			strings.HasPrefix(l, "+++ ") && strings.HasPrefix(prev, "--- "):
			return Unified
		}
		prev = l
	}
	return 0
}

// Extract returns the edits of format f in a model's whole reply, prose and
// code fences around them ignored; with f 0 the format is the one [Detect]
// finds. A reply without edits is an [*Error] of class ClassEmptyPatch.
//
// V4A patches are taken from their "*** Begin Patch" line to their
// "*** End Patch" line; several patches in one reply make one Patch. Line
// numbers in the patch and in errors count from the reply's first line.
func Extract(reply string, f Format) (*Patch, error) {
	if len(reply) > MaxPatchSize {
		return nil, errorf(ClassParse, "", 0, "reply is %d bytes, more than the limit of %d", len(reply), MaxPatchSize)
	}
	if f == 0 {
		if f = Detect(reply); f == 0 {
			return nil, &Error{Class: ClassEmptyPatch, Msg: "the reply holds no edits: no V4A patch, SEARCH/REPLACE block, <edit> element or unified diff"}
		}
	}
	var (
		p   *Patch
		err error
	)
	switch f {
	case V4A:
		p, err = extractV4A(reply)
	case SearchReplace:
		p, err = ParseSearchReplace(reply)
	case XML:
		p, err = ParseXML(reply)
	case Unified:
		p, err = ParseUnified(reply)
	default:
		return nil, &Error{Class: ClassUnsupported, Msg: fmt.Sprintf("unknown format %d", int(f))}
	}
	if err != nil {
		return nil, err
	}
	if len(p.Files) == 0 {
		return nil, &Error{Class: ClassEmptyPatch, Msg: fmt.Sprintf("the reply holds no edits in the %s format", f)}
	}
	return p, nil
}

// extractV4A parses every "*** Begin Patch" … "*** End Patch" of reply.
func extractV4A(reply string) (*Patch, error) {
	out := &Patch{Mode: PatchMode}
	lines := strings.SplitAfter(reply, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != beginMarker {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != endMarker {
			j++
		}
		if j == len(lines) {
			return nil, errorf(ClassParse, "", len(lines), "the patch that starts at line %d has no '%s' line", i+1, endMarker)
		}
		p, err := Parse(strings.Join(lines[i:j+1], ""))
		if err != nil {
			if e, ok := err.(*Error); ok && e.Line > 0 {
				e.Line += i
			}
			return nil, err
		}
		for k := range p.Files {
			f := &p.Files[k]
			f.Line += i
			for c := range f.Chunks {
				f.Chunks[c].Line += i
			}
		}
		if out.EnvironmentID == "" {
			out.EnvironmentID = p.EnvironmentID
		}
		out.Files = append(out.Files, p.Files...)
		i = j
	}
	return out, nil
}
