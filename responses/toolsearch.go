package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// ToolSearchCall is the model's search for tools whose loading was deferred
// (see [FunctionTool.DeferLoading]). With Execution "server" the API runs it;
// with "client" you answer it with a [ToolSearchOutput] that has the same
// CallID.
//
//wire:variant Item tool_search_call
type ToolSearchCall struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id,omitzero" wire:"strict"`
	// Execution is "server" or "client".
	Execution string `json:"execution,omitzero"`
	// Arguments is the JSON object of the search's arguments, such as
	// {"queries": […]}.
	Arguments json.RawMessage `json:"arguments,omitzero" wire:"strict"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status `json:"status,omitzero" wire:"strict"`
	CreatedBy string `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ToolSearchOutput is the result of a [ToolSearchCall]: the tools found,
// which the model may call from then on.
//
//wire:variant Item tool_search_output
type ToolSearchOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id,omitzero" wire:"strict"`
	// Execution is "server" or "client".
	Execution string `json:"execution,omitzero"`
	Tools     []Tool `json:"tools"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status `json:"status,omitzero" wire:"strict"`
	CreatedBy string `json:"created_by,omitzero"`
	meta      wire.Meta
}

// AdditionalTools makes more tools available to the model from this point of
// the conversation on.
//
//wire:variant Item additional_tools
type AdditionalTools struct {
	ID string `json:"id,omitzero" wire:"strict"`
	// Role is "developer" in input.
	Role  Role   `json:"role"`
	Tools []Tool `json:"tools"`
	meta  wire.Meta
}

// ConfigurationUpdate changes the reasoning effort or the text format from
// this point of the conversation on.
//
//wire:variant Item configuration_update
type ConfigurationUpdate struct {
	ID string `json:"id,omitzero" wire:"strict"`
	// Reasoning sets Effort only.
	Reasoning *Reasoning `json:"reasoning,omitzero"`
	// Text sets Format only.
	Text *TextConfig `json:"text,omitzero"`
	meta wire.Meta
}
