package responses

import "github.com/respkit/respkit/internal/wire"

// ToolUsage counts the use of the built-in tools that are billed apart from
// the model's tokens.
type ToolUsage struct {
	ImageGen  *ImageGenUsage  `json:"image_gen,omitzero"`
	WebSearch *WebSearchUsage `json:"web_search,omitzero"`
	meta      wire.Meta
}

// ImageGenUsage counts the tokens of the image generation tool.
type ImageGenUsage struct {
	InputTokens         int                       `json:"input_tokens,omitzero"`
	InputTokensDetails  *ImageTokensDetails       `json:"input_tokens_details,omitzero"`
	OutputTokens        int                       `json:"output_tokens,omitzero"`
	OutputTokensDetails *ImageTokensDetails       `json:"output_tokens_details,omitzero"`
	TotalTokens         int                       `json:"total_tokens,omitzero"`
	CachedTokens        int                       `json:"cached_tokens,omitzero"`
	CachedTokensDetails *CachedImageTokensDetails `json:"cached_tokens_details,omitzero"`
	meta                wire.Meta
}

// ImageTokensDetails breaks down the tokens of image generation into image
// and text tokens.
type ImageTokensDetails struct {
	ImageTokens int `json:"image_tokens,omitzero"`
	TextTokens  int `json:"text_tokens,omitzero"`
	meta        wire.Meta
}

// CachedImageTokensDetails breaks down [ImageGenUsage.CachedTokens].
type CachedImageTokensDetails struct {
	CachedImageTokens int `json:"cached_image_tokens,omitzero"`
	CachedTextTokens  int `json:"cached_text_tokens,omitzero"`
	meta              wire.Meta
}

// WebSearchUsage counts the searches of the web search tool.
type WebSearchUsage struct {
	NumRequests int `json:"num_requests,omitzero"`
	meta        wire.Meta
}
