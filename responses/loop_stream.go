package responses

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/respkit/respkit/client"
)

// Stream is [Loop.Run] with streamed responses, for a program that shows
// the model's text and the progress of its tools as they happen. It yields
// the events of each turn's response as [Service.Stream] does, a
// *[ToolOutputEvent] for each call the loop answers (in call order, each as
// soon as it and the calls before it are done), and last, when the loop
// ends without error, a *[LoopDoneEvent] with the transcript.
//
// It returns a single-use iterator: the first request is sent when the
// iteration starts, and breaking out of it stops the loop and cancels the
// calls in progress. Iteration stops at the first error, the errors of
// [Loop.Run] or of [Service.Stream] (a failed response ends with a
// *[StreamError]); an event is never yielded together with an error. The
// tool calls run on goroutines of their own, as in Run. Options, if any,
// apply to each request the loop sends.
func (l *Loop) Stream(ctx context.Context, req *Request, opts ...client.Option) iter.Seq2[LoopEvent, error] {
	return func(yield func(LoopEvent, error) bool) {
		if req == nil {
			yield(nil, errors.New("responses: the tool loop was called with a nil request"))
			return
		}
		r, err := l.start(NewRunState(req))
		if err != nil {
			yield(nil, err)
			return
		}
		s, err := l.sender(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		var last error // the error the iteration ended with, for the observer
		next := yield
		yield = func(ev LoopEvent, err error) bool {
			if err != nil {
				last = err
			}
			return next(ev, err)
		}
		if obs := l.observer(); obs != nil && obs.Loop != nil {
			start := time.Now()
			octx, end := obs.Loop(ctx, req)
			if octx != nil {
				ctx = octx
			}
			if end != nil {
				defer func() { end(LoopResult{Transcript: r.t, Err: last, Duration: time.Since(start)}) }()
			}
		}
		emit := func(c *ToolCall, out Item) bool {
			return yield(&ToolOutputEvent{Call: c, Output: out}, nil)
		}
		for {
			stop, _ := r.observeTurn(ctx, func(ctx context.Context) (bool, error) {
				return l.streamTurn(ctx, s, r, yield, emit)
			})
			if stop {
				return
			}
		}
	}
}

// streamTurn streams one turn of a Loop.Stream: its response's events,
// then its calls' outputs. It reports whether the iteration is over, and
// the error it ended with, which it has yielded.
func (l *Loop) streamTurn(ctx context.Context, s *Service, r *loopRun, yield func(LoopEvent, error) bool, emit func(*ToolCall, Item) bool) (bool, error) {
	r.req = r.next()
	var resp *Response
	for retries := 0; ; retries++ {
		var err error
		for ev, e := range l.stream(ctx, s, r.req) {
			if e != nil {
				err = e
				break
			}
			if r := finalResponse(ev); r != nil {
				resp = r
			}
			if !yield(ev, nil) {
				return true, nil
			}
		}
		if err == nil {
			break
		}
		if !l.retryTurn(ctx, err, retries) {
			yield(nil, err)
			return true, err
		}
		resp = nil
		if !yield(&TurnRetryEvent{Err: err}, nil) {
			return true, nil
		}
	}
	if resp == nil {
		err := errors.New("responses: tool loop: the stream ended without its response")
		yield(nil, err)
		return true, err
	}
	done, err := r.turn(ctx, resp, emit)
	switch {
	case err == errStopped:
		return true, nil
	case err != nil:
		yield(nil, err)
		return true, err
	case done:
		yield(&LoopDoneEvent{Transcript: r.t}, nil)
		return true, nil
	}
	return false, nil
}

// LoopEvent is an element of [Loop.Stream]: an [Event] of a turn's response
// stream, as [Service.Stream] yields it, or one of the loop's own,
// *[ToolOutputEvent] and *[LoopDoneEvent], which are not events of the API
// and have no type or sequence number. Read it with a type switch; a type
// assertion to Event tells the API's events from the loop's.
type LoopEvent interface {
	isEvent()
}

// ToolOutputEvent is yielded by [Loop.Stream] when the loop has answered a
// tool call: Output is the item it sends back for Call, which reports an
// error when the call failed. It is made by the loop, not sent by the API:
// it is a [LoopEvent] but not an [Event].
type ToolOutputEvent struct {
	Call   *ToolCall `json:"call"`
	Output Item      `json:"output"`
}

// LoopDoneEvent is the last element of a [Loop.Stream] that ended without
// error. It is made by the loop, not sent by the API: it is a [LoopEvent]
// but not an [Event].
type LoopDoneEvent struct {
	Transcript *Transcript `json:"transcript"`
}

// TurnRetryEvent is yielded by [Loop.Stream] when the stream of a turn's
// response broke before its end on a [Loop.Transport] and the loop sends
// the turn again: the events of the turn so far are void, and those of the
// new attempt follow. Err is the error of the broken stream. It is made by
// the loop, not sent by the API: it is a [LoopEvent] but not an [Event].
type TurnRetryEvent struct {
	Err error `json:"-"`
}

func (*ToolOutputEvent) isEvent() {}
func (*LoopDoneEvent) isEvent()   {}
func (*TurnRetryEvent) isEvent()  {}
