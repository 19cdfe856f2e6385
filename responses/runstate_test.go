package responses_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// cartModel is a deterministic model for durable runs: asked anew, it adds
// "x" and "y" to a cart; given their outputs, it adds "z"; given that one,
// it answers. Asked the same request twice, it answers the same.
func cartModel(req *responses.Request) responsestest.Reply {
	outputs := map[string]bool{}
	for _, it := range req.Input {
		if o, ok := it.(*responses.FunctionCallOutput); ok {
			outputs[o.CallID] = true
		}
	}
	add := func(item string) *responses.FunctionCall {
		return &responses.FunctionCall{CallID: "call_" + item, Name: "add_to_cart", Arguments: fmt.Sprintf(`{"item":%q}`, item)}
	}
	switch {
	case outputs["call_z"]:
		return responsestest.Text("The cart holds x, y and z.")
	case outputs["call_x"] && outputs["call_y"]:
		return responsestest.Items(add("z"))
	}
	return responsestest.Items(add("x"), add("y"))
}

// cart is a tool whose effect must happen once per call: it counts the
// additions of each item.
type cart struct {
	mu    sync.Mutex
	added map[string]int
	// crash, if set, is called before and after the effect with "before"
	// or "after" and the item; it may cancel the run.
	crash func(when, item string)
}

func (c *cart) handler() responses.Handler {
	type args struct {
		Item string `json:"item"`
	}
	return responses.Func("add_to_cart", "Add an item to the cart.", func(ctx context.Context, a args) (string, error) {
		c.mu.Lock()
		crash := c.crash
		c.mu.Unlock()
		if crash != nil {
			crash("before", a.Item)
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		c.mu.Lock()
		c.added[a.Item]++
		c.mu.Unlock()
		if crash != nil {
			crash("after", a.Item)
		}
		return "added " + a.Item, ctx.Err()
	})
}

func (c *cart) count(item string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.added[item]
}

var errCrash = errors.New("crash")

// TestRunStateRoundTrip checks that the state a loop checkpoints marshals
// to JSON and back to the same state, at every checkpoint, and that the
// final state agrees with the transcript.
func TestRunStateRoundTrip(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.SetModel(cartModel)
	c := &cart{added: map[string]int{}}
	var states []string
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{c.handler()},
		Checkpoint: func(_ context.Context, s *responses.RunState) error {
			b, err := json.Marshal(s)
			if err != nil {
				return err
			}
			var back responses.RunState
			if err := json.Unmarshal(b, &back); err != nil {
				return fmt.Errorf("unmarshal: %v\n%s", err, b)
			}
			again, err := json.Marshal(&back)
			if err != nil {
				return err
			}
			if string(again) != string(b) {
				return fmt.Errorf("round trip:\n%s\n%s", b, again)
			}
			states = append(states, string(b))
			return nil
		}}
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("fill the cart")})
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 10 {
		t.Errorf("%d checkpoints, want 10", len(states))
	}
	var last responses.RunState
	if err := json.Unmarshal([]byte(states[len(states)-1]), &last); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(tr)
	var back responses.Transcript
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(&back); string(again) != string(b) {
		t.Errorf("a transcript does not round-trip through JSON:\n%s\n%s", b, again)
	}
	want, _ := json.Marshal(tr)
	got, _ := json.Marshal(last.Transcript)
	if !last.Done || string(got) != string(want) {
		t.Errorf("the last state (done %v) does not hold the transcript", last.Done)
	}
	if _, err := json.Marshal(&responses.RunState{}); err != nil {
		t.Fatal(err)
	}
	var bad responses.RunState
	if err := json.Unmarshal([]byte(`{"version":99,"request":{},"transcript":{}}`), &bad); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("a state of another version: %v", err)
	}
}

