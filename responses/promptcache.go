package responses

import "github.com/respkit/respkit/internal/wire"

// Types of [PromptCacheDiagnostics].
const (
	CacheHit                    = "cache_hit"
	CacheMiss                   = "cache_miss"
	ComparisonResponseNotFound  = "comparison_response_not_found"
	CacheDiagnosticsUnavailable = "unavailable"
)

// PromptCacheDiagnostics says how the prompt cache served a request, compared
// with the response named by [PromptCacheOptions.ComparisonResponseID]: Type
// is [CacheHit], [CacheMiss] (with the Reason and token counts),
// [ComparisonResponseNotFound] or [CacheDiagnosticsUnavailable].
type PromptCacheDiagnostics struct {
	Type string `json:"type,omitzero" wire:"strict"`
	// Reason is why the cache was missed: "model_changed",
	// "prompt_cache_key_changed", "tools_changed", "text_format_changed",
	// "reasoning_effort_changed", "verbosity_changed", "context_compacted",
	// "input_changed" or "service_tier_changed".
	Reason string `json:"reason,omitzero"`
	// CacheMissedTokens estimates the input tokens after the first
	// divergence from the comparison response.
	CacheMissedTokens int `json:"cache_missed_tokens,omitzero"`
	// ComparisonReusableTokens is the length, in tokens, of the reusable
	// prefix of the comparison response.
	ComparisonReusableTokens int `json:"comparison_reusable_tokens,omitzero"`
	meta                     wire.Meta
}

// CacheRetention is how long a cached prompt prefix is kept
// ([Request.PromptCacheRetention]). A value the API adds after this version
// is kept as it is.
type CacheRetention string

// Prompt cache retentions.
const (
	CacheRetentionInMemory CacheRetention = "in_memory"
	CacheRetention24h      CacheRetention = "24h"
)
