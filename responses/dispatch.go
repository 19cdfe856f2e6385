package responses

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/respkit/respkit/internal/wire"
)

// defaultMaxParallel is the number of calls of a turn that run at once when
// Loop.MaxParallel is 0.
const defaultMaxParallel = 8

// Dispatch runs the tool calls in resp's output that wait for an answer,
// with the loop's handlers and hooks, and returns their outputs in call
// order, ready to be sent as input. It is the step of [Loop.Run] between two
// requests, for a caller that sends the requests itself; l.Service is not
// used.
//
// A call waits for an answer when it is a *[FunctionCall],
// *[CustomToolCall], *[ApplyPatchCall], *[ShellCall], *[LocalShellCall],
// *[ComputerCall] or *[MCPApprovalRequest] and the output does not hold its
// answer already (as it does for a shell call run by OpenAI in a container).
// The calls run in parallel, at most MaxParallel at a time, or one after
// another when resp says that parallel tool calls were disabled.
//
// A call that fails is answered with an output that says why (see
// [ToolError]) unless OnToolError returns an error, which Dispatch then
// returns. It also returns ctx.Err() when ctx is done; handlers that do not
// honour ctx may then still be running.
func (l *Loop) Dispatch(ctx context.Context, resp *Response) ([]Item, error) {
	if resp == nil {
		return nil, errors.New("responses: Dispatch called with a nil response")
	}
	ts, err := l.toolset()
	if err != nil {
		return nil, err
	}
	parallel := resp.ParallelToolCalls || !wire.Present(resp, "parallel_tool_calls")
	return l.dispatch(ctx, ts, pendingCalls(resp), parallel, nil)
}

// pendingCalls returns the calls in resp's output that the client must
// answer, in order.
func pendingCalls(resp *Response) []*ToolCall {
	answered := map[string]bool{}
	for _, it := range resp.Output {
		if id := answerOf(it); id != "" {
			answered[id] = true
		}
	}
	var calls []*ToolCall
	for _, it := range resp.Output {
		if c, ok := callOf(it); ok && !answered[c.CallID] {
			calls = append(calls, c)
		}
	}
	return calls
}

// answerOf returns the call id that the item answers, or "".
func answerOf(it Item) string {
	switch it := it.(type) {
	case *FunctionCallOutput:
		return it.CallID
	case *CustomToolCallOutput:
		return it.CallID
	case *ApplyPatchCallOutput:
		return it.CallID
	case *ShellCallOutput:
		return it.CallID
	case *LocalShellCallOutput:
		return it.ID
	case *ComputerCallOutput:
		return it.CallID
	case *MCPApprovalResponse:
		return it.ApprovalRequestID
	}
	return ""
}

// toolset is the loop's handlers, by the calls they answer.
type toolset struct {
	routes map[route]Handler
	names  []string // the names of the function and custom tools
	tools  []Tool   // the handlers' tools, in order
}

func (l *Loop) toolset() (*toolset, error) {
	ts := &toolset{routes: make(map[route]Handler, len(l.Tools))}
	for i, h := range l.Tools {
		if h == nil {
			return nil, fmt.Errorf("responses: Loop.Tools[%d] is nil", i)
		}
		t := h.Tool()
		r, ok := routeOf(t)
		if !ok {
			return nil, fmt.Errorf("responses: Loop.Tools[%d]: a handler cannot answer the calls of a %T", i, t)
		}
		if c, ok := h.(interface{ check() error }); ok {
			if err := c.check(); err != nil {
				return nil, err
			}
		}
		if _, dup := ts.routes[r]; dup {
			return nil, fmt.Errorf("responses: Loop.Tools[%d]: two handlers answer the calls of %s", i, describe(r))
		}
		ts.routes[r] = h
		ts.tools = append(ts.tools, t)
		if r.kind == "function_call" || r.kind == "custom_tool_call" {
			ts.names = append(ts.names, r.name)
		}
	}
	return ts, nil
}

func describe(r route) string {
	switch r.kind {
	case "function_call":
		return "the function " + r.name
	case "custom_tool_call":
		return "the custom tool " + r.name
	case "mcp_approval_request":
		return "the MCP server " + r.name
	}
	return r.kind + " items"
}

// handler returns the handler of c, or the error to answer it with.
func (ts *toolset) handler(c *ToolCall) (Handler, error) {
	if h, ok := ts.routes[c.route]; ok {
		return h, nil
	}
	switch c.route.kind {
	case "function_call", "custom_tool_call":
		return nil, &unknownToolError{name: c.Name, available: ts.names}
	case "mcp_approval_request":
		return nil, &noHandlerError{msg: "no approval handler for the MCP server " + c.route.name}
	}
	return nil, &noHandlerError{msg: "this client does not run " + c.Name + " calls"}
}

