package responses

import (
	"context"
	"errors"
	"iter"

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
func (l *Loop) Stream(ctx context.Context, req *Request, opts ...client.Option) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		r, err := l.start(req)
		if err != nil {
			yield(nil, err)
			return
		}
		s, err := l.Service.using(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		emit := func(c *ToolCall, out Item) bool {
			return yield(&ToolOutputEvent{Call: c, Output: out}, nil)
		}
		for {
			var resp *Response
			for ev, err := range s.Stream(ctx, r.req) {
				if err != nil {
					yield(nil, err)
					return
				}
				switch ev := ev.(type) {
				case *CompletedEvent:
					resp = ev.Response
				case *IncompleteEvent:
					resp = ev.Response
				}
				if !yield(ev, nil) {
					return
				}
			}
			if resp == nil {
				yield(nil, errors.New("responses: tool loop: the stream ended without its response"))
				return
			}
			done, err := r.turn(ctx, resp, emit)
			switch {
			case err == errStopped:
				return
			case err != nil:
				yield(nil, err)
				return
			case done:
				yield(&LoopDoneEvent{Transcript: r.t}, nil)
				return
			}
		}
	}
}

// ToolOutputEvent is yielded by [Loop.Stream] when the loop has answered a
// tool call: Output is the item it sends back for Call, which reports an
// error when the call failed. It is not an event of the API.
type ToolOutputEvent struct {
	Call   *ToolCall `json:"call"`
	Output Item      `json:"output"`
}

// LoopDoneEvent is the last event of a [Loop.Stream] that ended without
// error. It is not an event of the API.
type LoopDoneEvent struct {
	Transcript *Transcript `json:"transcript"`
}

func (*ToolOutputEvent) isEvent() {}

// EventType returns "respkit.tool_output".
func (*ToolOutputEvent) EventType() string { return "respkit.tool_output" }

// Sequence returns 0: the event is not part of an API stream.
func (*ToolOutputEvent) Sequence() int64 { return 0 }

func (*LoopDoneEvent) isEvent() {}

// EventType returns "respkit.loop_done".
func (*LoopDoneEvent) EventType() string { return "respkit.loop_done" }

// Sequence returns 0: the event is not part of an API stream.
func (*LoopDoneEvent) Sequence() int64 { return 0 }
