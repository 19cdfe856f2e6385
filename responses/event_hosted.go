package responses

import "github.com/respkit/respkit/internal/wire"

// The progress events of the tools the API runs itself (code interpreter,
// file search, web search, image generation) and of compaction. Each names
// the output item it is about by ItemID and OutputIndex; the item itself
// comes with the [OutputItemAddedEvent] and [OutputItemDoneEvent] around them.

// CodeInterpreterCallInProgressEvent says that a code interpreter call has
// started.
//
//wire:variant Event response.code_interpreter_call.in_progress
type CodeInterpreterCallInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// CodeInterpreterCallCodeDeltaEvent carries the next piece of the code that
// a code interpreter call runs.
//
//wire:variant Event response.code_interpreter_call_code.delta
type CodeInterpreterCallCodeDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// CodeInterpreterCallCodeDoneEvent carries the whole code that a code
// interpreter call runs.
//
//wire:variant Event response.code_interpreter_call_code.done
type CodeInterpreterCallCodeDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	Code           string `json:"code,omitzero"`
	meta           wire.Meta
}

// CodeInterpreterCallInterpretingEvent says that the code interpreter runs
// the code.
//
//wire:variant Event response.code_interpreter_call.interpreting
type CodeInterpreterCallInterpretingEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// CodeInterpreterCallCompletedEvent says that a code interpreter call has
// finished.
//
//wire:variant Event response.code_interpreter_call.completed
type CodeInterpreterCallCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// FileSearchCallInProgressEvent says that a file search has started.
//
//wire:variant Event response.file_search_call.in_progress
type FileSearchCallInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// FileSearchCallSearchingEvent says that a file search is searching.
//
//wire:variant Event response.file_search_call.searching
type FileSearchCallSearchingEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// FileSearchCallCompletedEvent says that a file search has finished.
//
//wire:variant Event response.file_search_call.completed
type FileSearchCallCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// WebSearchCallInProgressEvent says that a web search has started.
//
//wire:variant Event response.web_search_call.in_progress
type WebSearchCallInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// WebSearchCallSearchingEvent says that a web search is searching.
//
//wire:variant Event response.web_search_call.searching
type WebSearchCallSearchingEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// WebSearchCallCompletedEvent says that a web search has finished.
//
//wire:variant Event response.web_search_call.completed
type WebSearchCallCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// ImageGenerationCallInProgressEvent says that an image generation call has
// started.
//
//wire:variant Event response.image_generation_call.in_progress
type ImageGenerationCallInProgressEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// ImageGenerationCallGeneratingEvent says that the image is being generated.
//
//wire:variant Event response.image_generation_call.generating
type ImageGenerationCallGeneratingEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// ImageGenerationCallPartialImageEvent carries a partial image, when the
// image generation tool asks for partial images.
//
//wire:variant Event response.image_generation_call.partial_image
type ImageGenerationCallPartialImageEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	// PartialImageIndex counts the partial images of the call from 0.
	PartialImageIndex int `json:"partial_image_index,omitzero"`
	// PartialImageB64 is the image, base64 encoded.
	PartialImageB64 string `json:"partial_image_b64,omitzero"`
	// Background is "transparent" or "opaque".
	Background string `json:"background,omitzero"`
	// OutputFormat is "png", "webp" or "jpeg".
	OutputFormat string `json:"output_format,omitzero"`
	// Quality is "low", "medium" or "high".
	Quality string `json:"quality,omitzero"`
	// Size is the image's size, such as "1024x1024".
	Size string `json:"size,omitzero"`
	meta wire.Meta
}

// ImageGenerationCallCompletedEvent says that an image generation call has
// finished.
//
//wire:variant Event response.image_generation_call.completed
type ImageGenerationCallCompletedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}

// CompactionCompactingEvent says that the server is writing the summary of
// the compaction item ItemID. It carries no summary.
//
//wire:variant Event response.compaction.compacting
type CompactionCompactingEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	meta           wire.Meta
}
