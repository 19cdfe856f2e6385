package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// Tool is a tool the model may call: *[FunctionTool] or *[CustomTool] for
// code of your own, or a built-in tool run by OpenAI or by you, such as
// *[WebSearchTool], *[FileSearchTool], *[CodeInterpreterTool], *[MCPTool],
// *[ImageGenerationTool], *[ShellTool] and *[ApplyPatchTool]. Kinds this
// version does not know decode to *[Unknown].
//
// The built-in tools that users write most have constructors named after
// the tool: [WebSearch], [FileSearch], [CodeInterpreter], [MCP], [Shell]
// and [ApplyPatch]; the other tools, and your own ([FunctionTool],
// [CustomTool]), are composite literals (a handler such as [Func] or
// [CustomFunc] makes the tool it answers).
//
//wire:union Tool
type Tool interface {
	isTool()
}

// Callers of a tool, for the AllowedCallers field of tools.
const (
	CallerDirect       = "direct"       // the model calls the tool itself
	CallerProgrammatic = "programmatic" // code run by programmatic tool calling calls it
)

// FunctionTool is a function of your own that the model may call. The model
// answers with a [FunctionCall] whose arguments match Parameters, a JSON
// Schema; with Strict they always do, and the schema must follow the
// strict-mode rules.
//
//wire:variant Tool function
type FunctionTool struct {
	Name        string `json:"name"`
	Description string `json:"description,omitzero"`
	// Parameters is the JSON Schema of the arguments object.
	Parameters json.RawMessage `json:"parameters,omitzero"`
	// Strict holds the arguments to Parameters exactly; nil leaves the
	// choice to the API, which uses strict mode when the schema allows it.
	Strict *bool `json:"strict,omitzero"`
	// DeferLoading leaves the tool out of the model's context until tool
	// search finds it (see [ToolSearchTool]).
	DeferLoading bool `json:"defer_loading,omitzero"`
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	// OutputSchema is the JSON Schema of the JSON value that the function's
	// string outputs hold.
	OutputSchema json.RawMessage `json:"output_schema,omitzero"`
	// Async lets the function's output arrive in a later request instead of
	// the next one.
	Async bool `json:"async,omitzero"`
	meta  wire.Meta
}

// ProgrammaticToolCallingTool lets the model write code that calls your
// tools (those whose AllowedCallers include [CallerProgrammatic]).
//
//wire:variant Tool programmatic_tool_calling
type ProgrammaticToolCallingTool struct {
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[Tool](wire.Union{
		Key:     "type",
		Types:   toolVariants,
		Unknown: (*Unknown)(nil),
	})
}
