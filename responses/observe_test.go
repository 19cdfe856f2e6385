package responses_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

type spanKey struct{}

// recorder is an Observer that records the work it sees as a tree of
// names: "parent > child".
type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) add(ctx context.Context, name string) (context.Context, func(string)) {
	path := name
	if parent, ok := ctx.Value(spanKey{}).(string); ok {
		path = parent + " > " + name
	}
	return context.WithValue(ctx, spanKey{}, path), func(outcome string) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.lines = append(r.lines, path+": "+outcome)
	}
}

func (r *recorder) observer() *responses.Observer {
	return &responses.Observer{
		Call: func(ctx context.Context, c responses.CallInfo) (context.Context, func(responses.CallResult)) {
			ctx, end := r.add(ctx, c.Operation)
			return ctx, func(res responses.CallResult) {
				out := fmt.Sprintf("err=%v", res.Err != nil)
				if res.Response != nil {
					out += " status=" + string(res.Response.Status)
				}
				if c.Operation == "stream" {
					out += fmt.Sprintf(" first_token=%v", res.FirstToken > 0)
				}
				end(out)
			}
		},
		Loop: func(ctx context.Context, req *responses.Request) (context.Context, func(responses.LoopResult)) {
			ctx, end := r.add(ctx, "loop")
			return ctx, func(res responses.LoopResult) {
				end(fmt.Sprintf("turns=%d err=%v", len(res.Transcript.Turns), res.Err))
			}
		},
		Turn: func(ctx context.Context, n int) (context.Context, func(responses.TurnResult)) {
			ctx, end := r.add(ctx, fmt.Sprint("turn ", n))
			return ctx, func(res responses.TurnResult) { end(fmt.Sprintf("calls=%d err=%v", res.Calls, res.Err)) }
		},
		Tool: func(ctx context.Context, call *responses.ToolCall) (context.Context, func(responses.ToolResult)) {
			ctx, end := r.add(ctx, "tool "+call.Name)
			return ctx, func(res responses.ToolResult) { end(fmt.Sprintf("err=%v", res.Err != nil)) }
		},
	}
}

func (r *recorder) sorted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.lines)
	slices.Sort(out)
	return out
}

func TestObserver(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	rec := &recorder{}
	obs := rs.WithObserver(rec.observer())
	ctx := t.Context()

	srv.Enqueue(responsestest.Text("hi"))
	if _, err := obs.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("x")}); err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(responsestest.Text("hello there"))
	for _, err := range obs.Stream(ctx, &responses.Request{Model: "m", Input: responses.Text("x")}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	type City struct {
		Name string `json:"name"`
	}
	srv.Enqueue(responsestest.Text(`{"nom":"Paris"}`), responsestest.Text(`{"name":"Paris"}`))
	if _, _, err := responses.Parse[City](ctx, obs, &responses.Request{Model: "m", Input: responses.Text("x")}, responses.WithMaxAttempts(2)); err != nil {
		t.Fatal(err)
	}
	// A loop with two tool calls in one turn; each handler sees its span.
	var seen []string
	var mu sync.Mutex
	tool := responses.Func("lookup", "Look up.", func(ctx context.Context, a struct {
		Q string `json:"q"`
	}) (string, error) {
		mu.Lock()
		seen = append(seen, ctx.Value(spanKey{}).(string))
		mu.Unlock()
		return "ok", nil
	})
	srv.Enqueue(responsestest.FunctionCalls(
		responsestest.Call{Name: "lookup", Arguments: map[string]string{"q": "a"}},
		responsestest.Call{Name: "lookup", Arguments: map[string]string{"q": "b"}},
	), responsestest.Text("done"))
	loop := &responses.Loop{Service: obs, Tools: []responses.Handler{tool}}
	if _, err := loop.Run(ctx, &responses.Request{Model: "m", Input: responses.Text("x")}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"create: err=false status=completed",
		"loop > turn 1 > create: err=false status=completed",
		"loop > turn 1 > tool lookup: err=false",
		"loop > turn 1 > tool lookup: err=false",
		"loop > turn 1: calls=2 err=<nil>",
		"loop > turn 2 > create: err=false status=completed",
		"loop > turn 2: calls=0 err=<nil>",
		"loop: turns=2 err=<nil>",
		"parse > create: err=false status=completed",
		"parse > create: err=false status=completed",
		"parse: err=false status=completed",
		"stream: err=false status=completed first_token=true",
	}
	if got := rec.sorted(); !slices.Equal(got, want) {
		t.Errorf("observed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(seen) != 2 || seen[0] != "loop > turn 1 > tool lookup" {
		t.Errorf("the handlers ran in %v", seen)
	}
	// Without an observer, nothing is observed.
	srv.Enqueue(responsestest.Text("hi"))
	n := len(rec.sorted())
	if _, err := rs.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("x")}); err != nil || len(rec.sorted()) != n {
		t.Errorf("a service without an observer was observed")
	}
}

func TestObserverLoopStream(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	rec := &recorder{}
	tool := responses.Func("lookup", "Look up.", func(ctx context.Context, a struct {
		Q string `json:"q"`
	}) (string, error) {
		return "ok", nil
	})
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "lookup", Arguments: map[string]string{"q": "a"}}), responsestest.Text("done"))
	loop := &responses.Loop{Service: rs.WithObserver(rec.observer()), Tools: []responses.Handler{tool}}
	for _, err := range loop.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("x")}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"loop > turn 1 > stream: err=false status=completed first_token=true",
		"loop > turn 1 > tool lookup: err=false",
		"loop > turn 1: calls=1 err=<nil>",
		"loop > turn 2 > stream: err=false status=completed first_token=true",
		"loop > turn 2: calls=0 err=<nil>",
		"loop: turns=2 err=<nil>",
	}
	if got := rec.sorted(); !slices.Equal(got, want) {
		t.Errorf("observed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
