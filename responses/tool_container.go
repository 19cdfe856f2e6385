package responses

import "github.com/respkit/respkit/internal/wire"

// CodeInterpreterTool lets the model write and run Python code in a
// container run by OpenAI. Its runs come back as code interpreter call
// items; ask for their outputs with [IncludeCodeInterpreterOutputs].
//
//wire:variant Tool code_interpreter
type CodeInterpreterTool struct {
	// Container is the container to run in: a [ContainerID], or an
	// *[ContainerAuto] for one created for the request.
	Container CodeInterpreterContainer `json:"container,omitzero"`
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	meta           wire.Meta
}

// CodeInterpreter returns the code interpreter tool, running in a container
// created for the request with the given uploaded files.
func CodeInterpreter(fileIDs ...string) *CodeInterpreterTool {
	return &CodeInterpreterTool{Container: &ContainerAuto{FileIDs: fileIDs}}
}

// CodeInterpreterContainer is the container of a [CodeInterpreterTool]: a
// [ContainerID] or an *[ContainerAuto]. Kinds this version does not know
// decode to *[Unknown].
//
//wire:union CodeInterpreterContainer
type CodeInterpreterContainer interface {
	isCodeInterpreterContainer()
}

// ContainerID is the id of a container created with the Containers API
// ("cntr_…"), written as a plain string.
//
//wire:variant CodeInterpreterContainer
type ContainerID string

// ContainerAuto asks for a container created for the request. It serves the
// [CodeInterpreterTool] (where Skills are not allowed) and, as a
// [ShellEnvironment], the [ShellTool].
//
//wire:variant CodeInterpreterContainer auto
//wire:variant ShellEnvironment container_auto
type ContainerAuto struct {
	// FileIDs are uploaded files (up to 50) copied into the container.
	FileIDs []string `json:"file_ids,omitzero"`
	// MemoryLimit is "1g", "4g", "16g" or "64g".
	MemoryLimit   string         `json:"memory_limit,omitzero"`
	NetworkPolicy *NetworkPolicy `json:"network_policy,omitzero"`
	// Skills are installed in the container (shell tool only).
	Skills []Skill `json:"skills,omitzero"`
	meta   wire.Meta
}

// NetworkPolicy sets a container's outbound network access.
type NetworkPolicy struct {
	// Type is "disabled" (no access) or "allowlist" (AllowedDomains only).
	Type           string   `json:"type" wire:"strict"`
	AllowedDomains []string `json:"allowed_domains,omitzero"`
	// DomainSecrets are injected into requests to the allowed domains.
	DomainSecrets []DomainSecret `json:"domain_secrets,omitzero"`
	meta          wire.Meta
}

// DomainSecret is a secret that a container's requests to Domain carry,
// under the name Name.
type DomainSecret struct {
	Domain string `json:"domain"`
	Name   string `json:"name"`
	Value  string `json:"value"`
	meta   wire.Meta
}

// Skill is a skill installed in a container: *[SkillReference] or
// *[InlineSkill]. Kinds this version does not know decode to *[Unknown].
//
//wire:union Skill
type Skill interface {
	isSkill()
}

// SkillReference refers to a skill created with the Skills API.
//
//wire:variant Skill skill_reference
type SkillReference struct {
	SkillID string `json:"skill_id"`
	// Version is a version number or "latest"; empty means the default.
	Version string `json:"version,omitzero"`
	meta    wire.Meta
}

// InlineSkill is a skill given in the request, as a zip bundle.
//
//wire:variant Skill inline
type InlineSkill struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Source      InlineSkillSource `json:"source"`
	meta        wire.Meta
}

// InlineSkillSource is the zip bundle of an [InlineSkill].
type InlineSkillSource struct {
	// Type is "base64".
	Type string `json:"type" wire:"strict"`
	// MediaType is "application/zip".
	MediaType string `json:"media_type"`
	// Data is the base64-encoded zip bundle.
	Data string `json:"data"`
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[CodeInterpreterContainer](wire.Union{
		Key:     "type",
		Types:   codeInterpreterContainerVariants,
		Unknown: (*Unknown)(nil),
		String:  func(s string) any { return ContainerID(s) },
	})
	wire.RegisterUnion[Skill](wire.Union{
		Key:     "type",
		Types:   skillVariants,
		Unknown: (*Unknown)(nil),
	})
}
