package responses

import "github.com/respkit/respkit/internal/wire"

// QueuedEvent says that a background response is waiting to start.
//
//wire:variant Event response.queued
type QueuedEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// CreatedEvent is the first event of a stream (after a [QueuedEvent]). Its
// Response has the response's ID and settings and no output yet.
//
//wire:variant Event response.created
type CreatedEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// InProgressEvent says that the model has started on the response.
//
//wire:variant Event response.in_progress
type InProgressEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// CompletedEvent ends a successful stream. Its Response is the whole
// response, with all its output and usage.
//
//wire:variant Event response.completed
type CompletedEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// IncompleteEvent ends a stream whose response stopped early; the
// Response's IncompleteDetails say why (for example "max_output_tokens").
//
//wire:variant Event response.incomplete
type IncompleteEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// FailedEvent ends a stream whose response failed; the Response's Error
// says why.
//
//wire:variant Event response.failed
type FailedEvent struct {
	SequenceNumber int64     `json:"sequence_number,omitzero" wire:"strict"`
	Response       *Response `json:"response,omitzero"`
	meta           wire.Meta
}

// ErrorEvent reports an error that ends the stream, such as an exhausted
// quota. The API documents the error's members at the top level (Code,
// Message, Param); the server has also been seen to send them nested in
// Error, with the error's type.
//
//wire:variant Event error
type ErrorEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	Code           string `json:"code,omitzero"`
	Message        string `json:"message,omitzero"`
	Param          string `json:"param,omitzero"`
	// Error is the error in the nested form:
	// {"type":"error","error":{"type":…,"code":…,"message":…,"param":…}}.
	Error *ResponseError `json:"error,omitzero"`
	meta  wire.Meta
}
