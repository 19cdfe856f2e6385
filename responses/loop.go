package responses

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/respkit/respkit/client"
)

// defaultMaxTurns is the turn budget of a Loop whose MaxTurns is 0.
const defaultMaxTurns = 10

// Loop runs a conversation with tools: it sends a request, runs the tool
// calls of the response with its handlers, sends their outputs back and
// repeats, until the model answers without calling a tool.
//
// The loop keeps the conversation in one of three ways, chosen by the
// request:
//
//   - stored responses (the default): each following request has
//     PreviousResponseID set to the last response and, as input, only the
//     outputs of its tool calls;
//   - Store false: each following request sends the whole conversation
//     again, the request's input followed by every response's output
//     (through [ToInput]) and every turn's tool outputs, and the loop asks
//     for the encrypted content of reasoning items
//     ([IncludeReasoningEncryptedContent]) when the request does not, so
//     that reasoning carries across turns;
//   - Conversation set: each following request sends, in the same
//     conversation, only the outputs of the tool calls.
//
// Every request is a copy of the caller's request with its input (and
// previous response id) changed and the handlers' tools added; the caller's
// request is never modified. Each turn's calls run in parallel, at most
// MaxParallel at a time, or one after another when the request sets
// ParallelToolCalls to false; their outputs are sent in call order.
//
// A Loop holds no state of its own: it is safe for concurrent use when its
// handlers and hooks are. The hooks (Approve, OnToolError and Stop) are
// called one at a time, on the goroutine that runs the loop.
type Loop struct {
	// Service sends the requests, unless Transport is set.
	Service *Service
	// Transport, when not nil, sends the requests instead of Service, and
	// streams their responses: a WebSocket connection from package
	// github.com/respkit/respkit/responses/ws, say. A turn whose stream
	// breaks before the response's last event (a dropped connection) is
	// sent again, up to twice per turn: no tool of that turn has run, and
	// the tools of the turns before are not run again. [Loop.Stream] then
	// yields a *[TurnRetryEvent] before the events of the new attempt.
	// Per-call options do not apply to a Transport.
	Transport Transport
	// Tools answer the model's calls. Their tools are sent with every
	// request, after the request's own Tools; a handler's tool is left out
	// when the request already has a tool that takes the same calls (a
	// function of the same name, say), which the handler then answers.
	Tools []Handler
	// MaxTurns bounds the number of requests the loop sends; 0 means 10.
	// When the response to the last one still calls tools, the loop runs
	// them and returns a *[MaxTurnsError].
	MaxTurns int
	// MaxParallel bounds the number of calls of one turn that run at once;
	// 0 means 8.
	MaxParallel int
	// Approve, if set, is called with each call before it runs, one call
	// at a time and in call order, before any call of the turn runs. It
	// returns nil to let the call run, or an error to deny it: the call is
	// then a [ToolError] matching [ErrDenied], answered by default with
	// "denied: " and the error's text. It may block, to ask a person, or
	// return [ErrPending] to wait for one without blocking: the run then
	// stops with a *[PausedError] whose state records the decision later
	// ([RunState.Approve], [RunState.Deny]) and [Loop.Resume] goes on.
	Approve func(ctx context.Context, call *ToolCall) error
	// OnToolError, if set, is called with each call that failed (see
	// [ToolError]). It returns nil to answer the call with an output that
	// tells the model what went wrong (what the loop does without it), or
	// an error to end the loop with that error: return err to make every
	// failure fatal. A computer call cannot be answered with an error, so
	// its failure ends the loop.
	OnToolError func(err *ToolError) error
	// Stop, if set, is called after each turn's calls have run, with the
	// transcript so far; when it returns true the loop ends there, without
	// an error and without sending the outputs of the last turn.
	Stop func(t *Transcript) bool
	// Checkpoint, if set, is called with the run's state at every step
	// that must outlive the process: after each response is recorded,
	// before the calls of a turn start (marked started), after each call
	// ends, and when a turn ends. Store the state (it marshals to JSON)
	// and give it to [Loop.Resume], in this process or another, to go on
	// from there. An error it returns ends the run with that error. It is
	// called on the goroutine that runs the loop, with the calls of the
	// turn possibly running.
	Checkpoint func(ctx context.Context, s *RunState) error
	// KeepToolChoice sends the request's ToolChoice with every turn. By
	// default a tool choice that forces a call ([ToolChoiceRequired], a
	// *[ToolChoiceAllowed] in required mode, or one given tool) applies
	// until the model has called tools once; later turns let it answer
	// (an allowed-tools choice keeps its tools, in auto mode), since a
	// forced call would otherwise repeat until MaxTurns.
	KeepToolChoice bool
}

