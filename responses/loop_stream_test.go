package responses_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestLoopStream(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(
		responsestest.FunctionCalls(
			responsestest.Call{Name: "get_weather", Arguments: cityArgs{"Paris"}},
			responsestest.Call{Name: "add", Arguments: sumArgs{40, 2}},
		),
		responsestest.Text("Paris is 5°C and the sum is 42."),
	)
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool, addTool}}
	var kinds []string
	var text strings.Builder
	var done *responses.LoopDoneEvent
	for ev, err := range loop.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")}) {
		if err != nil {
			t.Fatal(err)
		}
		switch ev := ev.(type) {
		case *responses.CreatedEvent, *responses.CompletedEvent:
			kinds = append(kinds, ev.(responses.Event).EventType())
		case *responses.ToolOutputEvent:
			kinds = append(kinds, "tool "+ev.Call.Name+" → "+ev.Output.(*responses.FunctionCallOutput).Output.Text())
		case *responses.OutputTextDeltaEvent:
			text.WriteString(ev.Delta)
		case *responses.LoopDoneEvent:
			kinds = append(kinds, "loop done")
			done = ev
		}
		if _, api := ev.(responses.Event); api == isLoopEvent(ev) {
			t.Errorf("%T is an Event: %v", ev, api)
		}
	}
	want := []string{
		"response.created", "response.completed",
		`tool get_weather → {"city":"Paris","temp_c":5}`, "tool add → 42",
		"response.created", "response.completed",
		"loop done",
	}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
	if text.String() != "Paris is 5°C and the sum is 42." {
		t.Errorf("streamed text = %q", text.String())
	}
	if done == nil || len(done.Transcript.Turns) != 2 || done.Transcript.Response().OutputText() != text.String() || done.Transcript.Usage.TotalTokens == 0 {
		t.Fatalf("LoopDoneEvent = %+v", done)
	}
	if got := marshal(t, done); !strings.HasPrefix(got, `{"transcript":{"input":[{"role":"user","content":"go"}],"turns":[{"request":{`) {
		t.Errorf("LoopDoneEvent encodes as %.200s", got)
	}
	reqs := requestBodies(t, srv)
	if len(reqs) != 2 || !srv.Requests()[0].Streamed() || !srv.Requests()[1].Streamed() || reqs[1].PreviousResponseID != done.Transcript.Turns[0].Response.ID || len(reqs[1].Input) != 2 {
		t.Errorf("requests = %s", marshal(t, reqs))
	}
	if got := marshal(t, &responses.ToolOutputEvent{Call: &responses.ToolCall{Name: "f", CallID: "c"}, Output: responses.FunctionOutput("c", "ok")}); got != `{"call":{"item":null,"name":"f","call_id":"c","arguments":""},"output":{"type":"function_call_output","call_id":"c","output":"ok"}}` {
		t.Errorf("ToolOutputEvent encodes as %s", got)
	}
}

func TestLoopStreamBreak(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(
		responsestest.Call{Name: "add", Arguments: sumArgs{1, 1}},
		responsestest.Call{Name: "slow", Arguments: struct{}{}},
	))
	cancelled := make(chan error, 1)
	slow := responses.Func("slow", "", func(ctx context.Context, _ struct{}) (string, error) {
		<-ctx.Done()
		cancelled <- ctx.Err()
		return "", ctx.Err()
	})
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{addTool, slow}}
	for ev, err := range loop.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ev.(*responses.ToolOutputEvent); ok {
			break
		}
	}
	select {
	case err := <-cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the slow call ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("breaking out of the stream did not cancel the call in progress")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests after the break, want 1", n)
	}
}

func TestLoopStreamErrors(t *testing.T) {
	t.Parallel()
	t.Run("turn budget", func(t *testing.T) {
		rs, srv := newService(t)
		srv.SetModel(func(*responses.Request) responsestest.Reply {
			return responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 2}})
		})
		var outputs int
		var last error
		for ev, err := range (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool}, MaxTurns: 2}).Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")}) {
			if _, ok := ev.(*responses.ToolOutputEvent); ok {
				outputs++
			}
			last = err
		}
		if mt, ok := errors.AsType[*responses.MaxTurnsError](last); !ok || len(mt.Transcript.Turns) != 2 || outputs != 2 {
			t.Errorf("stream ended with %v after %d outputs, want a *MaxTurnsError after 2", last, outputs)
		}
	})
	t.Run("failed response", func(t *testing.T) {
		rs, srv := newService(t)
		srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 2}}), responsestest.Failed("server_error", "boom"))
		var last error
		for _, err := range (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}).Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")}) {
			last = err
		}
		if se, ok := errors.AsType[*responses.StreamError](last); !ok || !strings.Contains(se.Error(), "boom") {
			t.Errorf("stream ended with %v, want the *StreamError of the failed response", last)
		}
	})
	t.Run("configuration", func(t *testing.T) {
		var errs []error
		for ev, err := range (&responses.Loop{}).Stream(t.Context(), &responses.Request{}) {
			if ev != nil {
				t.Errorf("yielded %T", ev)
			}
			errs = append(errs, err)
		}
		if len(errs) != 1 || errs[0].Error() != "responses: Loop.Service is nil" {
			t.Errorf("errors = %v", errs)
		}
	})
}

// isLoopEvent reports whether ev is one of the loop's own events.
func isLoopEvent(ev responses.LoopEvent) bool {
	switch ev.(type) {
	case *responses.ToolOutputEvent, *responses.LoopDoneEvent:
		return true
	}
	return false
}
