package responses

import (
	"context"
	"iter"
	"time"
)

// An Observer watches the work of a [Service] and of the loops that use
// it, for tracing and metrics: model calls, loop runs and tool calls.
// Package github.com/respkit/respkit/otel makes one for OpenTelemetry. Set
// it with [Service.WithObserver]; a Service without one pays nothing for
// it. Every hook is optional. Each returns the context the work runs in
// (where an observer keeps its span, so that the HTTP attempts of a call,
// see [client.Observer], and a tool's own spans nest under it) and a
// function that is called once when the work ends. Hooks may be called from
// several goroutines at once.
type Observer struct {
	// Call is called when a model call starts: Create, Stream (which ends
	// with its stream), and Parse and StreamParse (which end after their
	// re-asks, each a call of its own).
	Call func(ctx context.Context, c CallInfo) (context.Context, func(CallResult))
	// Loop is called when a [Loop] run starts, resumes or streams.
	Loop func(ctx context.Context, req *Request) (context.Context, func(LoopResult))
	// Turn is called when a turn of a loop run starts (the request and
	// the calls of its response), with the turn's number, from 1; a run
	// resumed in the middle of a turn starts it again with its calls.
	Turn func(ctx context.Context, turn int) (context.Context, func(TurnResult))
	// Tool is called when a loop runs a tool call; the handler runs in the
	// context it returns.
	Tool func(ctx context.Context, call *ToolCall) (context.Context, func(ToolResult))
}

// CallInfo describes a model call that starts.
type CallInfo struct {
	// Operation is "create", "stream", "parse" or "stream_parse".
	Operation string
	Request   *Request
}

// CallResult describes a model call that ended.
type CallResult struct {
	// Response is the call's response (the last one, for a parse), or nil.
	Response *Response
	Err      error
	Duration time.Duration
	// FirstToken, for a stream, is the time from the call's start to the
	// first delta of output (text, refusal, reasoning or arguments); 0 if
	// none came.
	FirstToken time.Duration
}

// LoopResult describes a loop run that ended (or paused).
type LoopResult struct {
	Transcript *Transcript
	Err        error
	Duration   time.Duration
}

// TurnResult describes a loop turn that ended.
type TurnResult struct {
	// Calls is the number of tool calls the turn answered.
	Calls    int
	Err      error
	Duration time.Duration
}

// ToolResult describes a tool call that ended.
type ToolResult struct {
	// Output is the output the handler returned, or nil when it failed.
	Output   Item
	Err      error
	Duration time.Duration
}

// WithObserver returns a copy of s whose calls, and the loops that use it,
// are watched by o; nil removes the observer.
func (s *Service) WithObserver(o *Observer) *Service {
	cp := *s
	cp.obs = o
	return &cp
}

// observeCall starts observing a call of s, if s has an observer.
func (s *Service) observeCall(ctx context.Context, op string, req *Request) (context.Context, func(*Response, error, time.Duration)) {
	if s == nil || s.obs == nil || s.obs.Call == nil {
		return ctx, nil
	}
	start := time.Now()
	octx, end := s.obs.Call(ctx, CallInfo{Operation: op, Request: req})
	if octx == nil {
		octx = ctx
	}
	return octx, func(resp *Response, err error, first time.Duration) {
		if end != nil {
			end(CallResult{Response: resp, Err: err, Duration: time.Since(start), FirstToken: first})
		}
	}
}

// observeStream watches a stream of events as a call of s: the call ends
// when the stream does, with its final response and the time to its first
// delta of output.
func (s *Service) observeStream(ctx context.Context, op string, req *Request, stream func(context.Context) iter.Seq2[Event, error]) iter.Seq2[Event, error] {
	if s == nil || s.obs == nil || s.obs.Call == nil {
		return stream(ctx)
	}
	return func(yield func(Event, error) bool) {
		start := time.Now()
		octx, end := s.obs.Call(ctx, CallInfo{Operation: op, Request: req})
		if octx == nil {
			octx = ctx
		}
		var (
			resp  *Response
			err   error
			first time.Duration
		)
		defer func() {
			if end != nil {
				end(CallResult{Response: resp, Err: err, Duration: time.Since(start), FirstToken: first})
			}
		}()
		for ev, e := range stream(octx) {
			if e != nil {
				err = e
				if se, ok := e.(*StreamError); ok && se.Response != nil {
					resp = se.Response
				}
			} else {
				if first == 0 && isOutputDelta(ev) {
					first = time.Since(start)
				}
				if r := finalResponse(ev); r != nil {
					resp = r
				}
			}
			if !yield(ev, e) {
				return
			}
		}
	}
}

// isOutputDelta reports whether ev is a delta of the model's output.
func isOutputDelta(ev Event) bool {
	switch ev.(type) {
	case *OutputTextDeltaEvent, *RefusalDeltaEvent, *ReasoningTextDeltaEvent, *FunctionCallArgumentsDeltaEvent:
		return true
	}
	return false
}

// observer returns the observer of the loop's service, or nil.
func (l *Loop) observer() *Observer {
	if l.Service == nil {
		return nil
	}
	return l.Service.obs
}