// Transcript is the record of a tool loop: the input it started with, and
// each turn's request, response and tool outputs.
type Transcript struct {
	// Input is the input of the caller's request.
	Input []Item `json:"input"`
	// Turns holds one turn per request the loop sent, in order.
	Turns []Turn `json:"turns"`
	// Usage sums the usage of the turns' responses.
	Usage Usage `json:"usage"`
}

// Turn is one request of a tool loop, its response, and the outputs of the
// response's tool calls.
type Turn struct {
	Request  *Request  `json:"request"`
	Response *Response `json:"response"`
	// Calls are the response's calls that the loop answered, in call
	// order, and Outputs their answers: Outputs[i] answers Calls[i]. The
	// outputs were sent with the next turn's request; in the last turn
	// they are set only if the loop ended on MaxTurns or Stop.
	Calls   []*ToolCall `json:"calls,omitzero"`
	Outputs []Item      `json:"outputs,omitzero"`
}

// Response returns the response of the last turn: the model's final answer
// when the loop ended without error. It returns nil when there is none.
func (t *Transcript) Response() *Response {
	if t == nil || len(t.Turns) == 0 {
		return nil
	}
	return t.Turns[len(t.Turns)-1].Response
}

// Items returns the conversation of the loop as input items: Input, then
// each turn's output (through [ToInput]) and tool outputs. To continue the
// conversation without stored responses, send them with the next message.
func (t *Transcript) Items() []Item {
	items := slices.Clone(t.Input)
	for _, turn := range t.Turns {
		items = append(items, turn.Response.ToInput()...)
		items = append(items, turn.Outputs...)
	}
	return items
}

// MaxTurnsError is returned by [Loop.Run] when the model still calls tools
// in the response to the last request that MaxTurns allows. The calls of
// that response have run: their outputs are in the transcript's last turn.
type MaxTurnsError struct {
	MaxTurns   int
	Transcript *Transcript
}

func (e *MaxTurnsError) Error() string {
	return fmt.Sprintf("responses: tool loop: the model still called tools after %d turns", e.MaxTurns)
}

// Run runs the loop from req until the model answers without calling a
// tool, and returns the transcript; its final answer is
// t.Response().OutputText(). The last response may be incomplete (see
// [Response.Status]), as with [Service.Create].
//
// An invalid Loop or request is an error before anything is sent. After
// that, the transcript so far is returned with any error: an error of a
// request (such as a *[client.APIError]), the *[ResponseError] of a failed
// response, a *[MaxTurnsError], an error returned by OnToolError or
// Checkpoint, a *[PausedError] when calls wait for a decision, or
// ctx.Err(). Handlers get ctx: cancelling it stops the loop, and the calls
// in progress, at once. Options, if any, apply to each request the loop
// sends.
//
// Run is [Loop.Resume] of [NewRunState](req).
func (l *Loop) Run(ctx context.Context, req *Request, opts ...client.Option) (*Transcript, error) {
	if req == nil {
		return nil, errors.New("responses: the tool loop was called with a nil request")
	}
	return l.Resume(ctx, NewRunState(req), opts...)
}

// Resume goes on with the run whose state is s, as [Loop.Checkpoint] saw it
// or a *[PausedError] returned it, in this process or another: it applies
// the decisions recorded on s, runs the calls of the turn in progress that
// are still to run, sends their outputs, and goes on as [Loop.Run] does,
// updating s as it goes. The Loop must have the handlers of the run's tools.
//
// A call that was running when the run stopped (CallStarted) is run again
// if its handler is [Idempotent]; otherwise the run pauses with a
// *[PausedError] until the program decides ([RunState.Rerun],
// [RunState.Skip], [RunState.Fail]), so that no tool runs twice by
// accident. A call that has not started is approved, or asked about,
// as in Run.
func (l *Loop) Resume(ctx context.Context, s *RunState, opts ...client.Option) (*Transcript, error) {
	obs := l.observer()
	if obs == nil || obs.Loop == nil || s == nil {
		return l.resume(ctx, s, opts)
	}
	start := time.Now()
	octx, end := obs.Loop(ctx, s.Request)
	if octx == nil {
		octx = ctx
	}
	t, err := l.resume(octx, s, opts)
	if end != nil {
		end(LoopResult{Transcript: t, Err: err, Duration: time.Since(start)})
	}
	return t, err
}

