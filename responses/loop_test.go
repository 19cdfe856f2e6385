package responses_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

type cityArgs struct {
	City string `json:"city"`
}

type weather struct {
	City  string  `json:"city"`
	TempC float64 `json:"temp_c"`
}

// weatherTool answers with a fixed temperature per city.
var weatherTool = responses.Func("get_weather", "Get the current weather in a city.",
	func(_ context.Context, a cityArgs) (weather, error) {
		return weather{City: a.City, TempC: float64(len(a.City))}, nil
	})

type sumArgs struct {
	A int `json:"a"`
	B int `json:"b"`
}

var addTool = responses.Func("add", "Add two integers.", func(_ context.Context, a sumArgs) (int, error) {
	return a.A + a.B, nil
})

// requestBodies returns the requests the server received, decoded.
func requestBodies(t *testing.T, srv *responsestest.Server) []*responses.Request {
	t.Helper()
	var reqs []*responses.Request
	for _, r := range srv.Requests() {
		req, err := r.Request()
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, req)
	}
	return reqs
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoopStored(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(
		responsestest.FunctionCalls(
			responsestest.Call{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}},
			responsestest.Call{Name: "add", Arguments: map[string]any{"a": 17, "b": 25}},
		),
		responsestest.Text("Paris is 5°C; 17+25 is 42."),
	)
	req := &responses.Request{Model: "gpt-test", Input: responses.Text("Weather in Paris, and 17+25?"), Instructions: "Be brief."}
	before := marshal(t, req)
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool, addTool}}
	tr, err := loop.Run(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := marshal(t, req); got != before {
		t.Errorf("Run modified the request:\n%s\nwant\n%s", got, before)
	}
	if got, want := tr.Response().OutputText(), "Paris is 5°C; 17+25 is 42."; got != want {
		t.Errorf("final text = %q, want %q", got, want)
	}
	if len(tr.Turns) != 2 {
		t.Fatalf("%d turns, want 2", len(tr.Turns))
	}
	reqs := requestBodies(t, srv)
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	first, second := reqs[0], reqs[1]
	if got := marshal(t, first.Tools); got != marshal(t, []responses.Tool{weatherTool.Tool(), addTool.Tool()}) {
		t.Errorf("first request's tools = %s", got)
	}
	calls := tr.Turns[0].Response.FunctionCalls()
	for i, c := range tr.Turns[0].Calls {
		if c.Item != calls[i] || c.Name != calls[i].Name || c.Arguments != calls[i].Arguments || tr.Turns[0].Outputs[i].(*responses.FunctionCallOutput).CallID != c.CallID {
			t.Errorf("turn 1: Calls[%d] = %+v does not pair with output %s", i, c, marshal(t, tr.Turns[0].Outputs[i]))
		}
	}
	if len(tr.Turns[0].Calls) != 2 || tr.Turns[1].Calls != nil {
		t.Errorf("turns have %d and %d calls, want 2 and 0", len(tr.Turns[0].Calls), len(tr.Turns[1].Calls))
	}
	if second.PreviousResponseID != tr.Turns[0].Response.ID {
		t.Errorf("second request's previous_response_id = %q, want %q", second.PreviousResponseID, tr.Turns[0].Response.ID)
	}
	want := fmt.Sprintf(`[{"type":"function_call_output","call_id":%q,"output":"{\"city\":\"Paris\",\"temp_c\":5}"},`+
		`{"type":"function_call_output","call_id":%q,"output":"42"}]`, calls[0].CallID, calls[1].CallID)
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, second.Input))); d != "" {
		t.Errorf("second request's input:\n%s", d)
	}
	if second.Instructions != "Be brief." || second.Model != "gpt-test" || len(second.Tools) != 2 {
		t.Errorf("second request lost settings: %s", marshal(t, second))
	}
	var usage responses.Usage
	for _, turn := range tr.Turns {
		usage.Add(turn.Response.Usage)
	}
	if usage.TotalTokens == 0 || marshal(t, tr.Usage) != marshal(t, usage) {
		t.Errorf("Usage = %+v, want the sum %+v", tr.Usage, usage)
	}
	if tr.Turns[1].Request.PreviousResponseID != tr.Turns[0].Response.ID || tr.Turns[0].Request.Input[0] != req.Input[0] {
		t.Error("the transcript does not hold the requests sent")
	}
}

