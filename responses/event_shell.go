package responses

import "github.com/respkit/respkit/internal/wire"

// ShellCallCommandAddedEvent announces a new command of the shell call at
// OutputIndex, at CommandIndex of its commands.
//
//wire:variant Event response.shell_call_command.added
type ShellCallCommandAddedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	CommandIndex   int    `json:"command_index,omitzero"`
	Command        string `json:"command,omitzero"`
	meta           wire.Meta
}

// ShellCallCommandDeltaEvent carries the next piece of the command at
// CommandIndex.
//
//wire:variant Event response.shell_call_command.delta
type ShellCallCommandDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	CommandIndex   int    `json:"command_index,omitzero"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// ShellCallCommandDoneEvent carries the whole command at CommandIndex.
//
//wire:variant Event response.shell_call_command.done
type ShellCallCommandDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	CommandIndex   int    `json:"command_index,omitzero"`
	Command        string `json:"command,omitzero"`
	meta           wire.Meta
}

// ShellCallOutputContentDeltaEvent carries the next piece of the output of
// the command at CommandIndex, run by the server for the shell call output
// item ItemID.
//
//wire:variant Event response.shell_call_output_content.delta
type ShellCallOutputContentDeltaEvent struct {
	SequenceNumber int64            `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string           `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int              `json:"output_index,omitzero" wire:"strict"`
	CommandIndex   int              `json:"command_index,omitzero"`
	Delta          ShellOutputDelta `json:"delta,omitzero"`
	Obfuscation    string           `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// ShellOutputDelta is the next piece of a shell command's output.
type ShellOutputDelta struct {
	Stdout string `json:"stdout,omitzero"`
	Stderr string `json:"stderr,omitzero"`
	meta   wire.Meta
}

// ShellCallOutputContentDoneEvent carries the whole output of the command at
// CommandIndex.
//
//wire:variant Event response.shell_call_output_content.done
type ShellCallOutputContentDoneEvent struct {
	SequenceNumber int64              `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string             `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int                `json:"output_index,omitzero" wire:"strict"`
	CommandIndex   int                `json:"command_index,omitzero"`
	Output         []ShellOutputChunk `json:"output,omitzero"`
	meta           wire.Meta
}
