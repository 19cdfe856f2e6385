package responses

import (
	"context"
	"errors"
	"os"

	"github.com/respkit/respkit/patch"
)

// EditTool returns a custom tool through which the model edits files in
// format f: V4A patches (named "apply_patch", as Codex names it),
// SEARCH/REPLACE blocks ("search_replace"), pseudo-XML edits ("xml_edit")
// or unified diffs ("unified_diff"). Its description teaches the format
// with a worked example ([patch.Format.Instructions]) and its Lark grammar
// ([patch.Format.Grammar]) holds the model's input to it. [EditIn] makes
// its handler.
//
// EditTool panics if f is not one of the formats of package patch.
func EditTool(f patch.Format) *CustomTool {
	name, ok := editToolNames[f]
	if !ok {
		panic("responses: EditTool called with an unknown patch format")
	}
	return &CustomTool{
		Name: name,
		Description: "Edits the files of the project. This is a FREEFORM tool: its input is the edits " +
			"as raw text, not JSON, and nothing else.\n\n" + f.Instructions(),
		Format: &Grammar{Syntax: SyntaxLark, Definition: f.Grammar()},
	}
}

var editToolNames = map[patch.Format]string{
	patch.V4A:           "apply_patch",
	patch.SearchReplace: "search_replace",
	patch.XML:           "xml_edit",
	patch.Unified:       "unified_diff",
}

// EditIn returns the handler of [EditTool](f) that parses each call's
// input ([patch.Parse] for V4A, [patch.Extract] for the other formats) and
// applies its edits to the files of root with [patch.ApplyPartial]: never
// outside root, and every block that applies is written. A call whose
// edits all apply is answered with the files changed, as Codex answers
// ("Success. Updated the following files:" then "A path", "M path" or
// "D path"); otherwise with the error's text, which names each failed
// block, why it failed and the closest lines of the file, and tells the
// model not to resend the blocks that applied. The calls of a turn are
// applied one at a time, in call order.
//
// EditIn panics if root is nil or f is not one of the formats of package
// patch.
func EditIn(root *os.Root, f patch.Format) Handler {
	if root == nil {
		panic("responses: EditIn called with a nil root")
	}
	tool := EditTool(f)
	return &editHandler{customHandler{tool: tool, fn: func(_ context.Context, input string) (string, error) {
		p, err := parseEdit(input, f)
		if err != nil {
			return "", err
		}
		res, err := patch.ApplyPartial(root, p)
		if be, ok := errors.AsType[*patch.BlockError](err); ok && be.Written {
			return "Updated the following files:\n" + res.String() + "\n" + err.Error(), nil
		}
		if err != nil {
			return "", err
		}
		return "Success. Updated the following files:\n" + res.String(), nil
	}}}
}

// editHandler is a customHandler whose calls run in call order.
type editHandler struct{ customHandler }

func (*editHandler) inOrder() {}

// parseEdit parses the input of an edit tool call. A V4A input is one
// patch, read with [patch.Parse]: [patch.Extract] would end it at the
// first line that reads "*** End Patch", even at a context line of a file
// that holds such a line.
func parseEdit(input string, f patch.Format) (*patch.Patch, error) {
	if f == patch.V4A {
		return patch.Parse(input)
	}
	return patch.Extract(input, f)
}
