package responses

import "github.com/respkit/respkit/internal/wire"

// ShellTool lets the model run shell commands: in a container run by
// OpenAI, or, with no Environment or a *[LocalEnvironment], on your side,
// where you run the commands of its shell calls and send back their output.
//
//wire:variant Tool shell
type ShellTool struct {
	// Environment is *[ContainerAuto], *[ContainerReference] or
	// *[LocalEnvironment].
	Environment ShellEnvironment `json:"environment,omitzero"`
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	meta           wire.Meta
}

// Shell returns the shell tool with no environment: the model's shell calls
// are for you to run.
func Shell() *ShellTool { return &ShellTool{} }

// ShellEnvironment is where shell commands run: *[ContainerAuto] (a
// container created for the request), *[ContainerReference] (an existing
// container) or *[LocalEnvironment] (your side). Kinds this version does not
// know decode to *[Unknown].
//
//wire:union ShellEnvironment
type ShellEnvironment interface {
	isShellEnvironment()
}

// ContainerReference is a container created with the Containers API.
//
//wire:variant ShellEnvironment container_reference
type ContainerReference struct {
	ContainerID string `json:"container_id"`
	meta        wire.Meta
}

// LocalEnvironment is your own computer, where you run the commands.
//
//wire:variant ShellEnvironment local
type LocalEnvironment struct {
	// Skills are available to the model on your computer.
	Skills []LocalSkill `json:"skills,omitzero"`
	meta   wire.Meta
}

// LocalSkill is a skill in a folder of your computer.
type LocalSkill struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Path is the folder holding the skill.
	Path string `json:"path"`
	meta wire.Meta
}

// LocalShellTool is the older shell tool of the codex-mini model: the model's
// local shell calls are for you to run. Prefer [ShellTool].
//
//wire:variant Tool local_shell
type LocalShellTool struct {
	meta wire.Meta
}

// ApplyPatchTool lets the model create, delete and update files with
// patches in the V4A diff format, which you apply (see package patch) and
// answer with apply_patch_call_output items.
//
//wire:variant Tool apply_patch
type ApplyPatchTool struct {
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	meta           wire.Meta
}

// ApplyPatch returns the apply_patch tool.
func ApplyPatch() *ApplyPatchTool { return &ApplyPatchTool{} }

func init() {
	wire.RegisterUnion[ShellEnvironment](wire.Union{
		Key:     "type",
		Types:   shellEnvironmentVariants,
		Unknown: (*Unknown)(nil),
	})
}
