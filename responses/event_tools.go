package responses

import "github.com/respkit/respkit/internal/wire"

// FunctionCallArgumentsDeltaEvent carries the next piece of the arguments of
// the *[FunctionCall] ItemID.
//
//wire:variant Event response.function_call_arguments.delta
type FunctionCallArgumentsDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// FunctionCallArgumentsDoneEvent carries the whole arguments (a JSON
// object) of the *[FunctionCall] ItemID.
//
//wire:variant Event response.function_call_arguments.done
type FunctionCallArgumentsDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	// Name is the function's name; the API documents it, but recorded
	// streams do not always carry it: the item has it too.
	Name      string `json:"name,omitzero"`
	Arguments string `json:"arguments,omitzero" wire:"strict"`
	meta      wire.Meta
}

// CustomToolCallInputDeltaEvent carries the next piece of the input of a
// custom tool call.
//
//wire:variant Event response.custom_tool_call_input.delta
type CustomToolCallInputDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// CustomToolCallInputDoneEvent carries the whole input of a custom tool
// call.
//
//wire:variant Event response.custom_tool_call_input.done
type CustomToolCallInputDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Input          string `json:"input,omitzero"`
	meta           wire.Meta
}

// ApplyPatchCallOperationDiffDeltaEvent carries the next piece of the V4A
// diff of an apply_patch call's operation. The API reference does not list
// this event, but the server sends it.
//
//wire:variant Event response.apply_patch_call_operation_diff.delta
type ApplyPatchCallOperationDiffDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// ApplyPatchCallOperationDiffDoneEvent carries the whole V4A diff of an
// apply_patch call's operation. The API reference does not list this event,
// but the server sends it.
//
//wire:variant Event response.apply_patch_call_operation_diff.done
type ApplyPatchCallOperationDiffDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Diff           string `json:"diff,omitzero"`
	meta           wire.Meta
}
