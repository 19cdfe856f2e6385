package responses

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/stream"
	"github.com/tidwall/gjson"
)

// ReadEvents returns an iterator over the events of a Responses API stream:
// the body of a streamed response, in the server-sent events format, from
// any source (an HTTP body, a file of recorded events).
//
// It returns a single-use iterator. Iteration stops at the first error; an
// event is never yielded together with an error; a clean end of stream is
// not an error. An *[ErrorEvent] or a *[FailedEvent] ends the iteration with
// a *[StreamError] that holds it, instead of being yielded. A stream that
// ends before its last event (*[CompletedEvent], *[IncompleteEvent]) ends
// with a *[StreamError] that wraps [io.ErrUnexpectedEOF]. ReadEvents does not
// close r.
//
// The events must be numbered one after the other from 0, as the API numbers
// them: a skipped, repeated or earlier sequence number ends the iteration
// with a *StreamError wrapping [ErrSequenceGap], and an event after the last
// one with a *StreamError wrapping [ErrAfterEnd]. The first event decides
// whether a stream is numbered: one whose events carry no sequence_number at
// all (recorded before the API had them, or from a server that does not
// number them) reads as all 0s and is not checked; in a numbered stream, an
// event without one (an unknown kind included: the API numbers every event)
// is out of sequence.
//
// An event with more than [client.DefaultMaxEventSize] bytes of data ends
// the iteration with a *StreamError wrapping a *[stream.LimitError].
//
// Reading keeps nothing per event: memory stays flat however long the
// stream. While events arrive faster than they are read, they are
// allocated in batches of up to 32, and their strings copied into chunks of
// up to 16 KiB, so an event the caller keeps keeps its batch and its chunk
// alive, no more. An event that arrives alone is allocated on its own: a
// stream waiting for its next event holds no batch, no chunk, and a read
// buffer of only 512 bytes (see the stream package).
func ReadEvents(r io.Reader) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		er := newEventReader(r, client.DefaultMaxEventSize)
		defer er.release()
		for {
			ev, err := er.next()
			if err == io.EOF {
				if !er.done {
					yield(nil, er.cut(io.ErrUnexpectedEOF))
				}
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// eventReader decodes the events of one HTTP stream.
type eventReader struct {
	src        waitReader
	dec        *stream.Decoder
	limit      int // the bound on an event's data that dec was made with
	wd         wire.Decoder
	ev         Event // scratch, so decoding does not allocate a new interface
	last       int64 // the sequence number of the last event delivered, or FromStart
	unnumbered bool  // the stream's first event had no sequence number: none are checked
	repeats    bool  // a resumed stream, which may repeat the events up to last
	n          int   // events delivered
	done       bool  // the stream's last event was read
	id         string
	acc        *Accumulator
	http       *client.Response // the HTTP exchange, given to the responses of lifecycle events
	c          *client.Client   // the client of the call, whose secrets an error event must not show
	secrets    []string         // the request's own secrets (MCP tokens)
}

// readers keeps event readers, with their decoders, for the next stream.
var readers sync.Pool

// newEventReader returns a reader of the events of r, none of which may
// have more than limit bytes of data.
func newEventReader(r io.Reader, limit int) *eventReader {
	er, ok := readers.Get().(*eventReader)
	if !ok {
		er = new(eventReader)
	}
	er.src = waitReader{r: r, er: er}
	if er.dec == nil || er.limit != limit {
		// The bound on a line leaves room for the field name before the
		// event's data.
		er.dec = stream.NewDecoder(&er.src, stream.WithMaxLineSize(limit+64), stream.WithMaxEventSize(limit))
		er.limit = limit
	} else {
		er.dec.Reset(&er.src)
	}
	er.last = FromStart
	return er
}

// eventBatch is the number of events allocated at a time, at most.
const eventBatch = 32

// release returns the reader for reuse; er must not be used afterwards.
// It keeps nothing of the stream: a pooled reader holds no batch, chunk or
// large buffer, and brings none to the next stream, whose first event may
// be long in coming.
func (er *eventReader) release() {
	er.dec.Reset(nil)
	er.wd.Trim()
	*er = eventReader{dec: er.dec, wd: er.wd, limit: er.limit}
	readers.Put(er)
}

// A waitReader is the body of an event reader's stream, as its decoder
// reads it. A read with nothing left to decode may wait for long (the
// model may think for minutes between events): before it, the event
// decoder lets go of the rest of its batches and chunk, so that an open
// stream that waits holds only its small read buffer and what the caller
// keeps.
type waitReader struct {
	r  io.Reader
	er *eventReader
}

func (w *waitReader) Read(p []byte) (int, error) {
	if w.er.dec.Buffered() == 0 {
		w.er.wd.Trim()
	}
	return w.r.Read(p)
}

// next returns the next event, io.EOF at the end of the stream, or an error.
// It checks the sequence numbers, and handles the events that end a stream:
// error and response.failed become a *StreamError.
func (er *eventReader) next() (Event, error) {
	for {
		se, err := er.dec.Next()
		if err != nil {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, er.cut(err)
		}
		if len(se.Data) == 0 || string(se.Data) == "[DONE]" {
			continue // keep-alive, or the end marker of other OpenAI streams
		}
		// The stream decoder reuses its buffer, so the event's strings are
		// copied. While events arrive faster than they are read, they come
		// several to a read: their strings are copied into chunks, and
		// they are allocated in batches, so that an event costs less than
		// one allocation. An event that is the last one read, alone as a
		// rule, is allocated on its own. (And nothing of a batch is held
		// while the next read waits: see waitReader.)
		batch := eventBatch
		if er.dec.Buffered() == 0 {
			batch = 0
		}
		ev, err := er.decode(se.Data, se.Type, batch, er.dec.Unterminated())
		if ev == nil && err == nil {
			continue // sent again by a resumed stream: delivered before
		}
		return ev, err
	}
}

// decode decodes data, the JSON of one event of type typ (for errors),
// checks its sequence number and handles the events that end a stream, as
// next says. batch is the number of events to allocate at once (0: this
// one alone); cut says that the stream ended inside data. It returns a nil
// event and a nil error for an event sent again by a resumed stream.
func (er *eventReader) decode(data []byte, typ string, batch int, cut bool) (Event, error) {
	er.wd.Batch(batch)
	er.ev = nil
	err := er.wd.Unmarshal(data, &er.ev)
	if err != nil || er.ev == nil {
		if err == nil {
			err = errors.New("null event")
		}
		if typ == "" {
			typ = gjson.GetBytes(data, "type").Str
		}
		de := &ProtocolError{What: "event " + strconv.Quote(typ), Err: err}
		if syn, ok := err.(*wire.SyntaxError); ok && syn.Offset >= len(data) && cut {
			// JSON that stops short at the end of the stream is a stream
			// that was cut.
			return nil, er.cut(fmt.Errorf("%w: %w", io.ErrUnexpectedEOF, de))
		}
		return nil, er.stop(de)
	}
	ev := er.ev
	er.ev = nil // kept by the caller, if at all, not by a waiting reader
	if er.done {
		return nil, er.stop(fmt.Errorf("%w: %s", ErrAfterEnd, ev.EventType()))
	}
	switch seq := ev.Sequence(); {
	case seq == er.last+1:
		if seq == 0 {
			// The first event says whether the stream numbers its
			// events: asked once per stream.
			er.unnumbered = !hasSequence(ev)
		}
		er.last = seq
		er.repeats = false
	case seq == 0 && er.unnumbered && er.last == 0:
		// A stream without sequence numbers: its events all read as 0.
	case er.repeats && seq <= er.last && (seq > 0 || hasSequence(ev)):
		return nil, nil
	default:
		return nil, er.stop(er.outOfSequence(ev, seq))
	}
	if er.acc != nil {
		// An event the accumulator cannot place is still yielded: the
		// caller sees every event; only the partial response that a
		// broken stream's error carries may lack it.
		_ = er.acc.Add(ev)
	}
	switch ev := ev.(type) {
	case *CreatedEvent:
		er.setID(ev.Response)
	case *QueuedEvent:
		er.setID(ev.Response)
	case *InProgressEvent:
		er.setID(ev.Response)
	case *CompletedEvent:
		er.done = true
		er.setHTTP(ev.Response)
	case *IncompleteEvent:
		er.done = true
		er.setHTTP(ev.Response)
	case *FailedEvent:
		er.done = true
		er.setID(ev.Response)
		return nil, er.failed(ev)
	case *ErrorEvent:
		er.done = true
		return nil, er.errorEvent(ev)
	}
	er.n++
	return ev, nil
}

// hasSequence reports whether ev has a sequence_number member. It is
// asked only of an event that reads as 0 after the first one.
func hasSequence(ev Event) bool {
	if u, ok := ev.(*Unknown); ok {
		return gjson.GetBytes(u.Raw, "sequence_number").Exists()
	}
	return wire.Present(ev, "sequence_number")
}

// outOfSequence returns the error for an event of sequence number seq that
// does not follow the last one delivered.
func (er *eventReader) outOfSequence(ev Event, seq int64) error {
	switch {
	case seq == 0 && !hasSequence(ev):
		return fmt.Errorf("%w: %s event without a sequence number after %d", ErrSequenceGap, ev.EventType(), er.last)
	case er.last == FromStart:
		return fmt.Errorf("%w: sequence number %d for the first event", ErrSequenceGap, seq)
	}
	return fmt.Errorf("%w: sequence number %d after %d", ErrSequenceGap, seq, er.last)
}

func (er *eventReader) setID(r *Response) {
	if r != nil && r.ID != "" {
		er.id = r.ID
	}
	er.setHTTP(r)
}

// setHTTP gives r the HTTP exchange of the stream, so that its RequestID,
// RateLimit and Header methods work.
func (er *eventReader) setHTTP(r *Response) {
	if r != nil && er.http != nil {
		r.http = er.http
	}
}

// stop returns the error for a stream that ended with err before its end,
// after the events delivered so far.
func (er *eventReader) stop(err error) *StreamError {
	return &StreamError{Err: err, ResponseID: er.id, LastSequence: er.last, Events: er.n, Response: partial(er.acc)}
}

// cut returns the error for a stream whose reading failed with err before
// its end. A broken connection may be read again; a line or event over its
// bound may not.
func (er *eventReader) cut(err error) *StreamError {
	e := er.stop(err)
	_, limit := errors.AsType[*stream.LimitError](err)
	e.broken = !limit
	return e
}

func partial(acc *Accumulator) *Response {
	if acc == nil {
		return nil
	}
	return acc.Response()
}

// A StreamError ends a stream that did not complete: the server sent an
// *[ErrorEvent] or a *[FailedEvent], or the connection broke before the
// response's last event.
type StreamError struct {
	// Event is the *ErrorEvent or *FailedEvent that ended the stream, or nil
	// when the connection broke.
	Event Event
	// Response is the response as far as it came: the failed response, or
	// the one rebuilt from the events received before the connection broke
	// (nil for [ReadEvents], which does not rebuild it).
	Response *Response
	// ResponseID is the id of the streamed response, when the stream said it.
	ResponseID string
	// LastSequence is the sequence number of the last event delivered (the
	// error or failed event's own, for those), from which a background
	// response's stream can be resumed with [Service.Resume]: [FromStart]
	// when no event was delivered, 0 after event 0. A stream whose events
	// carry no sequence number has no position to resume from: its
	// LastSequence stays 0 after its first event.
	LastSequence int64
	// Events is the number of events delivered (yielded) by the call, over
	// all the connections of a resumed stream.
	Events int
	// Err is the cause: the *ResponseError of a failed response or error
	// event, the read error (io.ErrUnexpectedEOF when the stream ended
	// early), the *ProtocolError of an event that does not decode, or an
	// error wrapping [ErrSequenceGap] or [ErrAfterEnd].
	Err error

	broken bool // the connection broke: reading again may succeed
}

// FromStart, as the after argument of [Service.Resume], streams a
// response's events from the first one. It is the LastSequence of a
// *[StreamError] that ended before any event was delivered.
const FromStart = -1

var (
	// ErrSequenceGap is wrapped by the *[StreamError] of a stream whose
	// events are not numbered one after the other: a sequence number was
	// skipped, repeated, or went back. Nothing from that event on is
	// yielded.
	ErrSequenceGap = errors.New("responses: events out of sequence")
	// ErrAfterEnd is wrapped by the *[StreamError] of a stream that sent an
	// event after its last one (response.completed, response.incomplete,
	// response.failed or error). [Service.Stream] stops reading at the last
	// event, so only [ReadEvents], which reads its input to the end, reports
	// it.
	ErrAfterEnd = errors.New("responses: event after the end of the stream")
)

// Error returns the error as one line: line breaks in what the server said
// are written as \n.
func (e *StreamError) Error() string {
	if e.Event != nil {
		return oneLine.Replace("responses: stream failed: " + errText(e.Err))
	}
	id := e.ResponseID
	if id == "" {
		id = "response"
	}
	if e.LastSequence == FromStart {
		return oneLine.Replace(fmt.Sprintf("responses: stream of %s broke before any event: %v", id, e.Err))
	}
	return oneLine.Replace(fmt.Sprintf("responses: stream of %s broke after %d events (last sequence number %d): %v", id, e.Events, e.LastSequence, e.Err))
}

// oneLine writes line breaks as escapes, so that an error is one log line.
var oneLine = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func (e *StreamError) Unwrap() error { return e.Err }

func errText(err error) string {
	if re, ok := err.(*ResponseError); ok {
		if re.Code == "" {
			return re.Message
		}
		return re.Code + ": " + re.Message
	}
	return err.Error()
}

// failed returns the error for a response.failed event: it carries the
// failed response.
func (er *eventReader) failed(ev *FailedEvent) *StreamError {
	e := &StreamError{Event: ev, Response: ev.Response, ResponseID: er.id, LastSequence: er.last, Events: er.n}
	if ev.Response != nil && ev.Response.Error != nil {
		er.scrub(ev.Response.Error)
		e.Err = ev.Response.Error
	} else {
		e.Err = &ResponseError{Message: "the response failed without an error"}
	}
	if e.Response == nil {
		e.Response = partial(er.acc)
	}
	return e
}

// errorEvent returns the error for an error event, in its nested shape
// ({"error":{...}}) or its flat one; it carries the response as far as it
// came.
func (er *eventReader) errorEvent(ev *ErrorEvent) *StreamError {
	ev.Code, ev.Message, ev.Param = er.scrubbed(ev.Code), er.scrubbed(ev.Message), er.scrubbed(ev.Param)
	re := ev.Error
	if re == nil {
		re = &ResponseError{Code: ev.Code, Message: ev.Message, Param: ev.Param}
	}
	er.scrub(re)
	return &StreamError{Event: ev, Response: partial(er.acc), ResponseID: er.id, LastSequence: er.last, Events: er.n, Err: re}
}

// scrub replaces the secrets of the call (the key, a request's MCP tokens)
// in what the server says of an error, which may echo them.
func (er *eventReader) scrub(re *ResponseError) {
	re.Code, re.Message, re.Param = er.scrubbed(re.Code), er.scrubbed(re.Message), er.scrubbed(re.Param)
}

// scrubbed returns s with the secrets of the call replaced, when the
// stream comes from a client.
func (er *eventReader) scrubbed(s string) string {
	if er.c == nil || s == "" {
		return s
	}
	return er.c.Scrub(s, er.secrets...)
}

// Stream creates a model response and streams its events
// (POST /responses with "stream": true). The request is not modified.
//
// It returns a single-use iterator: the request is sent when the iteration
// starts, and the connection is closed when it ends, also on break. It
// starts no goroutines. Iteration stops at the first error; an event is never
// yielded together with an error; a clean end of stream is not an error.
// The response's last event (response.completed or response.incomplete)
// ends the iteration: nothing the server sends after it is read, and
// leaving the loop waits at most 50 ms for the server to end the body
// before dropping the connection.
//
// Failed attempts are retried as [Service.Create] retries them, also when
// the connection breaks before the first event, but never more than the
// client's MaxRetries in all: one call sends at most MaxRetries+1 requests.
// Once an event has been yielded, the request is never sent again, and a
// line or event over its size bound (the client's
// [client.WithMaxEventSize]) or an event that does not decode is
// never retried. An *[ErrorEvent] or *[FailedEvent] ends the iteration with
// a *[StreamError] holding it. A connection that breaks before the
// response's last event ends it with a *[StreamError] whose Response is the
// response rebuilt from the events received so far; for a background
// response (Background true) on a Service made with [Service.WithResume], the
// stream is resumed instead, from the last event delivered, unless its
// events carry no sequence number (then there is no position to resume
// from). The events' sequence numbers are checked as [ReadEvents] checks
// them.
//
// For that partial response, Stream keeps the response's text as it
// arrives (once), and nothing else per event; see [ReadEvents] for what a
// kept event keeps alive.
func (s *Service) Stream(ctx context.Context, req *Request, opts ...client.Option) iter.Seq2[Event, error] {
	if s.obs == nil || s.obs.Call == nil {
		return s.stream(ctx, req, opts)
	}
	return s.observeStream(ctx, "stream", req, func(ctx context.Context) iter.Seq2[Event, error] { return s.stream(ctx, req, opts) })
}

// stream is Stream without its observer.
func (s *Service) stream(ctx context.Context, req *Request, opts []client.Option) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if req == nil {
			yield(nil, errors.New("responses: Stream called with a nil request"))
			return
		}
		s, err := s.using(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		body, err := encodeRequest(req, true)
		if err != nil {
			yield(nil, err)
			return
		}
		secrets := toolSecrets(nil, req.Tools)
		open := func(sent int) (*client.Response, io.ReadCloser, error) {
			return s.c.Open(ctx, &client.Request{
				Method: http.MethodPost, Path: "responses", Body: body, Secrets: secrets,
				Header:   http.Header{"Accept": {"text/event-stream"}},
				Attempts: sent,
			})
		}
		s.run(ctx, open, req.Background, "", FromStart, secrets, yield)
	}
}

// Resume streams the events of a background response that come after the
// event of sequence number after (GET /responses/{id}?stream=true&starting_after=…),
// to pick up a stream that broke: pass the LastSequence of its
// *[StreamError]. With after [FromStart] it streams all the response's
// events, from the first; with 0, those after the first.
//
// It returns a single-use iterator, as [Service.Stream] does. The events
// must continue the sequence from after: events the server sends again
// (up to after) are dropped, and a gap, or with after 0 or more an event
// without a sequence number, is an error wrapping [ErrSequenceGap].
func (s *Service) Resume(ctx context.Context, id string, after int64, opts ...client.Option) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if err := checkID(id); err != nil {
			yield(nil, err)
			return
		}
		s, err := s.using(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		if after < FromStart {
			yield(nil, fmt.Errorf("responses: Resume after sequence number %d; want FromStart or a sequence number", after))
			return
		}
		s.run(ctx, s.resumer(ctx, id, &after), true, id, after, nil, yield)
	}
}

