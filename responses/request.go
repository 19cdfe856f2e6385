package responses

import "github.com/respkit/respkit/internal/wire"

// Request is the body of a request that creates a response
// (POST /responses). The zero value of a field means "not set", so the API's
// default applies; fields whose zero value is meaningful are pointers, set
// with new: Temperature: new(0.2).
//
// A Request decoded from JSON remembers which members it had, so encoding it
// again gives back the same JSON, explicit zero values included.
type Request struct {
	// Model is the model id, such as "gpt-4.1" or "gpt-5".
	Model string `json:"model,omitzero"`
	// Input is the conversation so far: [Text] for a single user message, or
	// a list of items (messages, tool call outputs, earlier output items).
	Input Input `json:"input,omitzero"`
	// Instructions is a system (developer) message placed before Input.
	Instructions string `json:"instructions,omitzero"`

	// PreviousResponseID continues the conversation of a stored response.
	PreviousResponseID string `json:"previous_response_id,omitzero"`
	// Conversation adds this request and its response to a conversation.
	Conversation *Conversation `json:"conversation,omitzero"`
	// Store false keeps the response from being stored (it is by default).
	Store *bool `json:"store,omitzero"`
	// Background runs the response asynchronously; wait for it with
	// [Service.Wait] or stream it (see the package doc, "Background work").
	Background bool `json:"background,omitzero"`
	// Include asks for optional output data, such as
	// [IncludeReasoningEncryptedContent].
	Include []string `json:"include,omitzero"`
	// Metadata is up to 16 key-value pairs stored with the response.
	Metadata map[string]string `json:"metadata,omitzero"`

	// Tools the model may call, and which it may or must call.
	Tools      []Tool     `json:"tools,omitzero"`
	ToolChoice ToolChoice `json:"tool_choice,omitzero"`
	// ParallelToolCalls false makes the model call at most one tool at a time.
	ParallelToolCalls *bool `json:"parallel_tool_calls,omitzero"`
	// MaxToolCalls bounds the number of built-in tool calls in the response.
	MaxToolCalls int `json:"max_tool_calls,omitzero"`

	// Text configures the text output; Text.Format asks for structured output.
	Text      TextConfig `json:"text,omitzero"`
	Reasoning *Reasoning `json:"reasoning,omitzero"`
	// MaxOutputTokens bounds the output, reasoning tokens included.
	MaxOutputTokens int      `json:"max_output_tokens,omitzero"`
	Temperature     *float64 `json:"temperature,omitzero"`
	TopP            *float64 `json:"top_p,omitzero"`
	// TopLogprobs (0 to 20) asks for the most likely tokens at each position.
	TopLogprobs int `json:"top_logprobs,omitzero"`
	// Truncation is [TruncationAuto] or [TruncationDisabled] (the default:
	// too long an input is an error). It is deprecated.
	Truncation Truncation `json:"truncation,omitzero"`

	// Prompt refers to a prompt template and its variables.
	Prompt *Prompt `json:"prompt,omitzero"`
	// PromptCacheKey groups requests that share a prompt prefix.
	PromptCacheKey string `json:"prompt_cache_key,omitzero"`
	// PromptCacheRetention is how long the prompt prefix is cached, such as
	// [CacheRetention24h]; it is deprecated in
	// favour of PromptCacheOptions.TTL.
	PromptCacheRetention CacheRetention      `json:"prompt_cache_retention,omitzero"`
	PromptCacheOptions   *PromptCacheOptions `json:"prompt_cache_options,omitzero"`

	// ServiceTier is the processing tier, such as [ServiceTierFlex]; the
	// zero value means [ServiceTierAuto].
	ServiceTier ServiceTier `json:"service_tier,omitzero"`
	// SafetyIdentifier is a stable, hashed id of your end user.
	SafetyIdentifier string `json:"safety_identifier,omitzero"`
	// User is deprecated; use SafetyIdentifier and PromptCacheKey.
	User string `json:"user,omitzero"`

	// StreamOptions configures the stream of [Service.Stream], which sets
	// the request's "stream" member itself (Create never sends one).
	StreamOptions *StreamOptions `json:"stream_options,omitzero"`

	// ContextManagement configures compaction of a long context.
	ContextManagement []ContextManagement `json:"context_management,omitzero"`
	// Moderation runs a moderation model on the input and output.
	Moderation *Moderation `json:"moderation,omitzero"`
	// Image configures image input.
	Image *ImageOptions `json:"image,omitzero"`
	// AccessPrograms selects domain-specific access programs.
	AccessPrograms *AccessPrograms `json:"access_programs,omitzero"`
	meta           wire.Meta
}

// ServiceTier is the processing tier of a request or response. A value the
// API adds after this version is kept as it is.
type ServiceTier string

// Service tiers.
const (
	ServiceTierAuto      ServiceTier = "auto" // the project's setting, by default "default"
	ServiceTierDefault   ServiceTier = "default"
	ServiceTierFlex      ServiceTier = "flex"
	ServiceTierScale     ServiceTier = "scale"
	ServiceTierPriority  ServiceTier = "priority"
	ServiceTierFast      ServiceTier = "fast" // the same as "priority"
	ServiceTierUltrafast ServiceTier = "ultrafast"
)

// Truncation says what happens to an input longer than the model's context
// window. A value the API adds after this version is kept as it is.
type Truncation string