func TestLoopStateless(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(
		responsestest.Items(
			&responses.ReasoningItem{ID: "rs_1", EncryptedContent: "gAAAA-secret-1", Summary: []responses.Part{}},
			&responses.FunctionCall{CallID: "call_1", Name: "get_weather", Arguments: `{"city":"Oslo"}`},
		),
		responsestest.Items(
			&responses.ReasoningItem{ID: "rs_2", EncryptedContent: "gAAAA-secret-2", Summary: []responses.Part{}},
			&responses.FunctionCall{CallID: "call_2", Name: "add", Arguments: `{"a":1,"b":2}`},
		),
		responsestest.Text("Done."),
	)
	req := &responses.Request{Model: "m", Input: responses.Text("go"), Store: new(false), Include: []string{responses.IncludeOutputLogprobs}}
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool, addTool}}
	tr, err := loop.Run(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Include) != 1 {
		t.Errorf("Run modified the request's Include: %v", req.Include)
	}
	reqs := requestBodies(t, srv)
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if r.PreviousResponseID != "" || r.Store == nil || *r.Store {
			t.Errorf("request %d: previous_response_id %q, store %v", i, r.PreviousResponseID, r.Store)
		}
		if want := []string{responses.IncludeOutputLogprobs, responses.IncludeReasoningEncryptedContent}; !cmp.Equal(r.Include, want) {
			t.Errorf("request %d: include = %v, want %v", i, r.Include, want)
		}
	}
	want := `[{"role":"user","content":"go"},
		{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA-secret-1"},
		{"type":"function_call","id":"fc_*","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}","status":"completed"},
		{"type":"function_call_output","call_id":"call_1","output":"{\"city\":\"Oslo\",\"temp_c\":4}"},
		{"type":"reasoning","id":"rs_2","summary":[],"encrypted_content":"gAAAA-secret-2"},
		{"type":"function_call","id":"fc_*","call_id":"call_2","name":"add","arguments":"{\"a\":1,\"b\":2}","status":"completed"},
		{"type":"function_call_output","call_id":"call_2","output":"3"}]`
	got := marshal(t, reqs[2].Input)
	for _, turn := range tr.Turns[:2] {
		fc := turn.Response.FunctionCalls()[0]
		got = strings.Replace(got, fc.ID, "fc_*", 1)
	}
	if d := jsontest.Diff([]byte(want), []byte(got)); d != "" {
		t.Errorf("third request's input:\n%s\n%s", d, got)
	}
	if got, want := marshal(t, tr.Items()), marshal(t, append(reqs[2].Input, tr.Turns[2].Response.ToInput()...)); got != want {
		t.Errorf("Items() =\n%s\nwant\n%s", got, want)
	}
}

func TestLoopConversation(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{2, 2}}), responsestest.Text("4"))
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}
	conv, err := rs.Conversations().Create(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := &responses.Request{Model: "m", Input: responses.Text("2+2?"), Conversation: conv.Ref()}
	if _, err := loop.Run(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	second := requestBodies(t, srv)[2]
	if second.PreviousResponseID != "" || second.Conversation == nil || second.Conversation.ID != conv.ID {
		t.Errorf("second request: previous_response_id %q, conversation %+v", second.PreviousResponseID, second.Conversation)
	}
	if len(second.Input) != 1 {
		t.Fatalf("second request's input has %d items, want the output only", len(second.Input))
	}
	if o, ok := second.Input[0].(*responses.FunctionCallOutput); !ok || o.Output.Text() != "4" {
		t.Errorf("second request's input = %s", marshal(t, second.Input))
	}
}

// barrier lets n goroutines wait for each other, or gives up after a while.
type barrier struct {
	mu      sync.Mutex
	n       int
	waiting int
	open    chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, open: make(chan struct{})} }

