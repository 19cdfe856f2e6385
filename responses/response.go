package responses

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
)

// Status is the state of a [Response] or of an output item. A value the API
// adds after this version is kept as it is.
type Status string

// Statuses of a [Response] and of output items. A response is queued, in
// progress, or has ended: completed, incomplete, failed or cancelled. An
// item's status documents which of these (and of the item-specific ones
// below) it takes.
const (
	StatusQueued     Status = "queued"
	StatusInProgress Status = "in_progress"
	StatusCompleted  Status = "completed"
	StatusIncomplete Status = "incomplete"
	StatusFailed     Status = "failed"
	StatusCancelled  Status = "cancelled"

	StatusSearching    Status = "searching"    // a web or file search call
	StatusInterpreting Status = "interpreting" // a code interpreter call
	StatusGenerating   Status = "generating"   // an image generation call
	StatusCalling      Status = "calling"      // an MCP call
)

// Response is a model response: its output items and the settings and usage
// it was made with.
//
// A Response decoded from JSON remembers which members it had, including the
// ones this version does not know and the ones that were null, so encoding
// it again gives back the same JSON: responses can be stored, replayed and
// sent back. The same holds for every type of this package. A member that
// was null stays null while its field keeps the zero value; a value set in
// Go wins over the null.
type Response struct {
	ID        string `json:"id,omitzero" wire:"strict"`
	Object    string `json:"object,omitzero"` // "response"
	CreatedAt int64  `json:"created_at,omitzero"`
	// CompletedAt is when the response completed, in Unix seconds.
	CompletedAt int64 `json:"completed_at,omitzero"`
	// Status is one of the Status constants, such as [StatusCompleted].
	Status Status `json:"status,omitzero" wire:"strict"`
	// Error is set when Status is [StatusFailed].
	Error *ResponseError `json:"error,omitzero"`
	// IncompleteDetails is set when Status is [StatusIncomplete].
	IncompleteDetails *IncompleteDetails `json:"incomplete_details,omitzero"`
	Model             string             `json:"model,omitzero"`
	// Output is what the model produced: messages, tool calls, reasoning.
	Output []Item `json:"output,omitzero"`
	Usage  *Usage `json:"usage,omitzero"`

	// Instructions echoes the request's instructions: plain text (decoded as
	// one message) or a list of items.
	Instructions         Input               `json:"instructions,omitzero"`
	PreviousResponseID   string              `json:"previous_response_id,omitzero"`
	Conversation         *Conversation       `json:"conversation,omitzero"`
	Store                bool                `json:"store,omitzero"`
	Background           bool                `json:"background,omitzero"`
	Metadata             map[string]string   `json:"metadata,omitzero"`
	Tools                []Tool              `json:"tools,omitzero"`
	ToolChoice           ToolChoice          `json:"tool_choice,omitzero"`
	ParallelToolCalls    bool                `json:"parallel_tool_calls,omitzero"`
	MaxToolCalls         int                 `json:"max_tool_calls,omitzero"`
	Text                 TextConfig          `json:"text,omitzero"`
	Reasoning            *Reasoning          `json:"reasoning,omitzero"`
	MaxOutputTokens      int                 `json:"max_output_tokens,omitzero"`
	Temperature          *float64            `json:"temperature,omitzero"`
	TopP                 *float64            `json:"top_p,omitzero"`
	TopLogprobs          int                 `json:"top_logprobs,omitzero"`
	FrequencyPenalty     *float64            `json:"frequency_penalty,omitzero"`
	PresencePenalty      *float64            `json:"presence_penalty,omitzero"`
	Truncation           Truncation          `json:"truncation,omitzero"`
	Prompt               *Prompt             `json:"prompt,omitzero"`
	PromptCacheKey       string              `json:"prompt_cache_key,omitzero"`
	PromptCacheRetention CacheRetention      `json:"prompt_cache_retention,omitzero"`
	PromptCacheOptions   *PromptCacheOptions `json:"prompt_cache_options,omitzero"`
	ServiceTier          ServiceTier         `json:"service_tier,omitzero"`
	SafetyIdentifier     string              `json:"safety_identifier,omitzero"`
	User                 string              `json:"user,omitzero"`
	// OutputText is set by some SDKs' servers; see the [Response.OutputText]
	// method for the text of the output.
	OutputTextField string `json:"output_text,omitzero"`

	// Moderation holds the moderation results asked for with
	// [Request.Moderation].
	Moderation *ModerationResults `json:"moderation,omitzero"`
	// ToolUsage counts the use of built-in tools that are billed apart.
	ToolUsage *ToolUsage `json:"tool_usage,omitzero"`
	// PromptCacheDiagnostics compares the prompt cache use with the response
	// of [PromptCacheOptions.ComparisonResponseID].
	PromptCacheDiagnostics *PromptCacheDiagnostics `json:"prompt_cache_diagnostics,omitzero"`
	Image                  *ImageOptions           `json:"image,omitzero"`
	AccessPrograms         *AccessPrograms         `json:"access_programs,omitzero"`

	meta wire.Meta
	http *client.Response // the HTTP exchange that returned it, if any
}

