package responses

import "github.com/respkit/respkit/internal/wire"

// ReasoningTextDeltaEvent carries the next piece of a *[ReasoningText] part
// of the reasoning item ItemID, at ContentIndex of its content.
//
//wire:variant Event response.reasoning_text.delta
type ReasoningTextDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// ReasoningTextDoneEvent carries the whole text of a *[ReasoningText] part.
//
//wire:variant Event response.reasoning_text.done
type ReasoningTextDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Text           string `json:"text,omitzero"`
	meta           wire.Meta
}

// ReasoningSummaryPartAddedEvent announces a new *[SummaryText] part of the
// reasoning item ItemID, at SummaryIndex of its summary.
//
//wire:variant Event response.reasoning_summary_part.added
type ReasoningSummaryPartAddedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	SummaryIndex   int    `json:"summary_index,omitzero" wire:"strict"`
	Part           Part   `json:"part,omitzero"`
	meta           wire.Meta
}

// ReasoningSummaryPartDoneEvent carries a *[SummaryText] part in its final
// form.
//
//wire:variant Event response.reasoning_summary_part.done
type ReasoningSummaryPartDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	SummaryIndex   int    `json:"summary_index,omitzero" wire:"strict"`
	Part           Part   `json:"part,omitzero"`
	// Status is "incomplete" when the summary was cut short, else empty.
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

// ReasoningSummaryTextDeltaEvent carries the next piece of the text of the
// summary part at SummaryIndex.
//
//wire:variant Event response.reasoning_summary_text.delta
type ReasoningSummaryTextDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	SummaryIndex   int    `json:"summary_index,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// ReasoningSummaryTextDoneEvent carries the whole text of the summary part
// at SummaryIndex.
//
//wire:variant Event response.reasoning_summary_text.done
type ReasoningSummaryTextDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	SummaryIndex   int    `json:"summary_index,omitzero" wire:"strict"`
	Text           string `json:"text,omitzero"`
	meta           wire.Meta
}