func (b *barrier) wait(ctx context.Context) bool {
	b.mu.Lock()
	b.waiting++
	if b.waiting == b.n {
		close(b.open)
	}
	b.mu.Unlock()
	select {
	case <-b.open:
		return true
	case <-ctx.Done():
		return false
	case <-time.After(5 * time.Second):
		return false
	}
}

func TestLoopParallelCallOrder(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	const n = 4
	var calls []responsestest.Call
	for i := range n {
		calls = append(calls, responsestest.Call{Name: "work", Arguments: map[string]int{"i": i}})
	}
	srv.Enqueue(responsestest.FunctionCalls(calls...), responsestest.Text("done"))
	all := newBarrier(n)
	var finished atomic.Int32
	var order []int
	var mu sync.Mutex
	type workArgs struct {
		I int `json:"i"`
	}
	work := responses.Func("work", "", func(ctx context.Context, a workArgs) (string, error) {
		if !all.wait(ctx) {
			return "", errors.New("the calls did not run in parallel")
		}
		// Finish in reverse call order.
		for finished.Load() != int32(n-1-a.I) {
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		order = append(order, a.I)
		mu.Unlock()
		finished.Add(1)
		return fmt.Sprintf("result %d", a.I), nil
	})
	tr, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{work}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{3, 2, 1, 0}; !cmp.Equal(order, want) {
		t.Errorf("the calls finished in the order %v, want %v", order, want)
	}
	for i, out := range tr.Turns[0].Outputs {
		o := out.(*responses.FunctionCallOutput)
		if want := fmt.Sprintf("result %d", i); o.Output.Text() != want || o.CallID != tr.Turns[0].Response.FunctionCalls()[i].CallID {
			t.Errorf("output %d = %s, want %q for call %d", i, marshal(t, o), want, i)
		}
	}
}

// concurrency counts the calls of a handler that run at once.
type concurrency struct {
	mu       sync.Mutex
	now, max int
	started  []int
}

func (c *concurrency) handler(d time.Duration) responses.Handler {
	type args struct {
		I int `json:"i"`
	}
	return responses.Func("work", "", func(ctx context.Context, a args) (string, error) {
		c.mu.Lock()
		c.now++
		c.max = max(c.max, c.now)
		c.started = append(c.started, a.I)
		c.mu.Unlock()
		time.Sleep(d)
		c.mu.Lock()
		c.now--
		c.mu.Unlock()
		return "ok", nil
	})
}

func TestLoopConcurrencyBound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		maxParallel int
		parallel    *bool
		want        int
	}{
		{"MaxParallel 2", 2, nil, 2},
		{"parallel tool calls off", 0, new(false), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			var calls []responsestest.Call
			for i := range 6 {
				calls = append(calls, responsestest.Call{Name: "work", Arguments: map[string]int{"i": i}})
			}
			srv.Enqueue(responsestest.FunctionCalls(calls...), responsestest.Text("done"))
			var c concurrency
			loop := &responses.Loop{Service: rs, Tools: []responses.Handler{c.handler(20 * time.Millisecond)}, MaxParallel: tt.maxParallel}
			if _, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go"), ParallelToolCalls: tt.parallel}); err != nil {
				t.Fatal(err)
			}
			if c.max != tt.want {
				t.Errorf("at most %d calls ran at once, want %d", c.max, tt.want)
			}
			if tt.want == 1 && !cmp.Equal(c.started, []int{0, 1, 2, 3, 4, 5}) {
				t.Errorf("sequential calls started in the order %v", c.started)
			}
		})
	}
}