// ResponseError is the error of a failed response.
type ResponseError struct {
	Code    string `json:"code,omitzero"`
	Message string `json:"message,omitzero"`
	Param   string `json:"param,omitzero"`
	Type    string `json:"type,omitzero" wire:"strict"`
	// Misalignment explains a "misalignment_policy_violation".
	Misalignment *Misalignment `json:"misalignment,omitzero"`
	meta         wire.Meta
}

// Misalignment explains why a response was stopped for an action that seemed
// unintended, such as ErrorType "potentially_unintended_data_transfer".
type Misalignment struct {
	ErrorType           string `json:"error_type,omitzero"`
	DetailedExplanation string `json:"detailed_explanation,omitzero"`
	ReviewTarget        string `json:"review_target,omitzero"`
	// Steer is a message to steer the model with.
	Steer *MisalignmentSteer `json:"steer,omitzero"`
	meta  wire.Meta
}

// MisalignmentSteer is a message to steer a misaligned model with.
type MisalignmentSteer struct {
	Message string `json:"message,omitzero"`
	meta    wire.Meta
}

func (e *ResponseError) Error() string {
	if e.Code == "" {
		return "responses: response failed: " + e.Message
	}
	return fmt.Sprintf("responses: response failed: %s: %s", e.Code, e.Message)
}

// IncompleteDetails says why a response is incomplete: Reason is
// "max_output_tokens", "content_filter", "max_messages" or "steered".
type IncompleteDetails struct {
	Reason string `json:"reason,omitzero"`
	meta   wire.Meta
}

// Usage counts the tokens a response used.
type Usage struct {
	InputTokens         int                 `json:"input_tokens,omitzero"`
	InputTokensDetails  InputTokensDetails  `json:"input_tokens_details,omitzero"`
	OutputTokens        int                 `json:"output_tokens,omitzero"`
	OutputTokensDetails OutputTokensDetails `json:"output_tokens_details,omitzero"`
	TotalTokens         int                 `json:"total_tokens,omitzero"`
	meta                wire.Meta
}

// InputTokensDetails breaks down [Usage.InputTokens].
type InputTokensDetails struct {
	// CachedTokens were read from the prompt cache.
	CachedTokens int `json:"cached_tokens,omitzero"`
	// CacheWriteTokens were written to the prompt cache.
	CacheWriteTokens        int                      `json:"cache_write_tokens,omitzero"`
	CacheWriteTokensDetails *CacheWriteTokensDetails `json:"cache_write_tokens_details,omitzero"`
	meta                    wire.Meta
}

