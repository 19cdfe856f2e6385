package temporal_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/temporaltest"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/temporal"
)

// TestWorkerCrash runs the workflow on a real Temporal server embedded in
// the test: the first worker stops as soon as the tool has run, before the
// next model call; a second worker, as another process would, takes the
// run over and finishes it without running the tool again.
func TestWorkerCrash(t *testing.T) {
	ts := temporaltest.NewServer(temporaltest.WithT(t))
	c := ts.GetDefaultClient()
	f := &files{deleted: map[string]int{}}
	ran := make(chan struct{})
	var once sync.Once
	f.after = func() { once.Do(func() { close(ran) }) }
	agent := newAgent(t, f)
	agent.Loop.Approve = nil // no person in this run

	const queue = "agents"
	w1 := ts.NewWorker(queue, agent.Register)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: queue}, temporal.WorkflowName,
		temporal.RunInput{Request: &responses.Request{Model: "m", Input: responses.Text("clean up")}})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
	case <-ctx.Done():
		t.Fatal("the tool did not run")
	}
	w1.Stop() // the worker's process ends

	w2 := ts.NewWorker(queue, agent.Register)
	defer w2.Stop()
	var tr responses.Transcript
	if err := run.Get(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if got := tr.Turns[len(tr.Turns)-1].Response.OutputText(); got != "Done: deleted old.log" {
		t.Errorf("answer %q", got)
	}
	if n := f.count("old.log"); n != 1 {
		t.Errorf("the tool ran %d times, want once", n)
	}
}