// resume is Resume without its observer.
func (l *Loop) resume(ctx context.Context, s *RunState, opts []client.Option) (*Transcript, error) {
	r, err := l.start(s)
	if err != nil {
		return nil, err
	}
	snd, err := l.sender(opts)
	if err != nil {
		return nil, err
	}
	if s.Done {
		return r.t, nil
	}
	for {
		done, err := r.observeTurn(ctx, func(ctx context.Context) (bool, error) {
			if len(s.Calls) == 0 {
				r.req = r.next()
				resp, err := l.create(ctx, snd, r.req)
				if err != nil {
					return true, err
				}
				if done, err := r.record(ctx, resp); done || err != nil {
					return true, err
				}
			}
			return r.runCalls(ctx, nil)
		})
		if done || err != nil {
			return r.t, err
		}
	}
}

// observeTurn runs one turn with run, told to the loop's observer if it
// has one.
func (r *loopRun) observeTurn(ctx context.Context, run func(context.Context) (bool, error)) (bool, error) {
	obs := r.l.observer()
	if obs == nil || obs.Turn == nil {
		return run(ctx)
	}
	n := len(r.t.Turns)
	if len(r.s.Calls) == 0 {
		n++
	}
	start := time.Now()
	tctx, end := obs.Turn(ctx, n)
	if tctx == nil {
		tctx = ctx
	}
	done, err := run(tctx)
	if end != nil {
		calls := 0
		if len(r.t.Turns) >= n {
			calls = len(r.t.Turns[n-1].Calls)
		}
		end(TurnResult{Calls: calls, Err: err, Duration: time.Since(start)})
	}
	return done, err
}

// How a loop keeps the conversation.
const (
	modeStored = iota
	modeStateless
	modeConversation
)

// loopRun is the state of one run of a Loop.
type loopRun struct {
	l        *Loop
	ts       *toolset
	base     Request // the caller's request, with the tools and include added
	mode     int
	parallel bool
	max      int
	s        *RunState
	history  []Item   // the conversation so far, without stored responses
	req      *Request // the request sent last
	t        *Transcript
}

func (l *Loop) start(s *RunState) (*loopRun, error) {
	if s == nil {
		return nil, errors.New("responses: the tool loop was given a nil run state")
	}
	req := s.Request
	switch {
	case l.Service == nil && l.Transport == nil:
		return nil, errors.New("responses: Loop.Service is nil")
	case req == nil:
		return nil, errors.New("responses: the tool loop was called with a nil request")
	case s.Version != runStateVersion:
		return nil, fmt.Errorf("responses: a run state of version %d; want %d", s.Version, runStateVersion)
	case req.Background:
		return nil, errors.New("responses: the tool loop cannot run a background request")
	case l.MaxTurns < 0:
		return nil, fmt.Errorf("responses: Loop.MaxTurns is negative (%d)", l.MaxTurns)
	}
	ts, err := l.toolset()
	if err != nil {
		return nil, err
	}
	if s.Transcript == nil {
		s.Transcript = &Transcript{Input: req.Input}
	}
	s.Transcript.Input = slices.Clip(s.Transcript.Input)
	r := &loopRun{
		l:        l,
		ts:       ts,
		base:     *req,
		parallel: req.ParallelToolCalls == nil || *req.ParallelToolCalls,
		max:      l.MaxTurns,
		s:        s,
		t:        s.Transcript,
	}
	if r.max == 0 {
		r.max = defaultMaxTurns
	}
	r.base.Tools = withTools(req.Tools, ts.tools)
	switch {
	case req.Conversation != nil:
		r.mode = modeConversation
	case req.Store != nil && !*req.Store:
		r.mode = modeStateless
		r.history = slices.Clip(r.t.Items())
		if !slices.Contains(req.Include, IncludeReasoningEncryptedContent) {
			r.base.Include = append(slices.Clip(req.Include), IncludeReasoningEncryptedContent)
		}
	}
	return r, nil
}

// save hands the run's state to the Checkpoint hook, if any.
func (r *loopRun) save(ctx context.Context) error {
	if r.l.Checkpoint == nil {
		return nil
	}
	return r.l.Checkpoint(ctx, r.s)
}

// next returns the request to send next: the caller's request for the
// first turn, then the outputs of the last turn's calls.
func (r *loopRun) next() *Request {
	next := r.base
	if len(r.t.Turns) == 0 {
		return &next
	}
	last := r.t.Turns[len(r.t.Turns)-1]
	if !r.l.KeepToolChoice {
		next.ToolChoice = unforced(next.ToolChoice)
	}
	switch r.mode {
	case modeStored:
		next.PreviousResponseID = last.Response.ID
		next.Input = last.Outputs
	case modeConversation:
		next.Input = last.Outputs
	case modeStateless:
		// Clipped, so that the next appends copy rather than write into
		// the input of a request already sent.
		next.Input = slices.Clip(r.history)
	}
	return &next
}