type result struct {
	out Item
	err error
}

// dispatch answers calls: it routes and approves them one at a time, in
// order, runs the approved ones (in parallel if parallel is true) and
// collects their outputs in order, calling emit (if not nil) with each. The
// hooks run on the caller's goroutine only.
func (l *Loop) dispatch(ctx context.Context, ts *toolset, calls []*ToolCall, parallel bool, emit func(*ToolCall, Item) bool) ([]Item, error) {
	states := make([]*CallState, len(calls))
	for i, c := range calls {
		states[i] = &CallState{Call: c, Status: CallNew}
	}
	return l.dispatchStates(ctx, ts, states, parallel, emit, nil)
}

// dispatchStates answers the calls of states, taking each from its status
// to CallDone: it settles the calls a stopped run left started, applies the
// decisions recorded on the state, asks Approve about the others, one at a
// time and in order, and stops with a *PausedError if a call waits; then it
// marks the approved calls started, runs them (in parallel if parallel is
// true), and marks each done with its output, in call order, calling emit
// (if not nil) with each. save, if not nil, is called after each of these
// steps, and its error ends the dispatch. The hooks and save run on the
// caller's goroutine only.
func (l *Loop) dispatchStates(ctx context.Context, ts *toolset, states []*CallState, parallel bool, emit func(*ToolCall, Item) bool, save func() error) ([]Item, error) {
	if save == nil {
		save = func() error { return nil }
	}
	handlers, err := l.decide(ctx, ts, states)
	if err != nil {
		return nil, err
	}
	if waiting := waitingCalls(states); len(waiting) > 0 {
		if err := save(); err != nil {
			return nil, err
		}
		return nil, &PausedError{Waiting: waiting}
	}
	if startCalls(states) > 0 {
		if err := save(); err != nil {
			return nil, err
		}
	}

	results := make([]chan result, len(states))
	type job struct {
		i int
		h Handler
	}
	var jobs []job
	for i, st := range states {
		if st.Status == CallStarted && handlers[i] != nil {
			results[i] = make(chan result, 1)
			jobs = append(jobs, job{i, handlers[i]})
		}
	}

	limit := l.MaxParallel
	if limit <= 0 {
		limit = defaultMaxParallel
	}
	if !parallel {
		limit = 1
	}
	run, cancel := context.WithCancel(ctx)
	defer func() {
		// When ctx is done, its end cancels run with its own error, which
		// the calls should see rather than context.Canceled.
		if ctx.Err() == nil {
			cancel()
		}
	}()
	// Start the calls in order, at most limit at a time; a call that does
	// not honour run keeps its slot until it returns. The calls of a
	// handler that runs its calls in order wait for the one before.
	go func() {
		sem := make(chan struct{}, limit)
		prev := map[Handler]chan struct{}{}
		for _, j := range jobs {
			select {
			case sem <- struct{}{}:
			case <-run.Done():
				return
			}
			var after, done chan struct{}
			if _, ok := j.h.(interface{ inOrder() }); ok {
				after, done = prev[j.h], make(chan struct{})
				prev[j.h] = done
			}
			go func() {
				defer func() { <-sem }()
				if done != nil {
					defer close(done)
				}
				if after != nil {
					select {
					case <-after:
					case <-run.Done():
						results[j.i] <- result{err: run.Err()}
						return
					}
				}
				results[j.i] <- l.observeTool(run, j.h, states[j.i].Call)
			}()
		}
	}()

	outs := make([]Item, len(states))
	for i, st := range states {
		if results[i] != nil {
			var r result
			select {
			case r = <-results[i]:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err := l.finish(st, r.out, r.err); err != nil {
				return nil, err
			}
			if err := save(); err != nil {
				return nil, err
			}
		}
		outs[i] = st.Output
		if emit != nil && !emit(st.Call, outs[i]) {
			return nil, errStopped
		}
	}
	return outs, nil
}

// decide takes each call of states that is not started or done to a
// decision, one at a time and in order: it settles the calls a stopped run
// left started (idempotent ones are approved again, the others
// interrupted), turns the recorded denials and failures into outputs, and
// asks Approve about the new and waiting calls. It returns the handler of
// each call (nil when it has none).
func (l *Loop) decide(ctx context.Context, ts *toolset, states []*CallState) ([]Handler, error) {
	handlers := make([]Handler, len(states))
	for i, st := range states {
		c := st.Call
		h, herr := ts.handler(c)
		handlers[i] = h
		var err error
		switch st.Status {
		case CallStarted:
			// The run stopped while the call ran: its effect may have
			// happened.
			if herr == nil && isIdempotent(h) {
				st.Status = CallApproved
			} else {
				st.Status = CallInterrupted
			}
		case CallDenied:
			err = l.finish(st, nil, &deniedError{errors.New(st.Reason)})
		case CallFailed:
			err = l.finish(st, nil, errors.New(st.Reason))
		case CallNew, CallWaiting:
			switch {
			case herr != nil:
				err = l.finish(st, nil, herr)
			case l.Approve != nil:
				aerr := l.Approve(ctx, c)
				switch {
				case aerr == nil:
					st.Status = CallApproved
				case errors.Is(aerr, ErrPending):
					st.Status = CallWaiting
				default:
					err = l.finish(st, nil, &deniedError{aerr})
				}
			default:
				st.Status = CallApproved
			}
		case CallApproved:
			if herr != nil {
				err = l.finish(st, nil, herr)
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, err
		}
	}
	return handlers, nil
}

// waitingCalls returns the calls of states that wait for a decision.
func waitingCalls(states []*CallState) []*CallState {
	var waiting []*CallState
	for _, st := range states {
		if st.Status == CallWaiting || st.Status == CallInterrupted {
			waiting = append(waiting, st)
		}
	}
	return waiting
}

// startCalls marks the approved calls of states started and returns their
// number.
func startCalls(states []*CallState) int {
	n := 0
	for _, st := range states {
		if st.Status == CallApproved {
			st.Status = CallStarted
			n++
		}
	}
	return n
}

// finish marks the call of st done: answered with out, or, when err is not
// nil, with the output of a failed call (or the error that ends the loop,
// from OnToolError).
func (l *Loop) finish(st *CallState, out Item, err error) error {
	if err != nil {
		if out, err = l.fail(st.Call, err); err != nil {
			return err
		}
	}
	st.Status, st.Output = CallDone, out
	return nil
}

// errStopped ends a dispatch whose consumer stopped listening.
var errStopped = errors.New("responses: stopped")

// observeTool is call, told to the loop's observer if it has one.
func (l *Loop) observeTool(ctx context.Context, h Handler, c *ToolCall) result {
	obs := l.observer()
	if obs == nil || obs.Tool == nil {
		return call(ctx, h, c)
	}
	start := time.Now()
	tctx, end := obs.Tool(ctx, c)
	if tctx == nil {
		tctx = ctx
	}
	r := call(tctx, h, c)
	if end != nil {
		end(ToolResult{Output: r.out, Err: r.err, Duration: time.Since(start)})
	}
	return r
}

// call runs the handler h on c, recovering a panic.
func call(ctx context.Context, h Handler, c *ToolCall) (r result) {
	defer func() {
		if v := recover(); v != nil {
			r = result{err: &PanicError{Value: v, Stack: debug.Stack()}}
		}
	}()
	out, err := h.Call(ctx, c.Item)
	if err != nil {
		return result{err: err}
	}
	out, err = answer(c, out)
	return result{out: out, err: err}
}

// fail returns the output that answers the failed call c, or the error that
// ends the loop.
func (l *Loop) fail(c *ToolCall, err error) (Item, error) {
	te := &ToolError{Call: c, Err: err}
	if l.OnToolError != nil {
		if err := l.OnToolError(te); err != nil {
			return nil, err
		}
	}
	out := errorOutput(c, modelText(err))
	if out == nil {
		return nil, te
	}
	return out, nil
}

// errorOutput returns the output that answers c with the error text, or nil
// for a computer call, whose output can only be a screenshot.
func errorOutput(c *ToolCall, text string) Item {
	switch it := c.Item.(type) {
	case *FunctionCall:
		return &FunctionCallOutput{CallID: it.CallID, Output: PlainText(text), Caller: programCaller(it.Caller)}
	case *CustomToolCall:
		return &CustomToolCallOutput{CallID: it.CallID, Output: PlainText(text), Caller: programCaller(it.Caller)}
	case *ApplyPatchCall:
		return &ApplyPatchCallOutput{CallID: it.CallID, Status: StatusFailed, Output: text, Caller: programCaller(it.Caller)}
	case *ShellCall:
		return &ShellCallOutput{
			CallID:          it.CallID,
			Output:          []ShellOutputChunk{{Stdout: "", Stderr: text, Outcome: &ShellExit{ExitCode: 1}}},
			MaxOutputLength: it.Action.MaxOutputLength,
			Caller:          programCaller(it.Caller),
		}
	case *LocalShellCall:
		return &LocalShellCallOutput{ID: it.CallID, Output: localShellOutput(text, 1, 0)}
	case *MCPApprovalRequest:
		return &MCPApprovalResponse{ApprovalRequestID: it.ID, Approve: false, Reason: text}
	}
	return nil
}

// programCaller returns the caller to name in the output of a call made by
// programmatic tool calling, or nil.
func programCaller(c *ToolCaller) *ToolCaller {
	if c == nil || c.Type != "program" {
		return nil
	}
	return &ToolCaller{Type: c.Type, CallerID: c.CallerID}
}

// answer checks that out is an output of the kind that answers c, and
// returns it with the call's id (and programmatic caller) filled in when
// missing; a filled-in output is a copy.
func answer(c *ToolCall, out Item) (Item, error) {
	switch it := c.Item.(type) {
	case *FunctionCall:
		if o, ok := out.(*FunctionCallOutput); ok && o != nil {
			return fill(o, func(o *FunctionCallOutput) (*string, **ToolCaller) { return &o.CallID, &o.Caller }, it.CallID, it.Caller)
		}
	case *CustomToolCall:
		if o, ok := out.(*CustomToolCallOutput); ok && o != nil {
			return fill(o, func(o *CustomToolCallOutput) (*string, **ToolCaller) { return &o.CallID, &o.Caller }, it.CallID, it.Caller)
		}
	case *ApplyPatchCall:
		if o, ok := out.(*ApplyPatchCallOutput); ok && o != nil {
			return fill(o, func(o *ApplyPatchCallOutput) (*string, **ToolCaller) { return &o.CallID, &o.Caller }, it.CallID, it.Caller)
		}
	case *ShellCall:
		if o, ok := out.(*ShellCallOutput); ok && o != nil {
			return fill(o, func(o *ShellCallOutput) (*string, **ToolCaller) { return &o.CallID, &o.Caller }, it.CallID, it.Caller)
		}
	case *LocalShellCall:
		if o, ok := out.(*LocalShellCallOutput); ok && o != nil {
			return fill(o, func(o *LocalShellCallOutput) (*string, **ToolCaller) { return &o.ID, nil }, it.CallID, nil)
		}
	case *ComputerCall:
		if o, ok := out.(*ComputerCallOutput); ok && o != nil {
			return fill(o, func(o *ComputerCallOutput) (*string, **ToolCaller) { return &o.CallID, nil }, it.CallID, nil)
		}
	case *MCPApprovalRequest:
		if o, ok := out.(*MCPApprovalResponse); ok && o != nil {
			return fill(o, func(o *MCPApprovalResponse) (*string, **ToolCaller) { return &o.ApprovalRequestID, nil }, it.ID, nil)
		}
	}
	return nil, fmt.Errorf("responses: the handler answered a %T with a %T", c.Item, out)
}

// fill returns the output o, whose call id and caller fields return, with
// the call's id and programmatic caller set where they are missing: in a
// copy, since the handler may share o. It fails when o answers another call.
func fill[T any](o *T, fields func(*T) (*string, **ToolCaller), callID string, caller *ToolCaller) (Item, error) {
	id, cl := fields(o)
	setCaller := cl != nil && *cl == nil && programCaller(caller) != nil
	if *id == "" || setCaller {
		cp := *o
		o = &cp
		newID, newCaller := fields(o)
		if *newID == "" {
			*newID = callID
		}
		if setCaller {
			*newCaller = programCaller(caller)
		}
		id = newID
	}
	return any(o).(Item), sameCall(callID, *id)
}

func sameCall(want, got string) error {
	if got != want {
		return fmt.Errorf("responses: the handler answered the call %s with the output of the call %s", want, got)
	}
	return nil
}

// localShellOutput returns the JSON output of a local shell call, in the
// form Codex sends.
func localShellOutput(text string, exitCode int, d time.Duration) string {
	type metadata struct {
		ExitCode        int     `json:"exit_code"`
		DurationSeconds float64 `json:"duration_seconds"`
	}
	b, _ := json.Marshal(struct {
		Output   string   `json:"output"`
		Metadata metadata `json:"metadata"`
	}{text, metadata{exitCode, d.Round(time.Millisecond).Seconds()}})
	return string(b)
}
