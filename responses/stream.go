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
	"sync"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/stream"
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
// Reading keeps nothing per event: memory stays flat however long the
// stream. The events are allocated in batches of up to 32, and their
// strings copied into chunks of up to 16 KiB, so an event the caller keeps
// keeps its batch and its chunk alive, no more.
func ReadEvents(r io.Reader) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		er := newEventReader(r)
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
	dec  *stream.Decoder
	wd   wire.Decoder
	ev   Event // scratch, so decoding does not allocate a new interface
	last int64 // the last sequence number seen
	n    int   // events read
	done bool  // the stream's last event was read
	id   string
	acc  *Accumulator
	http *client.Response // the HTTP exchange, given to the responses of lifecycle events
}

// readers keeps event readers for the next stream: their read buffers
// (64 KiB), which would otherwise be allocated again for every stream, and
// the unused rest of their last batches of events and strings.
var readers sync.Pool

func newEventReader(r io.Reader) *eventReader {
	er, ok := readers.Get().(*eventReader)
	if !ok {
		er = &eventReader{dec: stream.NewDecoder(r)}
		er.wd.Batch(eventBatch)
		return er
	}
	er.dec.Reset(r)
	return er
}

// eventBatch is the number of events allocated at a time, at most.
const eventBatch = 32

// release returns the reader for reuse; er must not be used afterwards.
func (er *eventReader) release() {
	er.dec.Reset(nil)
	*er = eventReader{dec: er.dec, wd: er.wd}
	readers.Put(er)
}

// next returns the next event, io.EOF at the end of the stream, or an error.
// It handles the events that end a stream: error and response.failed become
// a *StreamError.
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
		// copied: into chunks, with the events allocated in batches, so
		// that an event costs less than one allocation.
		data := se.Data
		er.ev = nil
		if err := er.wd.Unmarshal(data, &er.ev); err != nil || er.ev == nil {
			if err == nil {
				err = errors.New("null event")
			}
			de := &DecodeError{What: "event " + strconv.Quote(se.Type), Err: err}
			if syn, ok := err.(*wire.SyntaxError); ok && syn.Offset >= len(data) {
				// JSON that stops short is a stream that was cut.
				return nil, er.cut(fmt.Errorf("%w: %w", io.ErrUnexpectedEOF, de))
			}
			return nil, de
		}
		ev := er.ev
		er.n++
		if s := ev.Sequence(); s > er.last {
			er.last = s
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
			er.setHTTP(ev.Response)
			return nil, failed(ev)
		case *ErrorEvent:
			er.done = true
			return nil, errorEvent(ev)
		}
		return ev, nil
	}
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

// cut returns the error for a stream that broke with err before its end.
func (er *eventReader) cut(err error) *StreamError {
	e := &StreamError{Err: err, ResponseID: er.id, LastSequence: er.last, Events: er.n}
	e.Response = partial(er.acc)
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
	// LastSequence is the sequence number of the last event received, from
	// which a background response's stream can be resumed
	// ([Service.Resume]).
	LastSequence int64
	// Events is the number of events received.
	Events int
	// Err is the cause: the *ResponseError of a failed response or error
	// event, or the read error (io.ErrUnexpectedEOF when the stream ended
	// early).
	Err error
}

func (e *StreamError) Error() string {
	if e.Event != nil {
		return "responses: stream failed: " + errText(e.Err)
	}
	id := e.ResponseID
	if id == "" {
		id = "response"
	}
	return fmt.Sprintf("responses: stream of %s broke after %d events (last sequence number %d): %v", id, e.Events, e.LastSequence, e.Err)
}

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

func failed(ev *FailedEvent) *StreamError {
	e := &StreamError{Event: ev, Response: ev.Response, LastSequence: ev.SequenceNumber}
	if ev.Response != nil {
		e.ResponseID = ev.Response.ID
		e.Err = ev.Response.Error
	}
	if e.Err == nil || e.Err == (*ResponseError)(nil) {
		e.Err = &ResponseError{Message: "the response failed without an error"}
	}
	return e
}

func errorEvent(ev *ErrorEvent) *StreamError {
	re := ev.Error
	if re == nil {
		re = &ResponseError{Code: ev.Code, Message: ev.Message, Param: ev.Param}
	}
	return &StreamError{Event: ev, LastSequence: ev.SequenceNumber, Err: re}
}

