package ws_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/responses/ws"
)

// The tests of this file run against responsestest, the fake API, which
// serves the WebSocket mode with its faults.

func fake(t *testing.T) (*responsestest.Server, *ws.Conn) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ws.Dial(t.Context(), responses.New(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return srv, conn
}

type step struct {
	N int `json:"n"`
}

// steps enqueues n turns that each call the step tool, then an answer.
func steps(srv *responsestest.Server, n int, last responsestest.Reply) {
	for i := range n {
		srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "step", Arguments: step{i}}))
	}
	srv.Enqueue(last)
}

// A tool loop over the fake: only the first turn sends the whole input; an
// eviction in the middle makes one turn send it again; no tool runs twice.
func TestFakeLoop(t *testing.T) {
	srv, conn := fake(t)
	var calls atomic.Int32
	loop := &responses.Loop{Transport: conn, MaxTurns: 20, Tools: []responses.Handler{
		responses.Func("step", "One step.", func(_ context.Context, s step) (string, error) {
			if calls.Add(1) == 5 {
				srv.EvictWebSocketCaches()
			}
			return fmt.Sprintf("step %d done: “ok” ✓", s.N), nil
		}),
	}}
	steps(srv, 9, responsestest.Text("All steps done."))
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Run the steps."), Store: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	st := conn.Stats()
	if tr.Response().OutputText() != "All steps done." || calls.Load() != 9 || len(tr.Turns) != 10 {
		t.Fatalf("%q after %d calls, %d turns", tr.Response().OutputText(), calls.Load(), len(tr.Turns))
	}
	if st.Requests != 11 || st.Continuations != 9 || st.Resent != 1 || st.Connections != 1 {
		t.Errorf("stats %+v: want 11 requests (10 turns, one sent again whole), 9 continuations, 1 resent, 1 connection", st)
	}
}

// A connection dropped in the middle of a turn is replaced, the turn sent
// again whole, and no tool runs twice.
func TestFakeDrop(t *testing.T) {
	srv, conn := fake(t)
	var calls atomic.Int32
	loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{
		responses.Func("step", "One step.", func(_ context.Context, s step) (string, error) {
			calls.Add(1)
			return "done", nil
		}),
	}}
	steps(srv, 2, responsestest.Text("a long answer that breaks").WithDropAfterEvents(4))
	srv.Enqueue(responsestest.Text("The answer."))
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Go."), Store: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Response().OutputText() != "The answer." || calls.Load() != 2 {
		t.Fatalf("%q after %d calls", tr.Response().OutputText(), calls.Load())
	}
	if st := conn.Stats(); st.Connections != 2 {
		t.Errorf("stats %+v, want 2 connections", st)
	}
}

// A connection past the server's lifetime is replaced.
func TestFakeLifetime(t *testing.T) {
	srv, conn := fake(t)
	srv.SetWebSocketLifetime(50 * time.Millisecond)
	for i := range 3 {
		if _, err := conn.Create(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi")}); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		time.Sleep(60 * time.Millisecond)
	}
	if st := conn.Stats(); st.Connections < 3 {
		t.Errorf("stats %+v, want a connection per request", st)
	}
}