// resumer returns a function that opens the stream of response id from the
// event after *after.
func (s *Service) resumer(ctx context.Context, id string, after *int64) func(int) (*client.Response, io.ReadCloser, error) {
	return func(sent int) (*client.Response, io.ReadCloser, error) {
		q := url.Values{"stream": {"true"}}
		if *after != FromStart {
			q.Set("starting_after", strconv.FormatInt(*after, 10))
		}
		return s.c.Open(ctx, &client.Request{
			Method: http.MethodGet, Path: "responses/" + url.PathEscape(id), Query: q,
			Header:   http.Header{"Accept": {"text/event-stream"}},
			Attempts: sent,
		})
	}
}

// run reads the stream that open opens, yields its events, and handles
// retries before the first event and resumption of background streams.
// open's argument is the number of requests it already sent for the call.
// id is the response's id when known (for Resume); after is the sequence
// number the stream continues from (FromStart for a new stream); secrets are
// the request's own, which an error event must not show.
func (s *Service) run(ctx context.Context, open func(int) (*client.Response, io.ReadCloser, error), background bool, id string, after int64, secrets []string, yield func(Event, error) bool) {
	acc := new(Accumulator)
	var (
		last     = after // sequence number of the last event delivered
		events   int     // events delivered, over all the connections
		yielded  bool
		sent     int // requests sent by open
		retries  int
		resumes  int
		resuming = after != FromStart
	)
	for {
		res, rc, err := open(sent)
		if err != nil {
			yield(nil, err)
			return
		}
		sent = res.Attempts
		er := newEventReader(rc, s.c.MaxEventSize())
		er.acc, er.last, er.n, er.id, er.http = acc, last, events, id, res
		er.c, er.secrets = s.c, secrets
		er.repeats = resuming
		err = s.pump(er, &yielded, yield, func() {
			// The request is never sent again: let go of it (its body
			// may be a long conversation) while the stream is read.
			open = nil
		})
		if er.done {
			finish(rc)
		}
		rc.Close()
		last, events, id = er.last, er.n, er.id
		// A stream without sequence numbers has no position to resume from.
		unnumbered := er.unnumbered
		er.release()
		if err == nil {
			return // done, or the caller stopped
		}
		se, ok := err.(*StreamError)
		if !ok || !se.broken || ctx.Err() != nil {
			if ok && ctx.Err() != nil && !errors.Is(se.Err, ctx.Err()) {
				se.Err = fmt.Errorf("%w: %w", ctx.Err(), se.Err)
			}
			yield(nil, err)
			return
		}
		switch {
		case !yielded && sent <= s.c.MaxRetries():
			// Nothing was shown to the caller: send the request again,
			// within the call's budget of requests.
			retries++
			acc = new(Accumulator)
			if err := sleep(ctx, retryDelay(retries)); err != nil {
				yield(nil, waitFailed(se, err))
				return
			}
		case background && id != "" && !unnumbered && resumes < s.resume:
			// Pick the background response up after the last event.
			resumes++
			resuming, sent = true, 0
			open = s.resumer(ctx, id, &last)
			if err := sleep(ctx, retryDelay(resumes)); err != nil {
				yield(nil, waitFailed(se, err))
				return
			}
		default:
			yield(nil, se)
			return
		}
	}
}

