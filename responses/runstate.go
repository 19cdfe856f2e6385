package responses

import (
	"errors"
	"fmt"
	"slices"

	"github.com/respkit/respkit/internal/wire"
)

// runStateVersion is the version of the JSON form of a [RunState].
const runStateVersion = 1

// RunState is the state of a [Loop] run between two of its steps, as a
// value that marshals to JSON and back, so that a run can stop in one
// process and go on in another: the caller's request, the transcript so
// far, and the calls of the turn in progress with what is known of each.
//
// A loop hands its state to [Loop.Checkpoint] at every step that must
// survive the process (after each response, before its calls start, after
// each call ends, between turns); [Loop.Resume] goes on from a state. A
// run whose calls wait for a person (see [ErrPending]) stops with a
// *[PausedError] that holds its state; the program stores it, records the
// decisions with [RunState.Approve] and [RunState.Deny], and resumes.
type RunState struct {
	// Version is the version of this form; a state of another version does
	// not decode.
	Version int `json:"version"`
	// Request is the caller's request, as given to [Loop.Run].
	Request *Request `json:"request"`
	// Transcript holds the turns so far. While Calls is not empty, the
	// last turn's calls are being decided and run, and its outputs are not
	// set yet.
	Transcript *Transcript `json:"transcript"`
	// Calls are the calls of the last turn, in call order, while the loop
	// decides and runs them; empty between turns.
	Calls []*CallState `json:"calls,omitzero"`
	// Done reports that the run has ended: resuming it returns its
	// transcript.
	Done bool `json:"done,omitzero"`
}

// CallState is what a [RunState] knows of one tool call of the turn in
// progress.
type CallState struct {
	Call   *ToolCall  `json:"call"`
	Status CallStatus `json:"status"`
	// Output is the call's answer, once Status is CallDone.
	Output Item `json:"output,omitzero"`
	// Reason is the reason of a denial (CallDenied) or a failure
	// (CallFailed), which the model reads.
	Reason string `json:"reason,omitzero"`
}

// CallStatus is the status of a tool call in a [RunState].
type CallStatus string

// The statuses of a call. A call goes from new to approved (or to waiting,
// then approved, when its approval waits for a person), then started, then
// done; or from new or waiting to denied, then done. A call that was
// started when its run stopped, and whose handler is not [Idempotent], is
// interrupted until the program decides: [RunState.Rerun],
// [RunState.Skip] or [RunState.Fail].
const (
	CallNew         CallStatus = "new"
	CallWaiting     CallStatus = "waiting"
	CallApproved    CallStatus = "approved"
	CallDenied      CallStatus = "denied"
	CallStarted     CallStatus = "started"
	CallInterrupted CallStatus = "interrupted"
	CallFailed      CallStatus = "failed"
	CallDone        CallStatus = "done"
)

// NewRunState returns the state of a run of req that has not started:
// [Loop.Resume] of it is [Loop.Run] of req.
func NewRunState(req *Request) *RunState {
	s := &RunState{Version: runStateVersion, Request: req, Transcript: &Transcript{}}
	if req != nil {
		s.Transcript.Input = req.Input
	}
	return s
}

// UnmarshalJSON decodes a state, refusing one of another version.
func (s *RunState) UnmarshalJSON(b []byte) error {
	type plain RunState
	var p plain
	if err := wire.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Version != runStateVersion {
		return fmt.Errorf("responses: a run state of version %d, which this version of respkit does not read (it reads version %d)", p.Version, runStateVersion)
	}
	if p.Request == nil || p.Transcript == nil {
		return errors.New("responses: a run state without its request or transcript")
	}
	for i, c := range p.Calls {
		if c == nil || c.Call == nil {
			return fmt.Errorf("responses: call %d of the run state is empty", i)
		}
	}
	*s = RunState(p)
	return nil
}

// UnmarshalJSON decodes a call, and finds again which handler answers it.
func (c *ToolCall) UnmarshalJSON(b []byte) error {
	type plain ToolCall
	var p plain
	if err := wire.Unmarshal(b, &p); err != nil {
		return err
	}
	tc, ok := callOf(p.Item)
	if !ok {
		return fmt.Errorf("responses: a tool call whose item is a %T", p.Item)
	}
	*c = *tc
	return nil
}

// Waiting returns the calls that wait for a decision: approvals
// (CallWaiting) and calls whose run stopped while they ran
// (CallInterrupted).
func (s *RunState) Waiting() []*CallState {
	var out []*CallState
	for _, c := range s.Calls {
		if c.Status == CallWaiting || c.Status == CallInterrupted {
			out = append(out, c)
		}
	}
	return out
}