// withTools returns the request's tools followed by the handlers' tools
// that take calls no tool of the request takes.
func withTools(own, handlers []Tool) []Tool {
	if len(handlers) == 0 {
		return own
	}
	have := map[route]bool{}
	var add func(ts []Tool)
	add = func(ts []Tool) {
		for _, t := range ts {
			if ns, ok := t.(*NamespaceTool); ok {
				add(ns.Tools)
			} else if r, ok := routeOf(t); ok {
				have[r] = true
			}
		}
	}
	add(own)
	tools := slices.Clip(own)
	for _, t := range handlers {
		if r, _ := routeOf(t); !have[r] {
			tools = append(tools, t)
		}
	}
	return tools
}

// turn records resp and runs its calls. It reports whether the loop is
// done. emit, if not nil, is called with each output in call order.
func (r *loopRun) turn(ctx context.Context, resp *Response, emit func(*ToolCall, Item) bool) (done bool, err error) {
	if done, err := r.record(ctx, resp); done || err != nil {
		return done, err
	}
	return r.runCalls(ctx, emit)
}

// record adds resp to the transcript as the response to r.req and makes
// its calls the turn in progress. It reports whether the loop is done.
func (r *loopRun) record(ctx context.Context, resp *Response) (done bool, err error) {
	r.t.Turns = append(r.t.Turns, Turn{Request: r.req, Response: resp})
	r.t.Usage.Add(resp.Usage)
	switch resp.Status {
	case StatusCompleted, "":
	case StatusIncomplete:
		return true, r.end(ctx)
	case StatusFailed:
		if err := r.end(ctx); err != nil {
			return true, err
		}
		if resp.Error != nil {
			return true, resp.Error
		}
		return true, fmt.Errorf("responses: tool loop: response %s failed", resp.ID)
	default:
		if err := r.end(ctx); err != nil {
			return true, err
		}
		return true, fmt.Errorf("responses: tool loop: response %s has status %q", resp.ID, resp.Status)
	}
	calls := pendingCalls(resp)
	if len(calls) == 0 {
		return true, r.end(ctx)
	}
	r.s.Calls = make([]*CallState, len(calls))
	for i, c := range calls {
		r.s.Calls[i] = &CallState{Call: c, Status: CallNew}
	}
	return false, r.save(ctx)
}

// end marks the run done and saves its state.
func (r *loopRun) end(ctx context.Context) error {
	r.s.Done = true
	return r.save(ctx)
}

// runCalls decides and runs the calls of the turn in progress and ends the
// turn. It reports whether the loop is done. emit, if not nil, is called
// with each output in call order.
func (r *loopRun) runCalls(ctx context.Context, emit func(*ToolCall, Item) bool) (done bool, err error) {
	outs, err := r.l.dispatchStates(ctx, r.ts, r.s.Calls, r.parallel, emit, func() error { return r.save(ctx) })
	if err != nil {
		if pe, ok := err.(*PausedError); ok {
			pe.State = r.s
		}
		return true, err
	}
	return r.endTurn(ctx, outs)
}

// endTurn ends the turn in progress, whose calls were answered with outs:
// it records them in the transcript and decides whether the run goes on.
func (r *loopRun) endTurn(ctx context.Context, outs []Item) (done bool, err error) {
	calls := make([]*ToolCall, len(r.s.Calls))
	for i, c := range r.s.Calls {
		calls[i] = c.Call
	}
	turn := &r.t.Turns[len(r.t.Turns)-1]
	turn.Calls, turn.Outputs = calls, outs
	r.s.Calls = nil
	if r.mode == modeStateless {
		r.history = append(r.history, turn.Response.ToInput()...)
		r.history = append(r.history, outs...)
	}
	if r.l.Stop != nil && r.l.Stop(r.t) {
		return true, r.end(ctx)
	}
	if len(r.t.Turns) >= r.max {
		if err := r.end(ctx); err != nil {
			return true, err
		}
		return true, &MaxTurnsError{MaxTurns: r.max, Transcript: r.t}
	}
	return false, r.save(ctx)
}

// unforced returns tool choice c without the obligation to call a tool.
func unforced(c ToolChoice) ToolChoice {
	switch c := c.(type) {
	case ToolChoiceMode:
		if c == ToolChoiceRequired {
			return nil
		}
	case *ToolChoiceAllowed:
		if c != nil && c.Mode == ToolChoiceRequired {
			cp := *c
			cp.Mode = ToolChoiceAuto
			return &cp
		}
	case *ToolChoiceFunction, *ToolChoiceCustom, *ToolChoiceMCP, *ToolChoiceHosted:
		return nil
	}
	return c
}
