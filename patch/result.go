package patch

import "strings"

// Result describes what a patch did or, from [DryRun], would do.
type Result struct {
	// Changes holds one entry per file of the patch, in patch order.
	Changes []Change
}

// A Change is the effect of one file section on the folder.
type Change struct {
	// Kind is Add, Delete or Update; a move is an Update with MoveTo set.
	Kind Kind
	// Path is the file's path relative to the root, cleaned ("./a//b" is "a/b").
	Path string
	// MoveTo is the destination of a move, cleaned, or "".
	MoveTo string
	// Old and New are the file's contents before and after. Old is "" for an
	// added file that did not exist; New is "" for a deleted file.
	Old, New string
	// Overwritten reports that an added file, or the destination of a move,
	// already existed and was replaced. For a move, the replaced content is
	// not in Old.
	Overwritten bool

	spans []span // where Old and New differ
}

// String lists the changes as Codex reports them, one per line: "A path" for
// an added file, "M path" for an updated one (its destination for a move),
// "D path" for a deleted one; added files first, then updated, then deleted.
func (r *Result) String() string {
	var b strings.Builder
	for _, want := range []Kind{Add, Update, Delete} {
		for _, c := range r.Changes {
			if c.Kind != want {
				continue
			}
			switch c.Kind {
			case Add:
				b.WriteString("A " + c.Path + "\n")
			case Update:
				if c.MoveTo != "" {
					b.WriteString("M " + c.MoveTo + "\n")
				} else {
					b.WriteString("M " + c.Path + "\n")
				}
			case Delete:
				b.WriteString("D " + c.Path + "\n")
			}
		}
	}
	return b.String()
}

// Diff renders every change as a unified diff ("--- a/path", "+++ b/path",
// "@@ -l,n +l,n @@" hunks with three lines of context), in patch order.
// An added file is compared with /dev/null, a deleted file with /dev/null;
// a moved file is shown from its old path to its new one. A file whose
// content did not change shows no hunk. Lines keep their own line breaks; a
// missing final line break is marked "\ No newline at end of file".
func (r *Result) Diff() string {
	var b strings.Builder
	for i := range r.Changes {
		r.Changes[i].writeDiff(&b)
	}
	return b.String()
}
