package responses

import "github.com/respkit/respkit/internal/wire"

// Compaction is an opaque, encrypted summary of the earlier conversation,
// made by compaction (POST /responses/compact, or [ContextManagement] when
// the context grows past a threshold). Send it back as input in place of the
// items it summarizes.
//
//wire:variant Item compaction
type Compaction struct {
	ID               string `json:"id,omitzero"`
	EncryptedContent string `json:"encrypted_content,omitzero"`
	CreatedBy        string `json:"created_by,omitzero"`
	meta             wire.Meta
}

// CompactionTrigger, in input, asks the API to compact the conversation up
// to this point.
//
//wire:variant Item compaction_trigger
type CompactionTrigger struct {
	ID   string `json:"id,omitzero"`
	meta wire.Meta
}
