package responses

import "github.com/respkit/respkit/internal/wire"

// ToolChoice says which tools the model may or must call: a [ToolChoiceMode]
// ("auto", "none", "required"); *[ToolChoiceAllowed] to narrow the tools
// down; or one tool it must call: *[ToolChoiceFunction],
// *[ToolChoiceCustom], *[ToolChoiceMCP] or *[ToolChoiceHosted] for a
// built-in tool. Kinds this version does not know decode to *[Unknown].
//
//wire:union ToolChoice
type ToolChoice interface {
	isToolChoice()
}

// ToolChoiceMode is a tool choice given as a plain string.
//
//wire:variant ToolChoice
type ToolChoiceMode string

// Tool choice modes.
const (
	ToolChoiceAuto     ToolChoiceMode = "auto"     // the model decides
	ToolChoiceNone     ToolChoiceMode = "none"     // no tool calls
	ToolChoiceRequired ToolChoiceMode = "required" // at least one tool call
)

// ToolChoiceAllowed restricts the model to some of the request's tools.
//
//wire:variant ToolChoice allowed_tools
type ToolChoiceAllowed struct {
	// Mode is [ToolChoiceAuto] (the model may also answer without a tool)
	// or [ToolChoiceRequired].
	Mode ToolChoiceMode `json:"mode"`
	// Tools names the allowed tools: the tools themselves, or just enough
	// of them to identify them, such as &FunctionTool{Name: "get_weather"},
	// &MCPTool{ServerLabel: "deepwiki"} or &ImageGenerationTool{}.
	Tools []Tool `json:"tools"`
	meta  wire.Meta
}

// ToolChoiceFunction makes the model call the function Name.
//
//wire:variant ToolChoice function
type ToolChoiceFunction struct {
	Name string `json:"name"`
	meta wire.Meta
}

// ToolChoiceCustom makes the model call the custom tool Name.
//
//wire:variant ToolChoice custom
type ToolChoiceCustom struct {
	Name string `json:"name"`
	meta wire.Meta
}

// ToolChoiceMCP makes the model call a tool of the MCP server ServerLabel:
// the tool Name, or any of its tools when Name is empty.
//
//wire:variant ToolChoice mcp
type ToolChoiceMCP struct {
	ServerLabel string `json:"server_label,omitzero"`
	Name        string `json:"name,omitzero"`
	meta        wire.Meta
}

// ToolChoiceHosted makes the model call the built-in tool of the given Type.
//
//wire:variant ToolChoice file_search web_search_preview web_search_preview_2025_03_11 computer computer_use computer_use_preview code_interpreter image_generation apply_patch shell programmatic_tool_calling
type ToolChoiceHosted struct {
	// Type is "file_search", "web_search_preview" (or its dated
	// "web_search_preview_2025_03_11"), "computer", "computer_use",
	// "computer_use_preview", "code_interpreter", "image_generation",
	// "apply_patch", "shell" or "programmatic_tool_calling".
	Type string `json:"type,omitzero" wire:"strict"`
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[ToolChoice](wire.Union{
		Key:     "type",
		Types:   toolChoiceVariants,
		Unknown: (*Unknown)(nil),
		String:  func(s string) any { return ToolChoiceMode(s) },
	})
}
