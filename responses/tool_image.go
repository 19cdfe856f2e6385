package responses

import "github.com/respkit/respkit/internal/wire"

// ImageGenerationTool lets the model generate and edit images with a GPT
// image model. The images come back as image generation call items. Unset
// fields take the API's defaults.
//
//wire:variant Tool image_generation
type ImageGenerationTool struct {
	// Model is the image model, such as "gpt-image-2" (the default) or
	// "gpt-image-1.5".
	Model string `json:"model,omitzero"`
	// Action is "generate", "edit" or "auto" (the default).
	Action string `json:"action,omitzero"`
	// Size is "1024x1024", "1536x1024", "1024x1536", "auto", or for some
	// models any "WIDTHxHEIGHT" with sides divisible by 16.
	Size string `json:"size,omitzero"`
	// Quality is "low", "medium", "high", "xhigh", "max" or "auto".
	Quality string `json:"quality,omitzero"`
	// Background is "transparent", "opaque" or "auto".
	Background string `json:"background,omitzero"`
	// OutputFormat is "png" (the default), "webp", "jpeg", "gif" or "svg".
	OutputFormat string `json:"output_format,omitzero"`
	// OutputCompression is the compression level, 0 to 100 (the default).
	OutputCompression *int `json:"output_compression,omitzero"`
	// Moderation is "auto" (the default) or "low".
	Moderation string `json:"moderation,omitzero"`
	// PartialImages is the number of partial images streamed, 0 to 3.
	PartialImages int `json:"partial_images,omitzero"`
	// InputFidelity is "high" or "low": how closely edits keep the style
	// and features of input images.
	InputFidelity  string     `json:"input_fidelity,omitzero"`
	InputImageMask *ImageMask `json:"input_image_mask,omitzero"`
	// Complexity is "low", "medium" or "high": the effort spent planning
	// the image.
	Complexity string `json:"complexity,omitzero"`
	// FrameCount (default 9) and FrameDurationMs (default 200) shape a GIF.
	FrameCount      int `json:"frame_count,omitzero"`
	FrameDurationMs int `json:"frame_duration_ms,omitzero"`
	// SVG configures the model that writes SVG output.
	SVG *ImageSVG `json:"svg,omitzero"`
	// N is the number of images, echoed by the API; it is not documented.
	N    int `json:"n,omitzero"`
	meta wire.Meta
}

// ImageMask is the mask for inpainting: an uploaded file or a base64 data
// URL.
type ImageMask struct {
	FileID   string `json:"file_id,omitzero"`
	ImageURL string `json:"image_url,omitzero"`
	meta     wire.Meta
}

// ImageSVG configures the model that writes SVG images.
type ImageSVG struct {
	Model string `json:"model,omitzero"`
	// Reasoning sets its reasoning effort (Effort only).
	Reasoning *Reasoning `json:"reasoning,omitzero"`
	meta      wire.Meta
}