func TestLoopContextCancelsSlowTool(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		honour bool
	}{
		{"tool honours the context", true},
		{"tool ignores the context", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "slow", Arguments: struct{}{}}))
			release := make(chan struct{})
			defer close(release)
			cancelled := make(chan error, 1)
			slow := responses.Func("slow", "", func(ctx context.Context, _ struct{}) (string, error) {
				if !tt.honour {
					<-release
					return "late", nil
				}
				<-ctx.Done()
				cancelled <- ctx.Err()
				return "", ctx.Err()
			})
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			tr, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{slow}}).Run(ctx, &responses.Request{Model: "m", Input: responses.Text("go")})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Run error = %v, want context.DeadlineExceeded", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Run returned after %v", d)
			}
			if tr == nil || len(tr.Turns) != 1 || tr.Turns[0].Outputs != nil {
				t.Errorf("transcript = %+v, want the first turn without outputs", tr)
			}
			if tt.honour {
				if err := <-cancelled; !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("the tool's context ended with %v", err)
				}
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestLoopPanickingTool(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(
		responsestest.Call{Name: "boom", Arguments: struct{}{}},
		responsestest.Call{Name: "add", Arguments: sumArgs{1, 1}},
	), responsestest.Text("sorry"))
	boom := responses.Func("boom", "", func(context.Context, struct{}) (string, error) {
		panic("the tool broke")
	})
	var failures []*responses.ToolError
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{boom, addTool}, OnToolError: func(err *responses.ToolError) error {
		failures = append(failures, err)
		return nil
	}}
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil {
		t.Fatal(err)
	}
	outs := tr.Turns[0].Outputs
	if got, want := outs[0].(*responses.FunctionCallOutput).Output.Text(), "error: the tool failed with an internal error"; got != want {
		t.Errorf("output of the panicking call = %q, want %q", got, want)
	}
	if got := outs[1].(*responses.FunctionCallOutput).Output.Text(); got != "2" {
		t.Errorf("output of the other call = %q, want %q", got, "2")
	}
	if len(failures) != 1 {
		t.Fatalf("OnToolError called %d times, want 1", len(failures))
	}
	pe, ok := errors.AsType[*responses.PanicError](failures[0])
	if !ok || fmt.Sprint(pe.Value) != "the tool broke" || !strings.Contains(string(pe.Stack), "loop_test.go") || failures[0].Call.Name != "boom" {
		t.Errorf("OnToolError got %v (panic %+v)", failures[0], pe)
	}
}

func TestLoopMaxTurns(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.SetModel(func(*responses.Request) responsestest.Reply {
		return responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 2}})
	})
	var turns int
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{addTool}, MaxTurns: 3, Stop: func(*responses.Transcript) bool {
		turns++
		return false
	}}
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	mt, ok := errors.AsType[*responses.MaxTurnsError](err)
	if !ok {
		t.Fatalf("Run error = %v, want a *MaxTurnsError", err)
	}
	if mt.MaxTurns != 3 || mt.Transcript != tr || len(tr.Turns) != 3 || turns != 3 {
		t.Errorf("MaxTurnsError %+v, %d turns in the transcript, Stop called %d times", mt, len(tr.Turns), turns)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if last := tr.Turns[2]; len(last.Outputs) != 1 || last.Outputs[0].(*responses.FunctionCallOutput).Output.Text() != "3" {
		t.Errorf("the last turn's outputs = %s, want the answer to its call", marshal(t, last.Outputs))
	}
	if got, want := err.Error(), "responses: tool loop: the model still called tools after 3 turns"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestLoopDefaultTurnBudget(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.SetModel(func(*responses.Request) responsestest.Reply {
		return responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 2}})
	})
	_, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if mt, ok := errors.AsType[*responses.MaxTurnsError](err); !ok || mt.MaxTurns != 10 || len(srv.Requests()) != 10 {
		t.Errorf("Run error = %v after %d requests, want a *MaxTurnsError after 10", err, len(srv.Requests()))
	}
}

