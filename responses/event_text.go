package responses

import "github.com/respkit/respkit/internal/wire"

// OutputTextDeltaEvent carries the next piece of the text of an
// *[OutputText] part: the part at ContentIndex of the message ItemID. It is
// the most frequent event of a stream.
//
//wire:variant Event response.output_text.delta
type OutputTextDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	// Logprobs are the log probabilities of the delta's tokens, when asked
	// for with [IncludeOutputLogprobs].
	Logprobs []Logprob `json:"logprobs,omitzero"`
	// Obfuscation is random padding that hides the size of the delta; see
	// [StreamOptions.IncludeObfuscation].
	Obfuscation string `json:"obfuscation,omitzero"`
	meta        wire.Meta
}

// OutputTextDoneEvent carries the whole text of an *[OutputText] part.
//
//wire:variant Event response.output_text.done
type OutputTextDoneEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string    `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int       `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int       `json:"content_index,omitzero" wire:"strict"`
	Text           string    `json:"text,omitzero"`
	Logprobs       []Logprob `json:"logprobs,omitzero"`
	meta           wire.Meta
}

// OutputTextAnnotationAddedEvent adds an annotation, such as a citation, to
// an *[OutputText] part, at AnnotationIndex of its Annotations.
//
//wire:variant Event response.output_text.annotation.added
type OutputTextAnnotationAddedEvent struct {
	SequenceNumber  int64      `json:"sequence_number,omitzero" wire:"strict"`
	ItemID          string     `json:"item_id,omitzero" wire:"strict"`
	OutputIndex     int        `json:"output_index,omitzero" wire:"strict"`
	ContentIndex    int        `json:"content_index,omitzero" wire:"strict"`
	AnnotationIndex int        `json:"annotation_index,omitzero"`
	Annotation      Annotation `json:"annotation,omitzero"`
	meta            wire.Meta
}

// RefusalDeltaEvent carries the next piece of the text of a *[Refusal] part.
//
//wire:variant Event response.refusal.delta
type RefusalDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// RefusalDoneEvent carries the whole text of a *[Refusal] part.
//
//wire:variant Event response.refusal.done
type RefusalDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Refusal        string `json:"refusal,omitzero"`
	meta           wire.Meta
}
