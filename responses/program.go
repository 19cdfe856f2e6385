package responses

import "github.com/respkit/respkit/internal/wire"

// Program is code the model wrote to call tools programmatically (see
// [ToolCaller]); the tool calls it makes name it by CallID.
//
//wire:variant Item program
type Program struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id,omitzero" wire:"strict"`
	Code   string `json:"code,omitzero"`
	// Fingerprint identifies the program's run; send it back unchanged.
	Fingerprint string `json:"fingerprint,omitzero"`
	meta        wire.Meta
}

// ProgramOutput is the result of a [Program].
//
//wire:variant Item program_output
type ProgramOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id,omitzero" wire:"strict"`
	Result string `json:"result,omitzero"`
	// Status is "completed" or "incomplete".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}
