package responses

import "github.com/respkit/respkit/client"

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
func (d *EventDecoder) Decode(data []byte) (Event, error) {
	return d.er.decode(data, "", 0, false)
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
