package temporal_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/temporal"
)

// model is a deterministic model: asked anew, it deletes the file
// "old.log"; given the output of that call, it answers with it.
func model(req *responses.Request) responsestest.Reply {
	for _, it := range req.Input {
		if o, ok := it.(*responses.FunctionCallOutput); ok {
			return responsestest.Text("Done: " + o.Output.Text())
		}
	}
	return responsestest.Items(&responses.FunctionCall{CallID: "call_1", Name: "delete_file", Arguments: `{"path":"old.log"}`})
}

// files is a tool whose effect must happen once: it counts deletions.
type files struct {
	mu      sync.Mutex
	deleted map[string]int
	after   func() // called after each deletion
}

func (f *files) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deleted[path]
}

func (f *files) handler() responses.Handler {
	type args struct {
		Path string `json:"path"`
	}
	return responses.Func("delete_file", "Delete a file.", func(ctx context.Context, a args) (string, error) {
		f.mu.Lock()
		f.deleted[a.Path]++
		after := f.after
		f.mu.Unlock()
		if after != nil {
			after()
		}
		return "deleted " + a.Path, nil
	})
}

// newAgent returns an agent whose loop talks to a fake server and asks a
// person before deleting anything.
func newAgent(t *testing.T, f *files) *temporal.Agent {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetModel(model)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	return &temporal.Agent{Loop: &responses.Loop{
		Service: responses.New(c),
		Tools:   []responses.Handler{f.handler()},
		Approve: func(_ context.Context, call *responses.ToolCall) error {
			if call.Name == "delete_file" {
				return responses.ErrPending
			}
			return nil
		},
	}}
}

// TestApprovalADayLater runs the workflow in the SDK's time-skipping test
// environment: the deletion waits for a person, whose approval arrives a
// (skipped) day later; the run then deletes the file once and answers.
func TestApprovalADayLater(t *testing.T) {
	for _, approve := range []bool{true, false} {
		t.Run(fmt.Sprint("approve=", approve), func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			env := suite.NewTestWorkflowEnvironment()
			f := &files{deleted: map[string]int{}}
			agent := newAgent(t, f)
			agent.Register(env)
			start := env.Now()
			env.RegisterDelayedCallback(func() {
				v, err := env.QueryWorkflow(temporal.StateQuery)
				if err != nil {
					t.Error(err)
					return
				}
				var s responses.RunState
				if err := v.Get(&s); err != nil {
					t.Error(err)
					return
				}
				if w := s.Waiting(); len(w) != 1 || w[0].Call.Name != "delete_file" || f.count("old.log") != 0 {
					t.Errorf("after a day: waiting %v, deleted %d times", w, f.count("old.log"))
				}
				env.SignalWorkflow(temporal.DecisionSignal, temporal.Decision{CallID: "nope", Approve: true})
				env.SignalWorkflow(temporal.DecisionSignal, temporal.Decision{CallID: "call_1", Approve: approve, Reason: "keep the logs"})
			}, 24*time.Hour)
			env.ExecuteWorkflow(temporal.WorkflowName, temporal.RunInput{Request: &responses.Request{Model: "m", Input: responses.Text("clean up")}})
			if !env.IsWorkflowCompleted() {
				t.Fatal("the workflow did not complete")
			}
			if err := env.GetWorkflowError(); err != nil {
				t.Fatal(err)
			}
			var tr responses.Transcript
			if err := env.GetWorkflowResult(&tr); err != nil {
				t.Fatal(err)
			}
			want, deleted := "Done: deleted old.log", 1
			if !approve {
				want, deleted = "Done: denied: keep the logs", 0
			}
			if got := tr.Turns[len(tr.Turns)-1].Response.OutputText(); got != want {
				t.Errorf("answer %q, want %q", got, want)
			}
			if f.count("old.log") != deleted {
				t.Errorf("deleted %d times, want %d", f.count("old.log"), deleted)
			}
			if env.Now().Sub(start) < 24*time.Hour {
				t.Errorf("the run ended %v after it started, before the approval", env.Now().Sub(start))
			}
		})
	}
}

// TestWorkflowErrors checks the inputs the workflow refuses.
func TestWorkflowErrors(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	agent := newAgent(t, &files{deleted: map[string]int{}})
	agent.Register(env)
	env.ExecuteWorkflow(temporal.WorkflowName, temporal.RunInput{})
	if err := env.GetWorkflowError(); err == nil {
		t.Error("a workflow without a request: no error")
	}
}

// TestModelCallRetried fails the first model call with a rate limit that
// asks for a 30-second wait: Temporal retries the activity after that wait,
// and the run goes on.
func TestModelCallRetried(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	f := &files{deleted: map[string]int{}}
	agent := newAgent(t, f)
	agent.Loop.Approve = nil
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	calls := 0
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		calls++
		if calls == 1 {
			r := responsestest.Error(429, responsestest.ErrorBody{Message: "Rate limit reached", Type: "requests"})
			r.Header.Set("Retry-After", "30")
			return r
		}
		return model(req)
	})
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	agent.Loop.Service = responses.New(c)
	agent.Register(env)
	start := env.Now()
	env.ExecuteWorkflow(temporal.WorkflowName, temporal.RunInput{Request: &responses.Request{Model: "m", Input: responses.Text("clean up")}})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if calls != 3 || f.count("old.log") != 1 {
		t.Errorf("%d model calls, %d deletions; want 3 and 1", calls, f.count("old.log"))
	}
	if waited := env.Now().Sub(start); waited < 30*time.Second {
		t.Errorf("the retry came after %v, before the 30 seconds the API asked for", waited)
	}
	// A bad request is not retried.
	env = suite.NewTestWorkflowEnvironment()
	calls = 0
	srv.SetModel(func(*responses.Request) responsestest.Reply {
		calls++
		return responsestest.Error(400, responsestest.ErrorBody{Message: "Unknown parameter", Type: "invalid_request_error"})
	})
	agent.Register(env)
	env.ExecuteWorkflow(temporal.WorkflowName, temporal.RunInput{Request: &responses.Request{Model: "m", Input: responses.Text("clean up")}})
	if err := env.GetWorkflowError(); err == nil || calls != 1 {
		t.Errorf("a bad request: error %v after %d calls; want an error after 1", err, calls)
	}
}