// Truncation strategies.
const (
	TruncationAuto     Truncation = "auto"     // drop items from the start of the conversation
	TruncationDisabled Truncation = "disabled" // fail with a 400 error
)

// Options for [Request.Include].
const (
	IncludeReasoningEncryptedContent = "reasoning.encrypted_content"
	IncludeOutputLogprobs            = "message.output_text.logprobs"
	IncludeFileSearchResults         = "file_search_call.results"
	IncludeWebSearchResults          = "web_search_call.results"
	IncludeWebSearchSources          = "web_search_call.action.sources"
	IncludeInputImageURL             = "message.input_image.image_url"
	IncludeComputerCallImageURL      = "computer_call_output.output.image_url"
	IncludeCodeInterpreterOutputs    = "code_interpreter_call.outputs"
)

// Input is the input of a request: a list of items. On the wire it may also
// be a plain string, which stands for a single user message; it decodes to
// one *[Message] and is written back as the string.
type Input []Item

// Text returns the input made of a single user message with the text s,
// written as a plain string.
func Text(s string) Input {
	m := &Message{Role: RoleUser, Content: PlainText(s)}
	wire.SetStringForm(m)
	return Input{m}
}

// Items returns the input made of the given items.
func Items(items ...Item) Input { return Input(items) }

// Conversation refers to a conversation by its id. On the wire it may be the
// id alone.
type Conversation struct {
	ID   string `json:"id" wire:"strict"`
	meta wire.Meta
}

// Prompt refers to a reusable prompt template.
type Prompt struct {
	ID      string `json:"id" wire:"strict"`
	Version string `json:"version,omitzero"`
	// Variables fill the template: each is a string (see [PlainText]'s
	// single part) or an input part.
	Variables map[string]Part `json:"variables,omitzero"`
	meta      wire.Meta
}

// PromptCacheOptions configures prompt caching.
type PromptCacheOptions struct {
	// Mode is "implicit" (the default: the API adds a cache breakpoint of
	// its own) or "explicit" (only the breakpoints of the input).
	Mode string `json:"mode,omitzero"`
	// TTL is the minimum lifetime of the cache entries: "30m" (the default)
	// or "12h".
	TTL string `json:"ttl,omitzero"`
	// Prewarm fills the cache without generating output.
	Prewarm bool `json:"prewarm,omitzero"`
	// ComparisonResponseID asks for cache diagnostics against that response.
	ComparisonResponseID string `json:"comparison_response_id,omitzero"`
	meta                 wire.Meta
}

// StreamOptions configures a stream.
type StreamOptions struct {
	// IncludeObfuscation pads delta events against side-channel attacks
	// (on by default); set it to new(false) to save bandwidth.
	IncludeObfuscation *bool `json:"include_obfuscation,omitzero"`
	meta               wire.Meta
}

// ContextManagement configures how the context is managed, such as
// compaction when it grows past a threshold.
type ContextManagement struct {
	// Type is "compaction".
	Type string `json:"type" wire:"strict"`
	// CompactThreshold is the number of tokens (at least 1000) past which
	// the context is compacted.
	CompactThreshold int `json:"compact_threshold,omitzero"`
	meta             wire.Meta
}

// Moderation asks for the input and output to be moderated.
type Moderation struct {
	// Model is the moderation model, such as "omni-moderation-latest".
	Model  string            `json:"model"`
	Policy *ModerationPolicy `json:"policy,omitzero"`
	meta   wire.Meta
}

// ModerationPolicy says what moderation does with the input and with the
// output.
type ModerationPolicy struct {
	Input  *ModerationMode `json:"input,omitzero"`
	Output *ModerationMode `json:"output,omitzero"`
	meta   wire.Meta
}

// ModerationMode is what moderation does with flagged content.
type ModerationMode struct {
	// Mode is "score" (report it) or "block".
	Mode string `json:"mode"`
	meta wire.Meta
}

// ImageOptions configures image input.
type ImageOptions struct {
	// ContextCompression is "auto" (the default), "enabled" or "disabled":
	// whether images are compressed in the model's context.
	ContextCompression string `json:"context_compression,omitzero"`
	meta               wire.Meta
}

// AccessPrograms opts the request into access programs.
type AccessPrograms struct {
	// Cyber is "standard", "daybreak_blue" or "daybreak_red"; empty lets
	// the API choose from the model and your access.
	Cyber string `json:"cyber,omitzero"`
	meta  wire.Meta
}

func init() {
	wire.RegisterStringForm[Input](wire.StringForm{
		FromString: func(s string) any {
			return &Message{Role: RoleUser, Content: PlainText(s)}
		},
		ToString: func(p any) (string, bool) {
			m, ok := p.(*Message)
			if !ok || len(m.Content) != 1 || !wire.IsStringForm(m.Content[0]) {
				return "", false
			}
			return m.Content.Text(), true
		},
	})
	wire.RegisterStringForm[Conversation](wire.StringForm{
		FromString: func(s string) any { return &Conversation{ID: s} },
		ToString:   func(p any) (string, bool) { return p.(*Conversation).ID, true },
	})
}

// MarshalJSON encodes the input: a plain string when it is [Text], otherwise
// a list of items.
func (in Input) MarshalJSON() ([]byte, error) { return wire.Marshal(&in) }

// UnmarshalJSON decodes a plain string or a list of items.
func (in *Input) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, in) }
