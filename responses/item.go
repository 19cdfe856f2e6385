package responses

import "github.com/respkit/respkit/internal/wire"

// Item is one entry of a conversation: a message, a tool call, the output of
// a tool call, a reasoning step. The same types serve as request input
// ([Request.Input]), as response output ([Response.Output]) and in input-item
// listings, so a response's output can be sent back as the next input.
//
// The concrete types are pointers, such as *[Message], *[FunctionCall] and
// *[FunctionCallOutput]; read them with a type switch. Kinds of item that this
// version does not know decode to *[Unknown], which keeps their JSON.
//
//wire:union Item
type Item interface {
	isItem()
}

func init() {
	wire.RegisterUnion[Item](wire.Union{
		Key:     "type",
		Types:   itemVariants,
		Missing: (*Message)(nil),
		Unknown: (*Unknown)(nil),
	})
}
