package responses

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"

	"github.com/respkit/respkit/schema"
)

// Parsed is a value yielded by [StreamParse]: the value of T decoded so far
// from the output text while it streams in, or, when Done, the final value.
type Parsed[T any] struct {
	// Value is the value decoded so far; it is nil only next to an error.
	//
	// Before Done, Value is partial: it shows what the text says so far, as
	// [schema.Partial] decodes it (strings as far as they came; numbers and
	// enum strings only once complete; objects and arrays as they fill up),
	// and it is not validated. It is live: the next iteration updates it in
	// place, so copy what you keep (strings in it never change and may be
	// kept as they are). Do not modify it.
	//
	// When Done, Value is the final value, decoded strictly as [Parse]
	// decodes it, Validate methods included; it is the caller's.
	Value *T
	// Done reports the final value. It is the last value yielded.
	Done bool
	// Response is the response; it is set only when Done.
	Response *Response
	// Attempt is the number of the request that the value comes from,
	// counting from 1. It grows only when [WithMaxAttempts] lets the model
	// be re-asked; the values of a new attempt start again from nothing.
	Attempt int
}

// StreamParse is [Parse] over a stream: it streams the response with
// [Service.Stream] and yields the value of T as it fills up while the JSON
// text streams in, then the final value:
//
//	for p, err := range responses.StreamParse[Invoice](ctx, rs, req) {
//		if err != nil {
//			return err
//		}
//		show(p.Value) // partial until p.Done
//	}
//
// It returns a single-use iterator: the request is sent when the iteration
// starts, and the stream is closed when it ends, also on break. Iteration
// stops at the first error; a value is never yielded together with an
// error.
//
// A partial value is yielded each time the text changes the value, and only
// then (not for whitespace, half a number or half an enum string). The final
// value, with Done set and the response, is the last value yielded: it is
// decoded and checked exactly as Parse does, from the same text. The errors
// are Parse's: before a response, the stream's error as it is (such as a
// [*StreamError] for an error event or a broken connection); once a response
// came back, a [*ParseError] whose Err says why there is no value (a failed
// response's *StreamError, which unwraps to its [*ResponseError]; a
// [*RefusalError], an [*IncompleteError], [ErrNoText] or a
// [*schema.DecodeError]).
//
// When the text cannot decode into T (a value of the wrong type, an unknown
// field), the partial values stop there and the error comes when the
// response ends, with the response, as from Parse; break to stop earlier.
// The value followed is that of the assistant message being written; it
// starts again if another message follows, as the last message's text is
// the one decoded.
//
// With [WithMaxAttempts], an answer that does not decode is sent back to the
// model as Parse does, and the values of the next attempt follow, from
// nothing, with Attempt one higher. A background request streams as any
// other.
func StreamParse[T any](ctx context.Context, s *Service, req *Request, opts ...ParseOption) iter.Seq2[Parsed[T], error] {
	if s == nil {
		return func(yield func(Parsed[T], error) bool) {
			yield(Parsed[T]{}, errors.New("responses: StreamParse called with a nil Service"))
		}
	}
	seq := func(ctx context.Context) iter.Seq2[Parsed[T], error] {
		return streamParse[T](ctx, func(ctx context.Context, req *Request) iter.Seq2[Event, error] { return s.Stream(ctx, req) }, req, opts)
	}
	if s.obs == nil || s.obs.Call == nil {
		return seq(ctx)
	}
	return func(yield func(Parsed[T], error) bool) {
		octx, end := s.observeCall(ctx, "stream_parse", req)
		var (
			resp *Response
			err  error
		)
		defer func() { end(resp, err, 0) }()
		for v, e := range seq(octx) {
			if v.Response != nil {
				resp = v.Response
			}
			err = e
			if !yield(v, e) {
				return
			}
		}
	}
}

// streamFunc is the signature of [Service.Stream].
type streamFunc func(context.Context, *Request) iter.Seq2[Event, error]

// streamParse is StreamParse over any function that streams a request.
func streamParse[T any](ctx context.Context, stream streamFunc, req *Request, opts []ParseOption) iter.Seq2[Parsed[T], error] {
	return func(yield func(Parsed[T], error) bool) {
		p, err := newParse[T](req, opts)
		if err != nil {
			yield(Parsed[T]{}, err)
			return
		}
		for attempt := 1; ; attempt++ {
			resp, v, stopped, err := streamAttempt(stream(ctx, p.req), attempt, yield)
			if stopped {
				return
			}
			if resp == nil {
				yield(Parsed[T]{}, p.fail(err))
				return
			}
			p.record(resp)
			if err == nil {
				yield(Parsed[T]{Value: &v, Done: true, Response: resp, Attempt: attempt}, nil)
				return
			}
			if !p.retry(resp, err) {
				yield(Parsed[T]{}, p.fail(err))
				return
			}
		}
	}
}

// errNoFinalResponse reports a stream that ended without error but before
// the event that carries the whole response.
var errNoFinalResponse = fmt.Errorf("responses: stream ended before the final response: %w", io.ErrUnexpectedEOF)

// streamAttempt reads the events of one response, yields the partial values
// of its output text, and returns the final response with its value or the
// error that says why there is none. resp is nil when the stream ended
// without a final response (err says why). stopped reports that yield asked
// to stop.
func streamAttempt[T any](events iter.Seq2[Event, error], attempt int, yield func(Parsed[T], error) bool) (resp *Response, v T, stopped bool, err error) {
	var (
		p          *schema.Partial[T] // decodes the text of the message at index
		index      = -1
		bad        bool  // p reported an error: stop writing to it
		commentary []int // output indexes of commentary messages
	)
	for ev, err := range events {
		if err != nil {
			if se, ok := errors.AsType[*StreamError](err); ok && se.Response != nil {
				if _, failed := se.Event.(*FailedEvent); failed {
					// A failed response is a response: keep it with the
					// error, which unwraps to its *ResponseError.
					return se.Response, v, false, err
				}
			}
			return nil, v, false, err
		}
		switch ev := ev.(type) {
		case *OutputTextDeltaEvent:
			if ev.OutputIndex != index {
				if slices.Contains(commentary, ev.OutputIndex) {
					continue
				}
				p, index, bad = schema.NewPartial[T](), ev.OutputIndex, false
			}
			if bad {
				continue
			}
			changed, err := p.Write(ev.Delta)
			if err != nil {
				bad = true // decodeOutput reports it at the end, with the response
				continue
			}
			if changed {
				if pv := p.Value(); pv != nil && !yield(Parsed[T]{Value: pv, Attempt: attempt}, nil) {
					return nil, v, true, nil
				}
			}
		case *OutputItemAddedEvent:
			if m, isMsg := ev.Item.(*Message); isMsg && m != nil && m.Phase == PhaseCommentary {
				commentary = append(commentary, ev.OutputIndex)
			}
		case *CompletedEvent:
			resp = ev.Response
		case *IncompleteEvent:
			resp = ev.Response
		}
	}
	if resp == nil {
		return nil, v, false, errNoFinalResponse
	}
	v, err = decodeOutput(resp, p, index)
	return resp, v, false, err
}
