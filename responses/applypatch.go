package responses

import (
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/patch"
)

// ApplyPatchCall is the model's call of the apply_patch tool: one file
// operation, whose diff is in the V4A format (see the patch package). Answer
// it with an [ApplyPatchCallOutput] that has the same CallID.
//
//wire:variant Item apply_patch_call
type ApplyPatchCall struct {
	ID        string              `json:"id,omitzero" wire:"strict"`
	CallID    string              `json:"call_id" wire:"strict"`
	Operation ApplyPatchOperation `json:"operation"`
	// Status is "in_progress" or "completed".
	Status    Status      `json:"status,omitzero" wire:"strict"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ApplyPatchOperation is the file operation of an [ApplyPatchCall] as it is
// on the wire: Type [patch.CreateFile] or [patch.UpdateFile] with the Diff
// to apply to Path, or [patch.DeleteFile]. [ApplyPatchOperation.Patch]
// gives the [patch.Operation] that the patch package parses and applies.
type ApplyPatchOperation struct {
	// Type is [patch.CreateFile], [patch.UpdateFile] or [patch.DeleteFile].
	Type string `json:"type" wire:"strict"`
	// Path is the file's path, relative to the workspace root.
	Path string `json:"path"`
	Diff string `json:"diff,omitzero"`
	meta wire.Meta
}

// Patch returns op as a [patch.Operation], to give to
// [patch.ApplyOperation] or [patch.ParseOperation].
func (op ApplyPatchOperation) Patch() patch.Operation {
	return patch.Operation{Type: op.Type, Path: op.Path, Diff: op.Diff}
}

// ApplyPatchCallOutput is the result of an [ApplyPatchCall].
//
//wire:variant Item apply_patch_call_output
type ApplyPatchCallOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Status is "completed" or "failed".
	Status Status `json:"status,omitzero" wire:"strict"`
	// Output is a log or error message for the model.
	Output    string      `json:"output,omitzero"`
	Caller    *ToolCaller `json:"caller,omitzero"`
	CreatedBy string      `json:"created_by,omitzero"`
	meta      wire.Meta
}