func TestLoopStop(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "final_answer", Arguments: map[string]string{"answer": "42"}}))
	type answer struct {
		Answer string `json:"answer"`
	}
	final := responses.Func("final_answer", "Give the final answer.", func(_ context.Context, a answer) (string, error) { return "recorded", nil })
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{final}, Stop: func(t *responses.Transcript) bool {
		last := t.Turns[len(t.Turns)-1].Response.FunctionCalls()
		return len(last) > 0 && last[0].Name == "final_answer"
	}}
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil || len(tr.Turns) != 1 || len(srv.Requests()) != 1 || len(tr.Turns[0].Outputs) != 1 {
		t.Errorf("Run = %d turns, %d requests, error %v; want to stop after the first turn", len(tr.Turns), len(srv.Requests()), err)
	}
}

func TestLoopApproval(t *testing.T) {
	t.Parallel()
	twoCalls := responsestest.FunctionCalls(
		responsestest.Call{Name: "delete_file", Arguments: map[string]string{"path": "notes.txt"}},
		responsestest.Call{Name: "add", Arguments: sumArgs{2, 3}},
	)
	type pathArgs struct {
		Path string `json:"path"`
	}
	var deleted atomic.Bool
	deleteFile := responses.Func("delete_file", "Delete a file.", func(_ context.Context, a pathArgs) (string, error) {
		deleted.Store(true)
		return "deleted " + a.Path, nil
	})
	var seen []string
	approve := func(_ context.Context, c *responses.ToolCall) error {
		seen = append(seen, c.Name+" "+c.Arguments)
		if c.Name == "delete_file" {
			return errors.New("the user said no")
		}
		return nil
	}

	t.Run("denied call answered", func(t *testing.T) {
		rs, srv := newService(t)
		srv.Enqueue(twoCalls, responsestest.Text("I could not delete it."))
		seen = nil
		loop := &responses.Loop{Service: rs, Tools: []responses.Handler{deleteFile, addTool}, Approve: approve}
		tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
		if err != nil {
			t.Fatal(err)
		}
		if deleted.Load() {
			t.Error("the denied call ran")
		}
		if want := []string{`delete_file {"path":"notes.txt"}`, `add {"a":2,"b":3}`}; !cmp.Equal(seen, want) {
			t.Errorf("Approve saw %q, want %q", seen, want)
		}
		outs := tr.Turns[0].Outputs
		if got, want := outs[0].(*responses.FunctionCallOutput).Output.Text(), "denied: the user said no"; got != want {
			t.Errorf("denied call's output = %q, want %q", got, want)
		}
		if got := outs[1].(*responses.FunctionCallOutput).Output.Text(); got != "5" {
			t.Errorf("approved call's output = %q, want 5", got)
		}
	})

	t.Run("denial ends the loop", func(t *testing.T) {
		rs, srv := newService(t)
		srv.Enqueue(twoCalls)
		loop := &responses.Loop{Service: rs, Tools: []responses.Handler{deleteFile, addTool}, Approve: approve,
			OnToolError: func(err *responses.ToolError) error {
				if errors.Is(err, responses.ErrDenied) {
					return err
				}
				return nil
			}}
		tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
		te, ok := errors.AsType[*responses.ToolError](err)
		if !ok || !errors.Is(err, responses.ErrDenied) || te.Call.Name != "delete_file" || !strings.Contains(err.Error(), "the user said no") {
			t.Fatalf("Run error = %v, want the denial", err)
		}
		if deleted.Load() || len(srv.Requests()) != 1 || len(tr.Turns) != 1 {
			t.Errorf("after the denial: deleted %v, %d requests, %d turns", deleted.Load(), len(srv.Requests()), len(tr.Turns))
		}
	})
}

