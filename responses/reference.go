package responses

import "github.com/respkit/respkit/internal/wire"

// ItemReference, in input, stands for a stored item (of an earlier response
// or of the conversation) by its ID.
//
// The API also accepts the short form {"id": "…"} without "type"; since an
// item without "type" is a message, that form decodes to a *[Message] with
// only ID set, which is written back the same way.
//
//wire:variant Item item_reference
type ItemReference struct {
	ID   string `json:"id" wire:"strict"`
	meta wire.Meta
}