// TestResumeAfterCrash stops a run at every checkpoint, and inside the
// tool before and after its effect, then resumes it from the last state
// that was saved, as another process would, deciding about interrupted
// calls from what the cart holds: every item is added exactly once, and the
// run ends with the model's answer.
func TestResumeAfterCrash(t *testing.T) {
	t.Parallel()
	type crashPoint struct {
		save       int    // the checkpoint that fails, or 0
		when, item string // the tool's crash point, or ""
	}
	var points []crashPoint
	for k := 1; k <= 10; k++ {
		points = append(points, crashPoint{save: k})
	}
	for _, item := range []string{"x", "y", "z"} {
		points = append(points, crashPoint{when: "before", item: item}, crashPoint{when: "after", item: item})
	}
	for _, p := range points {
		for _, idem := range []bool{false, true} {
			t.Run(fmt.Sprintf("save%d%s%s/idempotent=%v", p.save, p.when, p.item, idem), func(t *testing.T) {
				t.Parallel()
				rs, srv := newService(t)
				srv.SetModel(cartModel)
				c := &cart{added: map[string]int{}}
				var stored []byte // what the program saved last
				saves := 0
				ctx, crash := context.WithCancelCause(t.Context())
				defer crash(nil)
				c.crash = func(when, item string) {
					if when == p.when && item == p.item {
						crash(errCrash)
					}
				}
				h := c.handler()
				if idem {
					h = responses.Idempotent(h)
				}
				loop := &responses.Loop{Service: rs, Tools: []responses.Handler{h}, MaxParallel: 1,
					Checkpoint: func(_ context.Context, s *responses.RunState) error {
						saves++
						if saves == p.save {
							return errCrash
						}
						b, err := json.Marshal(s)
						stored = b
						return err
					}}
				req := &responses.Request{Model: "m", Input: responses.Text("fill the cart")}
				_, err := loop.Run(ctx, req)
				if err == nil {
					t.Fatal("the run did not stop")
				}

				// Another process: the same tools, no crash.
				c.mu.Lock()
				c.crash = nil
				c.mu.Unlock()
				loop.Checkpoint = func(_ context.Context, s *responses.RunState) error {
					b, err := json.Marshal(s)
					stored = b
					return err
				}
				var tr *responses.Transcript
				paused := false
				for attempt := 0; ; attempt++ {
					if attempt == 3 {
						t.Fatal("the run does not end")
					}
					st := responses.NewRunState(req)
					if stored != nil {
						st = new(responses.RunState)
						if err := json.Unmarshal(stored, st); err != nil {
							t.Fatal(err)
						}
					}
					tr, err = loop.Resume(t.Context(), st)
					pe, ok := errors.AsType[*responses.PausedError](err)
					if !ok {
						break
					}
					paused = true
					if idem {
						t.Errorf("an idempotent tool's call waits for a decision")
					}
					for _, w := range pe.Waiting {
						if w.Status != responses.CallInterrupted {
							t.Fatalf("call %s waits as %s", w.Call.CallID, w.Status)
						}
						item := strings.TrimPrefix(w.Call.CallID, "call_")
						if c.count(item) > 0 {
							err = pe.State.Skip(w.Call.CallID, &responses.FunctionCallOutput{Output: responses.PlainText("added " + item)})
						} else {
							err = pe.State.Rerun(w.Call.CallID)
						}
						if err != nil {
							t.Fatal(err)
						}
					}
					if stored, err = json.Marshal(pe.State); err != nil {
						t.Fatal(err)
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				if p.when == "after" && !idem && !paused {
					t.Errorf("a call stopped after its effect was not reported for a decision")
				}
				if got := tr.Response().OutputText(); got != "The cart holds x, y and z." {
					t.Errorf("answer %q", got)
				}
				for _, item := range []string{"x", "y", "z"} {
					n := c.count(item)
					if n != 1 && !(idem && n == 2) {
						t.Errorf("%s added %d times", item, n)
					}
				}
			})
		}
	}
}

// TestApprovalWaits pauses a run on an approval that waits for a person,
// and resumes it from JSON with the person's decision: nothing runs and
// nothing is sent before every call of the turn is decided.
func TestApprovalWaits(t *testing.T) {
	t.Parallel()
	for _, approve := range []bool{true, false} {
		t.Run(fmt.Sprint("approve=", approve), func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.SetModel(cartModel)
			c := &cart{added: map[string]int{}}
			asked := 0
			loop := &responses.Loop{Service: rs, Tools: []responses.Handler{c.handler()},
				Approve: func(_ context.Context, call *responses.ToolCall) error {
					asked++
					if call.CallID == "call_y" {
						return fmt.Errorf("ask the owner: %w", responses.ErrPending)
					}
					return nil
				}}
			req := &responses.Request{Model: "m", Input: responses.Text("fill the cart")}
			_, err := loop.Run(t.Context(), req)
			pe, ok := errors.AsType[*responses.PausedError](err)
			if !ok {
				t.Fatalf("error %v, want a *PausedError", err)
			}
			if len(pe.Waiting) != 1 || pe.Waiting[0].Call.CallID != "call_y" || pe.Waiting[0].Status != responses.CallWaiting {
				t.Fatalf("waiting: %v", pe.Waiting)
			}
			if c.count("x") != 0 || len(srv.Requests()) != 1 {
				t.Fatalf("a call ran (%d) or a request was sent (%d) before the turn was decided", c.count("x"), len(srv.Requests()))
			}
			if err.Error() != "responses: tool loop paused: 1 call waits for a decision" {
				t.Errorf("error text %q", err)
			}
			b, err := json.Marshal(pe.State)
			if err != nil {
				t.Fatal(err)
			}

			// Later, in another process.
			var st responses.RunState
			if err := json.Unmarshal(b, &st); err != nil {
				t.Fatal(err)
			}
			if err := st.Approve("call_nope"); err == nil {
				t.Error("approving an unknown call: no error")
			}
			if err := st.Rerun("call_y"); err == nil {
				t.Error("rerunning a waiting call: no error")
			}
			if approve {
				err = st.Approve("call_y")
			} else {
				err = st.Deny("call_y", "the owner said no")
			}
			if err != nil {
				t.Fatal(err)
			}
			asked = 0
			tr, err := loop.Resume(t.Context(), &st)
			if err != nil {
				t.Fatal(err)
			}
			if asked != 1 { // z only: x was approved, y decided
				t.Errorf("Approve asked %d times on resume, want 1", asked)
			}
			out := tr.Turns[0].Outputs[1].(*responses.FunctionCallOutput).Output.Text()
			wantOut, wantY := "added y", 1
			if !approve {
				wantOut, wantY = "denied: the owner said no", 0
			}
			if out != wantOut || c.count("x") != 1 || c.count("y") != wantY {
				t.Errorf("y answered %q; x added %d, y %d times", out, c.count("x"), c.count("y"))
			}
			if !slices.ContainsFunc(tr.Turns, func(turn responses.Turn) bool { return turn.Response.OutputText() != "" }) {
				t.Errorf("the run did not end with an answer")
			}
		})
	}
}

// TestResumeDone returns the transcript of a run that has ended, without
// sending anything.
func TestResumeDone(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text("hi"))
	var last *responses.RunState
	loop := &responses.Loop{Service: rs, Checkpoint: func(_ context.Context, s *responses.RunState) error { last = s; return nil }}
	if _, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hello")}); err != nil {
		t.Fatal(err)
	}
	tr, err := loop.Resume(t.Context(), last)
	if err != nil || tr.Response().OutputText() != "hi" || len(srv.Requests()) != 1 {
		t.Errorf("Resume of a done run: %v, %d requests", err, len(srv.Requests()))
	}
	if _, err := loop.Resume(t.Context(), nil); err == nil {
		t.Error("Resume of nil: no error")
	}
}