// CacheWriteTokensDetails breaks down [InputTokensDetails.CacheWriteTokens]
// by retention.
type CacheWriteTokensDetails struct {
	TTL12hTokens int `json:"ttl_12h_tokens,omitzero"`
	TTL30mTokens int `json:"ttl_30m_tokens,omitzero"`
	meta         wire.Meta
}

// OutputTokensDetails breaks down [Usage.OutputTokens].
type OutputTokensDetails struct {
	ReasoningTokens int `json:"reasoning_tokens,omitzero"`
	meta            wire.Meta
}

// Add adds the counts of v to u, for example to sum the usage of the turns of
// a tool loop. It is safe to call on a zero Usage.
func (u *Usage) Add(v *Usage) {
	if v == nil {
		return
	}
	u.InputTokens += v.InputTokens
	u.InputTokensDetails.CachedTokens += v.InputTokensDetails.CachedTokens
	u.InputTokensDetails.CacheWriteTokens += v.InputTokensDetails.CacheWriteTokens
	if d := v.InputTokensDetails.CacheWriteTokensDetails; d != nil {
		if u.InputTokensDetails.CacheWriteTokensDetails == nil {
			u.InputTokensDetails.CacheWriteTokensDetails = new(CacheWriteTokensDetails)
		}
		u.InputTokensDetails.CacheWriteTokensDetails.TTL12hTokens += d.TTL12hTokens
		u.InputTokensDetails.CacheWriteTokensDetails.TTL30mTokens += d.TTL30mTokens
	}
	u.OutputTokens += v.OutputTokens
	u.OutputTokensDetails.ReasoningTokens += v.OutputTokensDetails.ReasoningTokens
	u.TotalTokens += v.TotalTokens
}

// OutputText returns the text of all output_text parts of all output
// messages, concatenated. Refusals are not included; see [Response.Refusal].
func (r *Response) OutputText() string {
	var n int
	for _, it := range r.Output {
		if m, ok := it.(*Message); ok {
			for _, p := range m.Content {
				if t, ok := p.(*OutputText); ok {
					n += len(t.Text)
				}
			}
		}
	}
	b := make([]byte, 0, n)
	for _, it := range r.Output {
		if m, ok := it.(*Message); ok {
			for _, p := range m.Content {
				if t, ok := p.(*OutputText); ok {
					b = append(b, t.Text...)
				}
			}
		}
	}
	return string(b)
}

// Refusal returns the text of the refusals in the output messages,
// concatenated, or "" when the model did not refuse.
func (r *Response) Refusal() string {
	var s strings.Builder
	for _, it := range r.Output {
		if m, ok := it.(*Message); ok {
			s.WriteString(m.Refusal())
		}
	}
	return s.String()
}

// FunctionCalls returns the function calls in the output, in order.
func (r *Response) FunctionCalls() []*FunctionCall {
	var calls []*FunctionCall
	for _, it := range r.Output {
		if c, ok := it.(*FunctionCall); ok {
			calls = append(calls, c)
		}
	}
	return calls
}

// ToInput returns the output items as input items, to be sent back with the
// next request's input when responses are not stored (Store false). Reasoning
// items are kept in order; send them back with their encrypted content (ask
// for it with [IncludeReasoningEncryptedContent]). See [ToInput] for what is
// dropped or changed.
func (r *Response) ToInput() []Item { return ToInput(r.Output) }

// RequestID returns the x-request-id of the HTTP response that returned r, or
// "" when r did not come from an HTTP call.
func (r *Response) RequestID() string {
	if r.http == nil {
		return ""
	}
	return r.http.RequestID
}

// RateLimit returns the rate limits reported with r, or the zero value when r
// did not come from an HTTP call.
func (r *Response) RateLimit() client.RateLimit {
	if r.http == nil {
		return client.RateLimit{}
	}
	return r.http.RateLimit
}

// Header returns the HTTP header of the response that returned r, or nil.
func (r *Response) Header() http.Header {
	if r.http == nil {
		return nil
	}
	return r.http.Header
}
