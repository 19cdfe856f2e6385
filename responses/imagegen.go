package responses

import "github.com/respkit/respkit/internal/wire"

// ImageGenerationCall is a call of the built-in image generation tool.
//
//wire:variant Item image_generation_call
type ImageGenerationCall struct {
	ID string `json:"id,omitzero" wire:"strict"`
	// Result is the generated image, base64-encoded.
	Result string `json:"result,omitzero"`
	// Status is "in_progress", "generating", "completed" or "failed".
	Status Status `json:"status,omitzero" wire:"strict"`
	// Action is "generate", "edit" or "auto".
	Action string `json:"action,omitzero"`
	// Background is "transparent", "opaque" or "auto".
	Background string `json:"background,omitzero"`
	// OutputFormat is "png", "webp", "jpeg", "gif" or "svg".
	OutputFormat string `json:"output_format,omitzero"`
	// Quality is "low", "medium", "high", "xhigh", "max" or "auto".
	Quality string `json:"quality,omitzero"`
	// Size is "WIDTHxHEIGHT", such as "1024x1024".
	Size string `json:"size,omitzero"`
	// RevisedPrompt is the prompt after the model rewrote it.
	RevisedPrompt string                  `json:"revised_prompt,omitzero"`
	Error         *ImageGenerationFailure `json:"error,omitzero"`
	// SVGUsage counts the tokens used to draw an SVG image.
	SVGUsage *SVGUsage `json:"svg_usage,omitzero"`
	meta     wire.Meta
}

// ImageGenerationFailure says why an image generation call failed, such as
// Code "moderation_blocked". It is data the API reports, not a Go error.
type ImageGenerationFailure struct {
	Code              string             `json:"code,omitzero"`
	Message           string             `json:"message,omitzero"`
	Param             string             `json:"param,omitzero"`
	Type              string             `json:"type,omitzero" wire:"strict"`
	ModerationDetails *ModerationDetails `json:"moderation_details,omitzero"`
	meta              wire.Meta
}

// ModerationDetails says why moderation blocked an image generation call:
// the Categories and the ModerationStage ("input", "output" or "unknown").
type ModerationDetails struct {
	Categories      []string `json:"categories,omitzero"`
	ModerationStage string   `json:"moderation_stage,omitzero"`
	meta            wire.Meta
}

// SVGUsage counts the tokens the model Model used to draw an SVG image.
type SVGUsage struct {
	Model           string `json:"model,omitzero"`
	InputTokens     int    `json:"input_tokens,omitzero"`
	OutputTokens    int    `json:"output_tokens,omitzero"`
	ReasoningTokens int    `json:"reasoning_tokens,omitzero"`
	TotalTokens     int    `json:"total_tokens,omitzero"`
	meta            wire.Meta
}
