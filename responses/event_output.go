package responses

import "github.com/respkit/respkit/internal/wire"

// OutputItemAddedEvent announces a new output item, at OutputIndex of
// [Response.Output]. The Item is still in progress: a message has no content
// yet, a function call no arguments.
//
//wire:variant Event response.output_item.added
type OutputItemAddedEvent struct {
	SequenceNumber int64 `json:"sequence_number,omitzero" wire:"strict"`
	OutputIndex    int   `json:"output_index,omitzero" wire:"strict"`
	Item           Item  `json:"item,omitzero"`
	meta           wire.Meta
}

// OutputItemDoneEvent carries an output item in its final form, as it
// appears in the completed response's output.
//
//wire:variant Event response.output_item.done
type OutputItemDoneEvent struct {
	SequenceNumber int64 `json:"sequence_number,omitzero" wire:"strict"`
	OutputIndex    int   `json:"output_index,omitzero" wire:"strict"`
	Item           Item  `json:"item,omitzero"`
	meta           wire.Meta
}

// ContentPartAddedEvent announces a new content part of an output message
// (or of a reasoning item), at ContentIndex of its content. The Part is an
// empty *[OutputText], *[Refusal] or *[ReasoningText].
//
//wire:variant Event response.content_part.added
type ContentPartAddedEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Part           Part   `json:"part,omitzero"`
	meta           wire.Meta
}

// ContentPartDoneEvent carries a content part in its final form.
//
//wire:variant Event response.content_part.done
type ContentPartDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ItemID         string `json:"item_id,omitzero" wire:"strict"`
	OutputIndex    int    `json:"output_index,omitzero" wire:"strict"`
	ContentIndex   int    `json:"content_index,omitzero" wire:"strict"`
	Part           Part   `json:"part,omitzero"`
	meta           wire.Meta
}
