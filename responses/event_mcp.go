package responses

import "github.com/respkit/respkit/internal/wire"

// MCPCallArgumentsDeltaEvent carries the next piece of the arguments of the
// MCP tool call ItemID.
//
//wire:variant Event response.mcp_call_arguments.delta
type MCPCallArgumentsDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// MCPCallArgumentsDoneEvent carries the whole arguments (a JSON object) of
// the MCP tool call ItemID.
//
//wire:variant Event response.mcp_call_arguments.done
type MCPCallArgumentsDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Arguments      string `json:"arguments,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPCallInProgressEvent says that the MCP tool call ItemID has started.
//
//wire:variant Event response.mcp_call.in_progress
type MCPCallInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPCallCompletedEvent says that the MCP tool call ItemID has succeeded.
//
//wire:variant Event response.mcp_call.completed
type MCPCallCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPCallFailedEvent says that the MCP tool call ItemID has failed; the
// item's error says why.
//
//wire:variant Event response.mcp_call.failed
type MCPCallFailedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPListToolsInProgressEvent says that the model has started to list the
// tools of an MCP server (the mcp_list_tools item ItemID).
//
//wire:variant Event response.mcp_list_tools.in_progress
type MCPListToolsInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPListToolsCompletedEvent says that the tools of an MCP server have been
// listed.
//
//wire:variant Event response.mcp_list_tools.completed
type MCPListToolsCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// MCPListToolsFailedEvent says that the tools of an MCP server could not be
// listed.
//
//wire:variant Event response.mcp_list_tools.failed
type MCPListToolsFailedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}
