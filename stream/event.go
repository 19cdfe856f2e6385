package stream

import (
	"io"
	"iter"
	"time"
)

// An Event is one dispatched server-sent event.
type Event struct {
	// Type is the value of the event's last event field, or "message" when
	// it had none or an empty one (the WHATWG default). Type strings are
	// interned: a stream of many events of the same type allocates the
	// string once.
	Type string

	// Data is the values of the event's data fields joined with "\n", with
	// no trailing newline. It is never nil for a dispatched event, but may
	// be empty ("data" alone or "data:" dispatches an event with empty
	// data). Data points into the decoder's buffer and is valid only until
	// the next call to [Decoder.Next] (or the next iteration of [Events]);
	// copy it to keep it.
	Data []byte

	// ID is the last event ID: the value of the most recent id field in the
	// stream so far, in this event or an earlier one ("" if none). As the
	// specification says, it persists from event to event until an id field
	// changes it; an id field whose value contains NUL is ignored.
	ID string

	// Retry is the reconnection time set by the most recent valid retry
	// field in the stream so far, in this event or an earlier one, or 0 if
	// there was none. Like ID it persists from event to event, because the
	// specification makes it a property of the stream, not of one event.
	Retry time.Duration
}

// Events decodes the server-sent events read from r; opts are the options
// of [NewDecoder]. Each event's Data is valid only until the loop body
// returns. A read error from r is yielded wrapped, so errors.Is(err,
// io.ErrUnexpectedEOF) and the like keep working; a line or event over its
// bound is yielded as a [*LimitError].
//
// It returns a single-use iterator. Iteration stops at the first error; an
// event is never yielded together with an error; a clean end of stream is
// not an error. Ranging over it again after a break continues with the next
// event. Events does not close r.
func Events(r io.Reader, opts ...Option) iter.Seq2[Event, error] {
	d := NewDecoder(r, opts...)
	return func(yield func(Event, error) bool) {
		for {
			ev, err := d.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, err)
				return
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}
