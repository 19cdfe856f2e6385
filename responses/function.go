package responses

import "github.com/respkit/respkit/internal/wire"

// FunctionCall is the model's call of a function tool. Answer it with a
// [FunctionCallOutput] that has the same CallID.
//
//wire:variant Item function_call
type FunctionCall struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Namespace is the namespace of the tool, for tools in a namespace.
	Namespace string `json:"namespace,omitzero"`
	Name      string `json:"name"`
	// Arguments is the JSON object of arguments, as the model wrote it.
	Arguments string `json:"arguments" wire:"strict"`
	// Status is "in_progress", "completed" or "incomplete".
	Status Status      `json:"status,omitzero" wire:"strict"`
	Async  bool        `json:"async,omitzero"`
	Caller *ToolCaller `json:"caller,omitzero"`
	// CreatedBy identifies the actor that created the item, in listings.
	CreatedBy string `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ToolCaller says who called a tool: "direct" (the model) or "program" (code
// run by programmatic tool calling, identified by CallerID).
type ToolCaller struct {
	Type     string `json:"type" wire:"strict"`
	CallerID string `json:"caller_id,omitzero"`
	meta     wire.Meta
}

// FunctionCallOutput is the result of a [FunctionCall], sent back to the
// model in the next request.
//
//wire:variant Item function_call_output
type FunctionCallOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Output is the result: usually plain text (see [PlainText]), or a list
	// of *[InputText], *[InputImage] and *[InputFile] parts.
	Output Content `json:"output"`
	// Name and Namespace name the tool that produced the output.
	Name      string `json:"name,omitzero"`
	Namespace string `json:"namespace,omitzero"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

// FunctionOutput returns the output item that answers the call with callID
// with the plain text output.
func FunctionOutput(callID, output string) *FunctionCallOutput {
	return &FunctionCallOutput{CallID: callID, Output: PlainText(output)}
}
