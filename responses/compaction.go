package responses

import "github.com/respkit/respkit/internal/wire"

// Compaction is an opaque, encrypted summary of the earlier conversation,
// made by compaction ([CompactRequest], or [ContextManagement] when the
// context grows past a threshold). Send it back as input in place of the
// items it summarizes.
//
//wire:variant Item compaction
type Compaction struct {
	ID               string `json:"id,omitzero" wire:"strict"`
	EncryptedContent string `json:"encrypted_content,omitzero"`
	CreatedBy        string `json:"created_by,omitzero"`
	meta             wire.Meta
}

// CompactionTrigger, in input, asks the API to compact the conversation up
// to this point.
//
//wire:variant Item compaction_trigger
type CompactionTrigger struct {
	ID   string `json:"id,omitzero" wire:"strict"`
	meta wire.Meta
}

// CompactRequest is the body of a request that compacts a conversation
// (POST /responses/compact): the input, or the stored conversation up to
// PreviousResponseID, is replaced by a shorter list of items ending with a
// [Compaction].
type CompactRequest struct {
	Model              string `json:"model,omitzero"`
	Input              Input  `json:"input,omitzero"`
	Instructions       string `json:"instructions,omitzero"`
	PreviousResponseID string `json:"previous_response_id,omitzero"`
	PromptCacheKey     string `json:"prompt_cache_key,omitzero"`
	// PromptCacheRetention is how long a cached prompt prefix is kept,
	// such as [CacheRetention24h].
	PromptCacheRetention CacheRetention      `json:"prompt_cache_retention,omitzero"`
	PromptCacheOptions   *PromptCacheOptions `json:"prompt_cache_options,omitzero"`
	// ServiceTier is "auto", "default", "fast", "flex" or "priority".
	ServiceTier ServiceTier   `json:"service_tier,omitzero"`
	Image       *ImageOptions `json:"image,omitzero"`
	meta        wire.Meta
}

// CompactedResponse is the result of compaction (object
// "response.compaction"): Output replaces the compacted conversation as the
// next request's input.
type CompactedResponse struct {
	ID        string `json:"id,omitzero" wire:"strict"`
	Object    string `json:"object,omitzero"` // "response.compaction"
	CreatedAt int64  `json:"created_at,omitzero"`
	Output    []Item `json:"output,omitzero"`
	Usage     *Usage `json:"usage,omitzero"`
	// Image reports whether image context compression was applied.
	Image *ImageOptions `json:"image,omitzero"`
	meta  wire.Meta
}
