package temporal_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/server/temporaltest"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/temporal"
)

// A worker and a starter: the worker runs the agent's workflow and
// activities; the starter starts a run, sees it wait for a person's
// approval, sends the approval and reads the answer. Offline: the model is
// respkit's fake server and Temporal a server embedded in the process.
func Example() {
	quiet := sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	ts := temporaltest.NewServer(temporaltest.WithBaseClientOptions(client.Options{Logger: quiet}))
	defer ts.Stop()

	// The model: it asks to delete a file, then reports what the tool said.
	fake := responsestest.NewServer()
	defer fake.Close()
	fake.SetModel(func(req *responses.Request) responsestest.Reply {
		for _, it := range req.Input {
			if o, ok := it.(*responses.FunctionCallOutput); ok {
				return responsestest.Text("Done: " + o.Output.Text())
			}
		}
		return responsestest.Items(&responses.FunctionCall{Name: "delete_file", Arguments: `{"path":"old.log"}`})
	})
	oc, err := fake.Client()
	if err != nil {
		log.Fatal(err)
	}

	// The worker.
	type args struct {
		Path string `json:"path"`
	}
	agent := &temporal.Agent{Loop: &responses.Loop{
		Service: responses.New(oc),
		Tools: []responses.Handler{responses.Func("delete_file", "Delete a file.", func(ctx context.Context, a args) (string, error) {
			return "deleted " + a.Path, nil
		})},
		// Deterministic, as the workflow's code must be: every deletion
		// waits for a person.
		Approve: func(_ context.Context, call *responses.ToolCall) error {
			if call.Name == "delete_file" {
				return responses.ErrPending
			}
			return nil
		},
	}}
	ts.NewWorker("agents", agent.Register)

	// The starter.
	ctx := context.Background()
	c := ts.GetDefaultClient()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "agents"}, temporal.WorkflowName,
		temporal.RunInput{Request: &responses.Request{Model: "gpt-5.1", Input: responses.Text("Clean up the logs.")}})
	if err != nil {
		log.Fatal(err)
	}
	var waiting *responses.CallState
	for waiting == nil {
		v, err := c.QueryWorkflow(ctx, run.GetID(), run.GetRunID(), temporal.StateQuery)
		if err != nil {
			log.Fatal(err)
		}
		var s responses.RunState
		if err := v.Get(&s); err != nil {
			log.Fatal(err)
		}
		if w := s.Waiting(); len(w) > 0 {
			waiting = w[0]
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	fmt.Println("waiting for approval:", waiting.Call.Name, waiting.Call.Arguments)

	// Hours later, a person approves.
	if err := c.SignalWorkflow(ctx, run.GetID(), run.GetRunID(), temporal.DecisionSignal,
		temporal.Decision{CallID: waiting.Call.CallID, Approve: true}); err != nil {
		log.Fatal(err)
	}
	var t responses.Transcript
	if err := run.Get(ctx, &t); err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Response().OutputText())
	// Output:
	// waiting for approval: delete_file {"path":"old.log"}
	// Done: deleted old.log
}
