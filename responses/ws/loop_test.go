package ws_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// agent answers a create without a function call output with a call of
// get_time, and one with it with text; drop, when it returns true for the
// count of creates so far, closes the connection after the first event.
func agent(drop func(n int32) bool) func(c *wsConn, msg []byte) {
	var creates atomic.Int32
	return func(c *wsConn, msg []byte) {
		n := creates.Add(1)
		c.n++
		id := "resp_" + string(rune('0'+n))
		if drop != nil && drop(n) {
			c.send(msg, map[string]any{"type": "response.created", "sequence_number": 0, "response": map[string]any{"id": id, "status": "in_progress", "output": []any{}}})
			c.ws.CloseNow()
			return
		}
		if gjson.GetBytes(msg, `input.#(type=="function_call_output")`).Exists() {
			c.reply(msg, id, "It is noon.")
			return
		}
		c.reply(msg, id, "", "get_time")
	}
}

type noArgs struct{}

func TestLoopOverConn(t *testing.T) {
	for _, store := range []bool{false, true} {
		s := newScripted(t, agent(nil))
		conn := dial(t, s)
		var calls atomic.Int32
		loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{
			responses.Func("get_time", "The time.", func(context.Context, noArgs) (string, error) {
				calls.Add(1)
				return "12:00", nil
			}),
		}}
		tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("What time is it?"), Store: new(store)})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Response().OutputText() != "It is noon." || calls.Load() != 1 || len(tr.Turns) != 2 {
			t.Errorf("store %v: answer %q after %d calls, %d turns", store, tr.Response().OutputText(), calls.Load(), len(tr.Turns))
		}
		// The second turn sent only the tool's output, continuing the first.
		second := s.messages()[1]
		if gjson.GetBytes(second, "previous_response_id").Str != "resp_1" || gjson.GetBytes(second, "input.#").Int() != 1 ||
			gjson.GetBytes(second, "input.0.type").Str != "function_call_output" {
			t.Errorf("store %v: second turn sent %s", store, second)
		}
	}
}

// A connection dropped in the middle of a turn is recovered: the turn is
// sent again on a new connection, whole, and no tool runs twice.
func TestLoopRecoversDrop(t *testing.T) {
	s := newScripted(t, agent(func(n int32) bool { return n == 2 }))
	conn := dial(t, s)
	var calls atomic.Int32
	loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{
		responses.Func("get_time", "The time.", func(context.Context, noArgs) (string, error) {
			calls.Add(1)
			return "12:00", nil
		}),
	}}
	var retries int
	var answer string
	for ev, err := range loop.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("What time is it?"), Store: new(false)}) {
		if err != nil {
			t.Fatal(err)
		}
		switch ev := ev.(type) {
		case *responses.TurnRetryEvent:
			retries++
		case *responses.LoopDoneEvent:
			answer = ev.Transcript.Response().OutputText()
		}
	}
	if answer != "It is noon." || calls.Load() != 1 || retries != 1 {
		t.Fatalf("answer %q, %d tool calls, %d retries; want the answer, 1 call, 1 retry", answer, calls.Load(), retries)
	}
	msgs := s.messages()
	if len(msgs) != 3 || s.connections() != 2 {
		t.Fatalf("%d messages on %d connections, want 3 on 2", len(msgs), s.connections())
	}
	// The turn sent again on the new connection carries the whole
	// conversation: the server there has no previous response.
	if gjson.GetBytes(msgs[2], "previous_response_id").Exists() || gjson.GetBytes(msgs[2], "input.#").Int() != 3 {
		t.Errorf("the retried turn sent %s", msgs[2])
	}

	// Run recovers the same way, silently.
	s2 := newScripted(t, agent(func(n int32) bool { return n == 2 }))
	conn2 := dial(t, s2)
	loop.Transport = conn2
	calls.Store(0)
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("What time is it?"), Store: new(false)})
	if err != nil || tr.Response().OutputText() != "It is noon." || calls.Load() != 1 {
		t.Fatalf("Run: %v, %d calls", err, calls.Load())
	}
}
