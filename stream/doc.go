// Package stream decodes server-sent events: the text/event-stream wire
// format in which the Responses API, like many HTTP APIs, streams its
// events. It knows nothing of what the events mean; it returns each
// event's type, data, last event ID and reconnection time.
//
// [Events] returns an iterator over the events read from an [io.Reader];
// a [Decoder] does the same one [Decoder.Next] call at a time and also
// reports the byte offset it has reached.
//
// # Wire format
//
// The decoder follows the event-stream interpretation rules of the WHATWG
// HTML standard
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
//
//   - Lines end in CR LF, LF or CR, even mixed in one stream and however
//     the reads split them (a CR at the end of one read and an LF at the
//     start of the next are one line end).
//   - One UTF-8 byte order mark at the very start of the stream is skipped.
//   - A blank line dispatches the event built from the lines before it.
//     An event with no data field is not dispatched.
//   - A line starting with a colon is a comment (servers send them as
//     keep-alives) and is ignored.
//   - Otherwise the line is a field: the name is what comes before the
//     first colon, the value what comes after it with one leading space
//     removed, if there is one. A line without a colon is a field name
//     with an empty value. Names are case-sensitive.
//   - data appends its value and a newline to the event's data, which is
//     dispatched without its last newline: several data lines are joined
//     with "\n", and "data" alone adds an empty line.
//   - event sets the event's type; an event without one is a "message".
//   - id sets the last event ID, which every later event carries until the
//     next id field; an id whose value contains NUL is ignored.
//   - retry sets the reconnection time in milliseconds, if its value is
//     all ASCII digits; otherwise it is ignored.
//   - Any other field is ignored.
//
// # Deviations from the standard
//
// A last event that the stream ends without its blank line is dispatched,
// where the standard discards it: nothing is lost silently. A truncated
// stream therefore may yield a last event with incomplete data; the
// caller's decoding of that data (or the absence of the event that ends
// its protocol) tells it so. Likewise, a last line without a line end is
// processed.
//
// The bytes of the stream are not decoded as UTF-8: data, types and IDs
// are returned as they were sent, where a browser would replace invalid
// UTF-8 with U+FFFD. (encoding/json makes the same replacement when it
// decodes a string.)
//
// A retry field with an empty value resets the reconnection time to 0,
// "none given", as browsers reset it to their default; one too large for a
// [time.Duration] is ignored.
//
// # Limits
//
// A line longer than [DefaultMaxLineSize] (32 MiB) or an event with more
// than [DefaultMaxEventSize] (32 MiB) of data stops the decoder with a
// [*LimitError] that names the limit and the byte offset of the line that
// went over; [WithMaxLineSize] and [WithMaxEventSize] change the bounds.
// The decoder never holds more than the bounds: its memory is at most
// about one line plus one event's data.
//
// # Errors
//
// A clean end of the stream is io.EOF from [Decoder.Next] and the end of
// the loop for [Events]. An error from the reader is returned wrapped with
// the offset at which it happened; errors.Is and errors.As see through
// the wrapping, so errors.Is(err, io.ErrUnexpectedEOF) or
// errors.Is(err, context.Canceled) keep working. After an error the
// decoder returns the same error forever.
//
// # Performance
//
// The decoder reads in large chunks, finds line ends with
// [bytes.IndexByte] and reuses its buffers, so in a steady state it does
// not allocate: [Event.Data] points into the decoder's buffer and is valid
// only until the next event is read, like [bufio.Scanner.Bytes]. Event
// type strings are interned, so a stream of ten thousand
// response.output_text.delta events allocates that string once. An id
// field whose value changes allocates the new ID. [Decoder.Reset] reuses a
// decoder for another stream.
//
// A decoder that waits for the next event, having consumed all it read,
// waits with a read buffer of 512 bytes: the large one goes back to a pool
// that all the decoders of the process share, and a buffer grown for a
// large event is dropped. A process that holds thousands of streams open,
// each waiting on a slow server, so keeps a large buffer only for the
// streams that are busy. [Decoder.Buffered] says whether the next event is
// already read, or whether the next call to Next will wait.
//
// # Example
//
// A complete program that prints the events of a stream:
//
//	package main
//
//	import (
//		"fmt"
//		"log"
//		"net/http"
//
//		"github.com/respkit/respkit/stream"
//	)
//
//	func main() {
//		resp, err := http.Get("https://example.com/events")
//		if err != nil {
//			log.Fatal(err)
//		}
//		defer resp.Body.Close()
//
//		for ev, err := range stream.Events(resp.Body) {
//			if err != nil {
//				log.Fatal(err)
//			}
//			fmt.Printf("%s: %s\n", ev.Type, ev.Data)
//		}
//	}
package stream
