package responses

import "github.com/respkit/respkit/internal/wire"

// CustomTool is a tool of your own whose input is free text rather than JSON
// arguments, optionally held to a grammar by Format. The model answers with
// a custom tool call holding that text. Like a [FunctionTool], it is written
// as a composite literal:
//
//	sql := &responses.CustomTool{
//		Name:        "sql",
//		Description: "Query the database.",
//		Format:      &responses.Grammar{Syntax: responses.SyntaxRegex, Definition: `SELECT \w+ FROM \w+`},
//	}
//
//wire:variant Tool custom
type CustomTool struct {
	Name        string `json:"name"`
	Description string `json:"description,omitzero"`
	// Format is *[FormatText] (any text, the default) or *[Grammar].
	Format CustomFormat `json:"format,omitzero"`
	// DeferLoading leaves the tool out of the model's context until tool
	// search finds it (see [ToolSearchTool]).
	DeferLoading bool `json:"defer_loading,omitzero"`
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	// Async lets the tool's output arrive in a later request instead of the
	// next one.
	Async bool `json:"async,omitzero"`
	meta  wire.Meta
}

// CustomFormat is the input format of a [CustomTool]: *[FormatText] or
// *[Grammar]. Kinds this version does not know decode to *[Unknown].
//
//wire:union CustomFormat
type CustomFormat interface {
	isCustomFormat()
}

// Grammar holds the input of a [CustomTool] to a grammar.
//
//wire:variant CustomFormat grammar
type Grammar struct {
	// Syntax is [SyntaxLark] or [SyntaxRegex].
	Syntax     string `json:"syntax"`
	Definition string `json:"definition"`
	meta       wire.Meta
}

// Syntaxes of a [Grammar].
const (
	SyntaxLark  = "lark"  // a Lark grammar
	SyntaxRegex = "regex" // a regular expression
)

func init() {
	wire.RegisterUnion[CustomFormat](wire.Union{
		Key:     "type",
		Types:   customFormatVariants,
		Unknown: (*Unknown)(nil),
	})
}
