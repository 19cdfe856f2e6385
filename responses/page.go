package responses

import "github.com/respkit/respkit/internal/wire"

// ItemPage is a page of the input items of a response
// (GET /responses/{id}/input_items).
type ItemPage struct {
	Object string `json:"object,omitzero"` // "list"
	Data   []Item `json:"data,omitzero"`
	// FirstID and LastID are the ids of the first and last items of the
	// page; pass LastID as "after" to get the next page.
	FirstID string `json:"first_id,omitzero"`
	LastID  string `json:"last_id,omitzero"`
	HasMore bool   `json:"has_more,omitzero"`
	meta    wire.Meta
}
