package responses

import (
	"errors"
	"fmt"

	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// Event is one event of a streamed response. The concrete types are
// pointers named after the event's "type" without its "response." prefix,
// such as *[OutputTextDeltaEvent] for "response.output_text.delta",
// *[CompletedEvent] for "response.completed" and *[ErrorEvent] for "error";
// read them with a type switch. Kinds of event that this version does not
// know decode to *[Unknown], which keeps their JSON, so a new server event
// never fails a stream. [UnmarshalEvent] decodes one event.
//
// A stream starts with *[CreatedEvent] (after *[QueuedEvent] in background
// mode), then *[InProgressEvent], and ends with *[CompletedEvent],
// *[IncompleteEvent] or *[FailedEvent], each carrying the whole [Response],
// or with an *[ErrorEvent]. In between, each output item is announced by
// *[OutputItemAddedEvent] and finished by *[OutputItemDoneEvent]; the events
// about an item carry its ItemID and OutputIndex (its index in
// [Response.Output]); the events about a message's content part add
// ContentIndex (the part's index in [Message.Content]). Deltas (…DeltaEvent)
// carry the next piece of text in Delta, and the matching …DoneEvent carries
// the whole text.
//
//wire:union Event type:EventType field:Sequence=SequenceNumber
type Event interface {
	isEvent()
	// EventType returns the event's "type", such as
	// "response.output_text.delta".
	EventType() string
	// Sequence returns the event's sequence number, which counts the events
	// of a stream from 0 and lets a client resume it (0 when absent: streams
	// recorded before mid-2025 have none).
	Sequence() int64
}

func init() {
	wire.RegisterUnion[Event](wire.Union{
		Key:     "type",
		Types:   eventVariants,
		Unknown: (*Unknown)(nil),
	})
}

// UnmarshalEvent decodes the JSON of one stream event, the data of one
// server-sent event. An event of a kind this version does not know decodes
// to *[Unknown]; members it does not know are kept and written back when the
// event is encoded again. The error, for JSON that is not an event object,
// gives the event's type (when it has one) and the byte offset.
func UnmarshalEvent(data []byte) (Event, error) {
	var ev Event
	if err := wire.Unmarshal(data, &ev); err != nil {
		if t := gjson.GetBytes(data, "type"); t.Type == gjson.String {
			return nil, fmt.Errorf("responses: decode event %q: %w", t.Str, err)
		}
		return nil, fmt.Errorf("responses: decode event: %w", err)
	}
	if ev == nil {
		return nil, errors.New("responses: decode event: null")
	}
	return ev, nil
}
