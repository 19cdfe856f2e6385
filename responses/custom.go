package responses

import "github.com/respkit/respkit/internal/wire"

// CustomToolCall is the model's call of a custom tool: free-form text input,
// optionally constrained by a grammar. Answer it with a [CustomToolCallOutput]
// that has the same CallID.
//
//wire:variant Item custom_tool_call
type CustomToolCall struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Namespace is the namespace of the tool, for tools in a namespace.
	Namespace string `json:"namespace,omitzero"`
	Name      string `json:"name"`
	// Input is the text the model wrote for the tool.
	Input string `json:"input"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Async     bool        `json:"async,omitzero"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

// CustomToolCallOutput is the result of a [CustomToolCall], sent back to the
// model in the next request.
//
//wire:variant Item custom_tool_call_output
type CustomToolCallOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Output is plain text (see [PlainText]) or a list of *[InputText],
	// *[InputImage] and *[InputFile] parts.
	Output Content `json:"output"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

// CustomOutput returns the output item that answers the custom tool call
// with callID with the plain text output.
func CustomOutput(callID, output string) *CustomToolCallOutput {
	return &CustomToolCallOutput{CallID: callID, Output: PlainText(output)}
}
