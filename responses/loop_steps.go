package responses

import (
	"context"
	"errors"
	"fmt"
)

// The steps of a run, for a program that does a run's I/O itself: a
// workflow engine that runs each model call and each tool call as an
// activity of its own, say. Each step takes the run's state and changes
// it as [Loop.Resume] does; a run is
//
//	for !s.Done {
//		req, _ := loop.NextRequest(s)
//		resp := send(req)                  // an activity
//		loop.RecordResponse(s, req, resp)
//		if s.Done {
//			break
//		}
//		calls, err := loop.StartCalls(ctx, s) // a *PausedError: wait for decisions
//		for _, c := range calls {
//			out, err := loop.CallTool(ctx, c) // an activity
//			loop.FinishCall(s, c.CallID, out, err)
//		}
//		loop.EndTurn(s)
//	}
//
// The steps other than CallTool do no I/O and call only the Approve,
// OnToolError and Stop hooks: when those are deterministic, so are the
// steps, as a workflow's code must be.

// NextRequest returns the request that the run whose state is s sends
// next: the caller's request, then the outputs of the last turn's calls.
// Send it and give the response to [Loop.RecordResponse]. It fails when the
// run is done or a turn is in progress.
func (l *Loop) NextRequest(s *RunState) (*Request, error) {
	r, err := l.start(s)
	if err != nil {
		return nil, err
	}
	if s.Done || len(s.Calls) > 0 {
		return nil, errors.New("responses: NextRequest: the run is done, or its turn's calls are in progress")
	}
	return r.next(), nil
}

// RecordResponse records resp, the response to req (which
// [Loop.NextRequest] returned), as the run's next turn: the run is then done
// (s.Done), or the response's calls are the turn in progress, to start with
// [Loop.StartCalls]. It returns the errors [Loop.Run] returns for a failed
// response.
func (l *Loop) RecordResponse(s *RunState, req *Request, resp *Response) error {
	r, err := l.start(s)
	if err != nil {
		return err
	}
	if s.Done || len(s.Calls) > 0 {
		return errors.New("responses: RecordResponse: the run is done, or its turn's calls are in progress")
	}
	if resp == nil {
		return errors.New("responses: RecordResponse called with a nil response")
	}
	r.req = req
	_, err = r.record(context.Background(), resp)
	return err
}

// StartCalls decides the calls of the turn in progress as [Loop.Resume]
// does (the decisions recorded on s, Approve for the others, idempotent
// calls of a stopped run approved again) and marks the approved ones
// started. It returns them, to run with [Loop.CallTool] and record with
// [Loop.FinishCall]; a *[PausedError] when calls wait for a decision
// (nothing is started then); or the error of OnToolError.
func (l *Loop) StartCalls(ctx context.Context, s *RunState) ([]*ToolCall, error) {
	r, err := l.start(s)
	if err != nil {
		return nil, err
	}
	if _, err := l.decide(ctx, r.ts, s.Calls); err != nil {
		return nil, err
	}
	if waiting := waitingCalls(s.Calls); len(waiting) > 0 {
		return nil, &PausedError{State: s, Waiting: waiting}
	}
	var calls []*ToolCall
	for _, st := range s.Calls {
		if st.Status == CallApproved {
			st.Status = CallStarted
			calls = append(calls, st.Call)
		}
	}
	return calls, nil
}

// CallTool runs the handler of call and returns its output, as the loop
// runs a call: a panic is recovered as a *[PanicError], and an output of
// the wrong kind is an error. It neither reads nor changes a run's state.
func (l *Loop) CallTool(ctx context.Context, c *ToolCall) (Item, error) {
	if c == nil {
		return nil, errors.New("responses: CallTool called with a nil call")
	}
	ts, err := l.toolset()
	if err != nil {
		return nil, err
	}
	h, err := ts.handler(c)
	if err != nil {
		return nil, err
	}
	res := l.observeTool(ctx, h, c)
	return res.out, res.err
}

// FinishCall records the end of the started call callID: answered with
// out, or, when err is not nil, with the output of a failed call, as the
// loop answers it (OnToolError may turn err into the run's error, which
// FinishCall returns).
func (l *Loop) FinishCall(s *RunState, callID string, out Item, err error) error {
	st, serr := s.call(callID, CallStarted)
	if serr != nil {
		return serr
	}
	if err == nil {
		if out == nil {
			return fmt.Errorf("responses: FinishCall: no output for call %s", callID)
		}
		if out, err = answer(st.Call, out); err != nil {
			return err
		}
	}
	return l.finish(st, out, err)
}

// EndTurn ends the turn in progress once its calls are done: their outputs
// join the transcript, and the run is done if Stop says so or the turn
// budget is spent (with a *[MaxTurnsError]). Otherwise [Loop.NextRequest]
// gives the request that sends the outputs.
func (l *Loop) EndTurn(s *RunState) error {
	r, err := l.start(s)
	if err != nil {
		return err
	}
	if len(s.Calls) == 0 {
		return errors.New("responses: EndTurn: no turn in progress")
	}
	for _, st := range s.Calls {
		if st.Status != CallDone {
			return fmt.Errorf("responses: EndTurn: call %s is %s, not done", st.Call.CallID, st.Status)
		}
	}
	outs := make([]Item, len(s.Calls))
	for i, st := range s.Calls {
		outs[i] = st.Output
	}
	_, err = r.endTurn(context.Background(), outs)
	return err
}
