package responses

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/respkit/respkit/client"
	"github.com/tidwall/gjson"
)

// An EventDecoder reads the events of one response that arrive by a
// transport of its own, one JSON document each, such as the messages of a
// WebSocket connection (package github.com/respkit/respkit/responses/ws),
// and treats them as [Service.Stream] treats those of an HTTP stream: it
// checks their sequence numbers, rebuilds the response, and ends the
// response with a *[StreamError] for an error event, a failed response, an
// event that does not decode or one out of sequence. A transport that
// yields events in a range loop, as Stream does, needs nothing else to
// behave the same.
type EventDecoder struct {
	er eventReader
}

// NewEventDecoder returns a decoder of the events of the response to req,
// sent with c. An error event must not show c's secrets, nor those of req
// (its MCP tools' tokens); either may be nil.
func NewEventDecoder(c *client.Client, req *Request) *EventDecoder {
	d := &EventDecoder{}
	d.er.last = FromStart
	d.er.acc = new(Accumulator)
	d.er.c = c
	if req != nil {
		d.er.secrets = toolSecrets(nil, req.Tools)
	}
	return d
}

// Decode decodes data, the JSON of the response's next event, which it
// does not keep. It returns the event, or a *StreamError that ends the
// response: the error event or failed response the server sent, an event
// that does not decode, one out of sequence, or one after the last.
//
// more says that the transport holds more events already, as when several
// arrived at once: events are then allocated in batches and their strings
// copied into shared chunks, as [Service.Stream] does, which saves most
// allocations. An event decoded without more is allocated on its own, and
// the decoder lets go of its batches: call it so before a wait, and a
// waiting response holds nothing of the events before.
func (d *EventDecoder) Decode(data []byte, more bool) (Event, error) {
	batch := 0
	if more {
		batch = eventBatch
	}
	ev, err := d.er.decode(data, "", batch, false)
	if !more {
		d.er.wd.Trim()
	}
	return ev, err
}

// Done reports whether the response's last event was decoded: a completed,
// incomplete or failed response, or an error event.
func (d *EventDecoder) Done() bool { return d.er.done }

// Events returns the number of events decoded and returned so far.
func (d *EventDecoder) Events() int { return d.er.n }

// Broken returns the error of a transport that broke before the response's
// last event: a *StreamError wrapping err, with the response as far as it
// came. A tool loop sends the turn of a broken stream again (see
// [Loop.Transport]).
func (d *EventDecoder) Broken(err error) *StreamError { return d.er.cut(err) }

// Response returns the response as far as its events built it; after the
// last event, the final response.
func (d *EventDecoder) Response() *Response { return d.er.acc.Response() }

// Skip takes an event the caller has no use for, such as a text delta when
// only the final response matters, without decoding it: it checks its
// sequence number, as Decode does, and counts it, but the response Decode
// rebuilds no longer has it. A caller that keeps only the final response
// skips every event but the last one (and an error event), and decodes
// that: a response costs then about what the JSON of the final response
// does, whatever the number of its events.
func (d *EventDecoder) Skip(data []byte) error {
	er := &d.er
	r := gjson.GetManyBytes(data, "sequence_number", "type", "response.id")
	seq, typ := r[0], r[1].Str
	if !gjson.ValidBytes(data) || typ == "" {
		return er.stop(&ProtocolError{What: "event " + strconv.Quote(typ), Err: errors.New("not an event object")})
	}
	if er.done {
		return er.stop(fmt.Errorf("%w: %s", ErrAfterEnd, typ))
	}
	n := seq.Int()
	switch {
	case n == er.last+1:
		if n == 0 {
			er.unnumbered = !seq.Exists()
		}
		er.last = n
	case n == 0 && er.unnumbered && er.last == 0:
	default:
		if !seq.Exists() {
			return er.stop(fmt.Errorf("%w: %s event without a sequence number after %d", ErrSequenceGap, typ, er.last))
		}
		return er.stop(fmt.Errorf("%w: sequence number %d after %d", ErrSequenceGap, n, er.last))
	}
	if id := r[2].Str; id != "" {
		er.id = id
	}
	er.n++
	return nil
}
