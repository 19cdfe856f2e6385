package responses

import "github.com/respkit/respkit/internal/wire"

// CountTokensRequest is the body of a request that counts the input tokens a
// request would use (POST /responses/input_tokens). Its fields mean what the
// fields of the same name of [Request] mean.
type CountTokensRequest struct {
	Model              string        `json:"model,omitzero"`
	Input              Input         `json:"input,omitzero"`
	Instructions       string        `json:"instructions,omitzero"`
	PreviousResponseID string        `json:"previous_response_id,omitzero"`
	Conversation       *Conversation `json:"conversation,omitzero"`
	Tools              []Tool        `json:"tools,omitzero"`
	ToolChoice         ToolChoice    `json:"tool_choice,omitzero"`
	ParallelToolCalls  *bool         `json:"parallel_tool_calls,omitzero"`
	Reasoning          *Reasoning    `json:"reasoning,omitzero"`
	Text               TextConfig    `json:"text,omitzero"`
	// Truncation is "auto" or "disabled".
	Truncation Truncation `json:"truncation,omitzero"`
	// Personality is "friendly" or "pragmatic".
	Personality string `json:"personality,omitzero"`
	meta        wire.Meta
}

// TokenCount is the result of counting input tokens (object
// "response.input_tokens").
type TokenCount struct {
	Object      string `json:"object,omitzero"` // "response.input_tokens"
	InputTokens int    `json:"input_tokens,omitzero"`
	meta        wire.Meta
}