// Stream creates a model response and streams its events
// (POST /responses with "stream": true). The request is not modified.
//
// It returns a single-use iterator: the request is sent when the iteration
// starts, and the connection is closed when it ends, also on break. It
// starts no goroutines. Iteration stops at the first error; an event is never
// yielded together with an error; a clean end of stream is not an error.
//
// Failed attempts are retried as [Service.Create] retries them, but only
// before the first event: once an event has been yielded, the request is
// never sent again. An *[ErrorEvent] or *[FailedEvent] ends the iteration with
// a *[StreamError] holding it. A connection that breaks before the
// response's last event ends it with a *[StreamError] whose Response is the
// response rebuilt from the events received so far; for a background
// response (Background true) on a Service made with [Service.WithResume], the
// stream is resumed instead, from the last event received.
//
// For that partial response, Stream keeps the response's text as it
// arrives (once), and nothing else per event; see [ReadEvents] for what a
// kept event keeps alive.
func (s *Service) Stream(ctx context.Context, req *Request) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if req == nil {
			yield(nil, errors.New("responses: Stream called with a nil request"))
			return
		}
		body, err := encodeRequest(req, true)
		if err != nil {
			yield(nil, err)
			return
		}
		open := func() (*client.Response, io.ReadCloser, error) {
			return s.c.Open(ctx, &client.Request{
				Method: http.MethodPost, Path: "responses", Body: body,
				Header: http.Header{"Accept": {"text/event-stream"}},
			})
		}
		s.run(ctx, open, req.Background, 0, yield)
	}
}

// Resume streams the events of a background response from the event after
// sequence number after (GET /responses/{id}?stream=true&starting_after=…),
// to pick up a stream that broke. With after 0 it streams the response's
// events from the first.
//
// It returns a single-use iterator, as [Service.Stream] does.
func (s *Service) Resume(ctx context.Context, id string, after int64) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if err := checkID(id); err != nil {
			yield(nil, err)
			return
		}
		s.run(ctx, s.resumer(ctx, id, &after), true, after, yield)
	}
}

// resumer returns a function that opens the stream of response id from the
// event after *after.
func (s *Service) resumer(ctx context.Context, id string, after *int64) func() (*client.Response, io.ReadCloser, error) {
	return func() (*client.Response, io.ReadCloser, error) {
		q := url.Values{"stream": {"true"}}
		if *after > 0 {
			q.Set("starting_after", strconv.FormatInt(*after, 10))
		}
		return s.c.Open(ctx, &client.Request{
			Method: http.MethodGet, Path: "responses/" + url.PathEscape(id), Query: q,
			Header: http.Header{"Accept": {"text/event-stream"}},
		})
	}
}

// run reads the stream that open opens, yields its events, and handles
// retries before the first event and resumption of background streams.
func (s *Service) run(ctx context.Context, open func() (*client.Response, io.ReadCloser, error), background bool, after int64, yield func(Event, error) bool) {
	acc := new(Accumulator)
	var (
		last     = after // last sequence number yielded
		yielded  bool
		id       string
		retries  int
		resumes  int
		resuming bool
	)
	for {
		res, rc, err := open()
		if err != nil {
			yield(nil, err)
			return
		}
		er := newEventReader(rc)
		er.acc, er.last, er.id, er.http = acc, last, id, res
		err = s.pump(er, last, resuming, &yielded, yield)
		if er.done {
			// Read the rest (a last blank line, as a rule) so that the
			// connection goes back to the pool instead of being closed.
			io.CopyN(io.Discard, rc, 4<<10)
		}
		rc.Close()
		last, id = er.last, er.id
		er.release()
		if err == nil {
			return // done, or the caller stopped
		}
		se, isCut := err.(*StreamError)
		if !isCut || se.Event != nil || ctx.Err() != nil {
			if ctx.Err() != nil && isCut && se.Event == nil {
				se.Err = errors.Join(ctx.Err(), se.Err)
			}
			yield(nil, err)
			return
		}
		switch {
		case !yielded && retries < s.c.MaxRetries():
			// Nothing was shown to the caller: send the request again.
			retries++
			acc = new(Accumulator)
			if err := sleep(ctx, retryDelay(retries)); err != nil {
				yield(nil, errors.Join(err, se))
				return
			}
		case background && id != "" && resumes < s.resume:
			// Pick the background response up from the last event.
			resumes++
			resuming = true
			open = s.resumer(ctx, id, &last)
			if err := sleep(ctx, retryDelay(resumes)); err != nil {
				yield(nil, errors.Join(err, se))
				return
			}
		default:
			yield(nil, se)
			return
		}
	}
}

// pump yields the events of er. It returns nil when the stream ended
// cleanly or the caller stopped, and the error that ended it otherwise. When
// resuming, events up to last are dropped (the server may repeat them) and a
// gap in the sequence numbers is an error.
func (s *Service) pump(er *eventReader, last int64, resuming bool, yielded *bool, yield func(Event, error) bool) error {
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
		if seq := ev.Sequence(); resuming && seq != 0 {
			if seq <= last {
				continue // already yielded before the connection broke
			}
			if seq != last+1 {
				return &StreamError{ResponseID: er.id, LastSequence: last, Events: er.n, Response: partial(er.acc),
					Err: fmt.Errorf("resumed stream skipped from sequence number %d to %d", last, seq)}
			}
			last = seq
		}
		*yielded = true
		if !yield(ev, nil) {
			return nil
		}
	}
}

// WithResume returns a copy of s whose streams of background responses
// (Request.Background true) resume by themselves when their connection
// breaks: up to attempts times per stream, from the last event received,
// waiting a little longer before each new attempt. The events are yielded
// once each, in order; a gap in their sequence numbers is an error.
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
