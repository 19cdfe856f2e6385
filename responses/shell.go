package responses

import "github.com/respkit/respkit/internal/wire"

// ShellCall is the model's call of the shell tool: commands to run in a
// local environment (by you) or in a hosted container (by the API). Answer a
// local call with a [ShellCallOutput] that has the same CallID.
//
//wire:variant Item shell_call
type ShellCall struct {
	ID     string      `json:"id,omitzero" wire:"strict"`
	CallID string      `json:"call_id" wire:"strict"`
	Action ShellAction `json:"action"`
	// Environment is where the commands run: *[LocalEnvironment] or
	// *[ContainerReference]; nil means the tool's default.
	Environment ShellEnvironment `json:"environment,omitzero"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ShellAction is what a [ShellCall] asks to run.
type ShellAction struct {
	// Commands are shell commands to run in order.
	Commands []string `json:"commands"`
	// MaxOutputLength bounds the captured stdout and stderr, in UTF-8
	// characters; 0 means no bound was given.
	MaxOutputLength int `json:"max_output_length,omitzero"`
	// TimeoutMS bounds the run time, in milliseconds; 0 means no bound.
	TimeoutMS int `json:"timeout_ms,omitzero"`
	meta      wire.Meta
}

// ShellCallOutput is the result of a [ShellCall]: the output of each command,
// in order.
//
//wire:variant Item shell_call_output
type ShellCallOutput struct {
	ID     string             `json:"id,omitzero" wire:"strict"`
	CallID string             `json:"call_id" wire:"strict"`
	Output []ShellOutputChunk `json:"output"`
	// MaxOutputLength is the bound the output was captured with, in UTF-8
	// characters; set it to the call's [ShellAction.MaxOutputLength].
	MaxOutputLength int `json:"max_output_length,omitzero"`
	// Status is "in_progress", "completed" or "incomplete".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

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

// LocalShellCall is the model's call of the local shell tool (the older,
// single-command form of the shell tool), run by you. Answer it with a
// [LocalShellCallOutput] whose ID is the CallID.
//
//wire:variant Item local_shell_call
type LocalShellCall struct {
	ID     string           `json:"id,omitzero" wire:"strict"`
	CallID string           `json:"call_id" wire:"strict"`
	Action LocalShellAction `json:"action"`
	// Status is "in_progress", "completed" or "incomplete".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

// LocalShellAction is the command a [LocalShellCall] asks to run.
type LocalShellAction struct {
	// Type is "exec".
	Type string `json:"type" wire:"strict"`
	// Command is the program and its arguments.
	Command []string          `json:"command"`
	Env     map[string]string `json:"env,omitzero"`
	// TimeoutMS bounds the run time, in milliseconds; 0 means no bound.
	TimeoutMS        int    `json:"timeout_ms,omitzero"`
	User             string `json:"user,omitzero"`
	WorkingDirectory string `json:"working_directory,omitzero"`
	meta             wire.Meta
}

// LocalShellCallOutput is the result of a [LocalShellCall]; ID is the call's
// CallID.
//
//wire:variant Item local_shell_call_output
type LocalShellCallOutput struct {
	ID string `json:"id" wire:"strict"`
	// Output is a JSON string of the command's output.
	Output string `json:"output"`
	// Status is "in_progress", "completed" or "incomplete".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

func init() {
	wire.RegisterUnion[ShellOutcome](wire.Union{
		Key:     "type",
		Types:   shellOutcomeVariants,
		Unknown: (*Unknown)(nil),
	})
}