func TestLoopFailedCalls(t *testing.T) {
	t.Parallel()
	failing := responses.Func("fail", "", func(context.Context, struct{}) (string, error) {
		return "", errors.New("the database is down")
	})
	tests := []struct {
		name    string
		call    responsestest.Call
		output  string
		matches error
	}{
		{"unknown tool", responsestest.Call{Name: "get_wether", Arguments: cityArgs{"Rome"}},
			`error: unknown tool "get_wether"; available tools: get_weather, add, fail`, responses.ErrUnknownTool},
		{"argument of the wrong type", responsestest.Call{Name: "get_weather", Arguments: `{"city":3}`},
			"error: invalid arguments: $.city: expected string, got number 3", responses.ErrInvalidArguments},
		{"missing argument", responsestest.Call{Name: "add", Arguments: `{"a":1}`},
			`error: invalid arguments: $: missing field "b"`, responses.ErrInvalidArguments},
		{"arguments not JSON", responsestest.Call{Name: "add", Arguments: `{"a":1,`},
			"error: invalid arguments: $: unexpected end of JSON input: unexpected EOF", responses.ErrInvalidArguments},
		{"handler error", responsestest.Call{Name: "fail", Arguments: struct{}{}},
			"error: the database is down", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(responsestest.FunctionCalls(tt.call), responsestest.Text("ok"))
			var got *responses.ToolError
			loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool, addTool, failing}, OnToolError: func(err *responses.ToolError) error {
				got = err
				return nil
			}}
			tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
			if err != nil {
				t.Fatal(err)
			}
			if out := tr.Turns[0].Outputs[0].(*responses.FunctionCallOutput).Output.Text(); out != tt.output {
				t.Errorf("output = %q, want %q", out, tt.output)
			}
			if got == nil || got.Call.Name != tt.call.Name || tt.matches != nil && !errors.Is(got, tt.matches) {
				t.Errorf("OnToolError got %v, want an error matching %v", got, tt.matches)
			}
			if len(srv.Requests()) != 2 {
				t.Errorf("%d requests, want 2: the model gets the error and goes on", len(srv.Requests()))
			}
		})
	}

	t.Run("decode error reaches the caller", func(t *testing.T) {
		t.Parallel()
		rs, srv := newService(t)
		srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: `{"city":3}`}))
		loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool}, OnToolError: func(err *responses.ToolError) error { return err }}
		_, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
		de, ok := errors.AsType[*schema.DecodeError](err)
		if !ok || de.Path != "$.city" || !errors.Is(err, responses.ErrInvalidArguments) {
			t.Errorf("Run error = %v, want the *schema.DecodeError of $.city", err)
		}
		if got, want := err.Error(), `responses: tool get_weather (call `; !strings.HasPrefix(got, want) {
			t.Errorf("Error() = %q, want it to start with %q", got, want)
		}
	})
}

func TestLoopCorrectsBadArguments(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(
		responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: `{"town":"Paris"}`}),
		responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: `{"city":"Paris"}`}),
		responsestest.Text("5°C"),
	)
	tr, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil {
		t.Fatal(err)
	}
	reqs := requestBodies(t, srv)
	first := reqs[1].Input[0].(*responses.FunctionCallOutput).Output.Text()
	if want := `error: invalid arguments: $: unknown field "town"`; first != want {
		t.Errorf("the model was told %q, want %q", first, want)
	}
	if second := reqs[2].Input[0].(*responses.FunctionCallOutput).Output.Text(); second != `{"city":"Paris","temp_c":5}` {
		t.Errorf("second output = %q", second)
	}
	if tr.Response().OutputText() != "5°C" {
		t.Errorf("final text = %q", tr.Response().OutputText())
	}
}

func TestLoopResponseStatus(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 1}}), responsestest.Failed("server_error", "the model crashed"))
	tr, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	re, ok := errors.AsType[*responses.ResponseError](err)
	if !ok || re.Code != "server_error" || len(tr.Turns) != 2 {
		t.Errorf("Run error = %v with %d turns, want the response's error after 2 turns", err, len(tr.Turns))
	}

	rs, srv = newService(t)
	srv.Enqueue(responsestest.Incomplete("max_output_tokens", "The answer is"))
	tr, err = (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil || tr.Response().Status != responses.StatusIncomplete {
		t.Errorf("Run = status %q, error %v; want the incomplete response without error", tr.Response().Status, err)
	}
}