// waitFailed returns se, with err, the end of the wait before reading the
// stream again, added to its cause.
func waitFailed(se *StreamError, err error) *StreamError {
	se.Err = fmt.Errorf("%w; then, waiting to read it again: %w", se.Err, err)
	return se
}

// pump yields the events of er until its last event, calling first before
// it yields the call's first event. It returns nil when the stream ended
// cleanly or the caller stopped, and the error that ended it otherwise.
func (s *Service) pump(er *eventReader, yielded *bool, yield func(Event, error) bool, first func()) error {
	for {
		ev, err := er.next()
		if err == io.EOF {
			if er.done {
				return nil
			}
			return er.cut(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		if !*yielded {
			*yielded = true
			first()
		}
		if !yield(ev, nil) || er.done {
			return nil
		}
	}
}

// finishDelay bounds the wait for the end of a body after its stream's last
// event.
const finishDelay = 50 * time.Millisecond

// finish reads the rest of a body after its stream's last event (a last
// blank line and the end of the body, as a rule), so that its connection
// can serve another request. A server that keeps the connection open
// instead is given finishDelay, then the body is closed, which drops the
// connection.
func finish(body io.ReadCloser) {
	t := time.AfterFunc(finishDelay, func() { body.Close() })
	io.CopyN(io.Discard, body, 4<<10)
	t.Stop()
}

// WithResume returns a copy of s whose streams of background responses
// (Request.Background true) resume by themselves when their connection
// breaks: up to attempts times per stream, from the last event delivered,
// waiting a little longer before each new attempt. The events are yielded
// once each, in order; a gap in their sequence numbers is an error wrapping
// [ErrSequenceGap].
func (s *Service) WithResume(attempts int) *Service {
	c := *s
	c.resume = max(attempts, 0)
	return &c
}

// retryDelay is the wait before the nth new attempt to read a stream: none
// before the first, then 0.5 s doubling up to 8 s, with 25% jitter.
func retryDelay(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := min(500*time.Millisecond<<(n-2), 8*time.Second)
	return d - time.Duration(rand.Int64N(int64(d/4)))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
