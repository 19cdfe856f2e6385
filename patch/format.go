package patch

// A Format is a text format of file edits that models write.
type Format int

// The formats the package parses and renders.
const (
	// V4A is OpenAI's apply_patch format ("*** Begin Patch" …), parsed by
	// [Parse].
	V4A Format = iota + 1
	// SearchReplace is Aider's edit blocks: a path, then "<<<<<<< SEARCH",
	// old lines, "=======", new lines, ">>>>>>> REPLACE", parsed by
	// [ParseSearchReplace].
	SearchReplace
	// XML is the pseudo-XML format of OpenAI's GPT-4.1 prompting guide:
	// "<edit>", "<file>", "<old_code>", "<new_code>", parsed by [ParseXML].
	XML
	// Unified is the unified diff of diff -u and git diff, parsed by
	// [ParseUnified].
	Unified
)

// String returns "v4a", "search-replace", "xml" or "unified".
func (f Format) String() string {
	switch f {
	case V4A:
		return "v4a"
	case SearchReplace:
		return "search-replace"
	case XML:
		return "xml"
	case Unified:
		return "unified"
	}
	return "invalid"
}
