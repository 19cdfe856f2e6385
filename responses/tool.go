package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// Tool is a tool the model may call: *[FunctionTool] for a function of your
// own, or one of the built-in tools. Kinds this version does not know decode
// to *[Unknown].
//
//wire:union Tool
type Tool interface {
	isTool()
}

// FunctionTool is a function of your own that the model may call. The model
// answers with a [FunctionCall] whose arguments match Parameters, a JSON
// Schema; with Strict they always do, and the schema must follow the
// strict-mode rules.
//
//wire:variant Tool function
type FunctionTool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitzero"`
	Parameters  json.RawMessage `json:"parameters"`
	Strict      *bool           `json:"strict"`
	// DeferLoading leaves the tool out of the model's context until tool
	// search finds it.
	DeferLoading bool `json:"defer_loading,omitzero"`
	// AllowedCallers is "direct" (the model), "programmatic" or both.
	AllowedCallers []string        `json:"allowed_callers,omitzero"`
	OutputSchema   json.RawMessage `json:"output_schema,omitzero"`
	Async          bool            `json:"async,omitzero"`
	meta           wire.Meta
}

// ToolChoice says which tools the model may or must call: a [ToolChoiceMode]
// ("auto", "none", "required"), or a specific tool such as
// *[ToolChoiceFunction]. Kinds this version does not know decode to
// *[Unknown].
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

// ToolChoiceFunction makes the model call the function Name.
//
//wire:variant ToolChoice function
type ToolChoiceFunction struct {
	Name string `json:"name"`
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[Tool](wire.Union{
		Key:     "type",
		Types:   toolVariants,
		Unknown: (*Unknown)(nil),
	})
	wire.RegisterUnion[ToolChoice](wire.Union{
		Key:     "type",
		Types:   toolChoiceVariants,
		Unknown: (*Unknown)(nil),
		String:  func(s string) any { return ToolChoiceMode(s) },
	})
}