// call returns the state of the call of the turn in progress with callID,
// if its status is one of want.
func (s *RunState) call(callID string, want ...CallStatus) (*CallState, error) {
	for _, c := range s.Calls {
		if c.Call.CallID != callID {
			continue
		}
		if slices.Contains(want, c.Status) {
			return c, nil
		}
		return nil, fmt.Errorf("responses: call %s is %s, not %v", callID, c.Status, want)
	}
	return nil, fmt.Errorf("responses: no call %s in the turn in progress", callID)
}

// Approve records that the waiting call callID may run.
func (s *RunState) Approve(callID string) error {
	c, err := s.call(callID, CallWaiting, CallNew)
	if err == nil {
		c.Status = CallApproved
	}
	return err
}

// Deny records that the waiting call callID must not run: the model is
// told "denied: " and reason, as when [Loop.Approve] denies a call.
func (s *RunState) Deny(callID, reason string) error {
	c, err := s.call(callID, CallWaiting, CallNew)
	if err == nil {
		c.Status, c.Reason = CallDenied, reason
	}
	return err
}

// Rerun records that the interrupted call callID is to run again: its
// effect, if it had one, will happen twice.
func (s *RunState) Rerun(callID string) error {
	c, err := s.call(callID, CallInterrupted)
	if err == nil {
		c.Status = CallApproved
	}
	return err
}

// Skip records that the interrupted call callID is not to run again and is
// answered with output (a *[FunctionCallOutput] for a function call, and so
// on; its call id may be left empty): for a call whose effect is known to
// have happened.
func (s *RunState) Skip(callID string, output Item) error {
	c, err := s.call(callID, CallInterrupted)
	if err != nil {
		return err
	}
	out, err := answer(c.Call, output)
	if err != nil {
		return err
	}
	c.Status, c.Output = CallDone, out
	return nil
}

// Fail records that the interrupted call callID is not to run again and is
// answered as a failed call: the model is told "error: " and reason.
func (s *RunState) Fail(callID, reason string) error {
	c, err := s.call(callID, CallInterrupted)
	if err == nil {
		c.Status, c.Reason = CallFailed, reason
	}
	return err
}

// ErrPending, returned (or wrapped) by [Loop.Approve], says that the
// call's approval waits for a person: the loop decides the turn's other
// calls, then stops with a *[PausedError] that holds the run's state,
// without running any call of the turn.
var ErrPending = errors.New("responses: approval pending")

// PausedError is returned by [Loop.Run] and [Loop.Resume] when calls of the
// turn in progress wait for a decision: approvals that [Loop.Approve] left
// pending, or calls that were running when the run stopped and may not
// simply run again. Record the decisions on State and pass it to
// [Loop.Resume]; nothing is sent to the model until every call of the turn
// is decided and run.
type PausedError struct {
	// State is the run's state, to store and resume from. It is nil when
	// the error comes from [Loop.Dispatch], which keeps no state.
	State *RunState
	// Waiting are the calls that wait, as [RunState.Waiting] returns them.
	Waiting []*CallState
}

func (e *PausedError) Error() string {
	n := len(e.Waiting)
	if n == 1 {
		return "responses: tool loop paused: 1 call waits for a decision"
	}
	return fmt.Sprintf("responses: tool loop paused: %d calls wait for a decision", n)
}

// Idempotent returns h marked as safe to run again: when a run stops while
// one of h's calls runs, [Loop.Resume] runs the call again rather than ask
// for a decision. Mark a handler so when running a call twice has the
// effect of running it once (a read, or a write keyed by the call).
func Idempotent(h Handler) Handler {
	if h == nil {
		panic("responses: Idempotent called with a nil handler")
	}
	if _, ok := h.(interface{ inOrder() }); ok {
		return &idempotentInOrder{idempotent{h}}
	}
	return &idempotent{h}
}

type idempotent struct{ Handler }

func (*idempotent) idempotent() {}

// check checks the wrapped handler as the loop checks handlers.
func (h *idempotent) check() error {
	if c, ok := h.Handler.(interface{ check() error }); ok {
		return c.check()
	}
	return nil
}

// idempotentInOrder keeps the call order of a handler whose calls run in
// call order.
type idempotentInOrder struct{ idempotent }

func (*idempotentInOrder) inOrder() {}

func isIdempotent(h Handler) bool {
	_, ok := h.(interface{ idempotent() })
	return ok
}

// UnmarshalJSON decodes a transcript, its items into their types.
func (t *Transcript) UnmarshalJSON(b []byte) error {
	type plain Transcript
	var p plain
	if err := wire.Unmarshal(b, &p); err != nil {
		return err
	}
	*t = Transcript(p)
	return nil
}