func TestLoopConfigErrors(t *testing.T) {
	t.Parallel()
	rs, _ := newService(t)
	req := &responses.Request{Model: "m", Input: responses.Text("go")}
	tests := []struct {
		name string
		loop *responses.Loop
		req  *responses.Request
		want string
	}{
		{"no service", &responses.Loop{}, req, "responses: Loop.Service is nil"},
		{"nil request", &responses.Loop{Service: rs}, nil, "responses: the tool loop was called with a nil request"},
		{"background", &responses.Loop{Service: rs}, &responses.Request{Model: "m", Background: true}, "responses: the tool loop cannot run a background request"},
		{"negative budget", &responses.Loop{Service: rs, MaxTurns: -1}, req, "responses: Loop.MaxTurns is negative (-1)"},
		{"nil handler", &responses.Loop{Service: rs, Tools: []responses.Handler{nil}}, req, "responses: Loop.Tools[0] is nil"},
		{"two handlers of one function", &responses.Loop{Service: rs, Tools: []responses.Handler{addTool, addTool}}, req,
			"responses: Loop.Tools[1]: two handlers answer the calls of the function add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := tt.loop.Run(t.Context(), tt.req)
			if err == nil || err.Error() != tt.want || tr != nil {
				t.Errorf("Run = %v, %v; want error %q", tr, err, tt.want)
			}
		})
	}
}

func TestLoopRequestTools(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: sumArgs{1, 1}}), responsestest.Text("2"))
	own := &responses.FunctionTool{Name: "add", Description: "My own description.", DeferLoading: true}
	req := &responses.Request{Model: "m", Input: responses.Text("go"), Tools: []responses.Tool{responses.WebSearch(), own}}
	if _, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{addTool, weatherTool}}).Run(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	got := marshal(t, requestBodies(t, srv)[0].Tools)
	want := marshal(t, []responses.Tool{responses.WebSearch(), own, weatherTool.Tool()})
	if got != want {
		t.Errorf("tools sent =\n%s\nwant\n%s", got, want)
	}
	if len(req.Tools) != 2 {
		t.Errorf("Run modified the request's tools: %s", marshal(t, req.Tools))
	}
}

// TestLoopToolChoice checks that a forced tool choice applies until the
// model has called tools, unless the loop keeps it.
func TestLoopToolChoice(t *testing.T) {
	t.Parallel()
	weather := &responses.FunctionTool{Name: "get_weather"}
	tests := []struct {
		name   string
		choice responses.ToolChoice
		keep   bool
		want   string // the second request's tool_choice, "" for none
	}{
		{"required", responses.ToolChoiceRequired, false, ``},
		{"function", &responses.ToolChoiceFunction{Name: "get_weather"}, false, ``},
		{"allowed required", &responses.ToolChoiceAllowed{Mode: responses.ToolChoiceRequired, Tools: []responses.Tool{weather}},
			false, `{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"get_weather"}]}`},
		{"auto", responses.ToolChoiceAuto, false, `"auto"`},
		{"none set", nil, false, ``},
		{"kept", &responses.ToolChoiceFunction{Name: "get_weather"}, true, `{"type":"function","name":"get_weather"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(
				responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}),
				responsestest.Text("5°C."),
			)
			req := &responses.Request{Model: "m", Input: responses.Text("Weather in Paris?"), ToolChoice: tt.choice}
			before := marshal(t, req)
			loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weatherTool}, KeepToolChoice: tt.keep}
			if _, err := loop.Run(t.Context(), req); err != nil {
				t.Fatal(err)
			}
			if got := marshal(t, req); got != before {
				t.Errorf("Run modified the request: %s", got)
			}
			reqs := requestBodies(t, srv)
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			if got, want := marshal(t, reqs[0].ToolChoice), marshal(t, tt.choice); got != want {
				t.Errorf("first tool_choice = %s, want %s", got, want)
			}
			got := ""
			if reqs[1].ToolChoice != nil {
				got = marshal(t, reqs[1].ToolChoice)
			}
			if got != tt.want {
				t.Errorf("second tool_choice = %s, want %s", got, tt.want)
			}
		})
	}
}