// TestSteps runs a loop step by step, as a workflow engine would, and
// checks that it gives the transcript Run gives.
func TestSteps(t *testing.T) {
	t.Parallel()
	req := &responses.Request{Model: "m", Input: responses.Text("fill the cart")}
	run := func(steps bool, approve func(context.Context, *responses.ToolCall) error) (string, *cart) {
		rs, srv := newService(t)
		srv.SetModel(cartModel)
		c := &cart{added: map[string]int{}}
		loop := &responses.Loop{Service: rs, Tools: []responses.Handler{c.handler()}, Approve: approve}
		if !steps {
			tr, err := loop.Run(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(tr)
			return string(b), c
		}
		s := responses.NewRunState(req)
		for !s.Done {
			next, err := loop.NextRequest(s)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := rs.Create(t.Context(), next)
			if err != nil {
				t.Fatal(err)
			}
			if err := loop.RecordResponse(s, next, resp); err != nil {
				t.Fatal(err)
			}
			if s.Done {
				break
			}
			calls, err := loop.StartCalls(t.Context(), s)
			if pe, ok := errors.AsType[*responses.PausedError](err); ok {
				for _, w := range pe.Waiting {
					if err := s.Approve(w.Call.CallID); err != nil {
						t.Fatal(err)
					}
				}
				calls, err = loop.StartCalls(t.Context(), s)
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := loop.NextRequest(s); err == nil {
				t.Error("NextRequest in the middle of a turn: no error")
			}
			for _, call := range calls {
				out, err := loop.CallTool(t.Context(), call)
				if err := loop.FinishCall(s, call.CallID, out, err); err != nil {
					t.Fatal(err)
				}
			}
			if err := loop.EndTurn(s); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := json.Marshal(s.Transcript)
		return string(b), c
	}
	want, _ := run(false, nil)
	got, c := run(true, nil)
	if got != want {
		t.Errorf("steps give\n%s\nRun gives\n%s", got, want)
	}
	if c.count("x") != 1 || c.count("z") != 1 {
		t.Errorf("cart: %v", c.added)
	}
	// Approvals that wait, decided between the steps.
	got, _ = run(true, func(context.Context, *responses.ToolCall) error { return responses.ErrPending })
	if got != want {
		t.Errorf("steps with approvals give\n%s\nRun gives\n%s", got, want)
	}
}
