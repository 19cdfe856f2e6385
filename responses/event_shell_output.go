package responses

// This file duplicates, name for name, the shell output types of the items
// branch (shell.go there), which the shell_call_output item and the
// response.shell_call_output_content.done event share. When the branches
// meet, this file goes and shell.go's types serve both (unknown.go there
// has the marker method below).

import "github.com/respkit/respkit/internal/wire"

// ShellOutputChunk is the captured output of one command of a shell call
// and how it ended.
type ShellOutputChunk struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	// Outcome is *[ShellExit] or *[ShellTimeout].
	Outcome   ShellOutcome `json:"outcome"`
	CreatedBy string       `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ShellOutcome is how a shell command ended: *[ShellExit] or
// *[ShellTimeout]. Kinds this version does not know decode to *[Unknown].
//
//wire:union ShellOutcome
type ShellOutcome interface {
	isShellOutcome()
}

// ShellExit is a command that exited with ExitCode.
//
//wire:variant ShellOutcome exit
type ShellExit struct {
	ExitCode int `json:"exit_code"`
	meta     wire.Meta
}

// ShellTimeout is a command that ran out of time.
//
//wire:variant ShellOutcome timeout
type ShellTimeout struct {
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[ShellOutcome](wire.Union{
		Key:     "type",
		Types:   shellOutcomeVariants,
		Unknown: (*Unknown)(nil),
	})
}

// The items branch declares this in unknown.go.
func (*Unknown) isShellOutcome() {}
