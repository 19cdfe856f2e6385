package responses

import "github.com/respkit/respkit/internal/wire"

// CodeInterpreterCall is a call of the built-in code interpreter tool: code
// the model ran in a container. Ask for its outputs with
// [IncludeCodeInterpreterOutputs].
//
//wire:variant Item code_interpreter_call
type CodeInterpreterCall struct {
	ID          string `json:"id,omitzero" wire:"strict"`
	ContainerID string `json:"container_id,omitzero"`
	// Code is the code the model ran.
	Code string `json:"code,omitzero"`
	// Outputs are *[CodeInterpreterLogs] and *[CodeInterpreterImage].
	Outputs []CodeInterpreterOutput `json:"outputs,omitzero"`
	// Status is "in_progress", "completed", "incomplete", "interpreting" or
	// "failed".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

// CodeInterpreterOutput is an output of a [CodeInterpreterCall]:
// *[CodeInterpreterLogs] or *[CodeInterpreterImage]. Kinds this version does
// not know decode to *[Unknown].
//
//wire:union CodeInterpreterOutput
type CodeInterpreterOutput interface {
	isCodeInterpreterOutput()
}

// CodeInterpreterLogs is what the code printed.
//
//wire:variant CodeInterpreterOutput logs
type CodeInterpreterLogs struct {
	Logs string `json:"logs,omitzero"`
	meta wire.Meta
}

// CodeInterpreterImage is an image the code produced.
//
//wire:variant CodeInterpreterOutput image
type CodeInterpreterImage struct {
	URL  string `json:"url,omitzero"`
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[CodeInterpreterOutput](wire.Union{
		Key:     "type",
		Types:   codeInterpreterOutputVariants,
		Unknown: (*Unknown)(nil),
	})
}
