package ws_test

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

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/ws"
	"github.com/tidwall/gjson"
)

func dial(t *testing.T, s *scripted, opts ...ws.Option) *ws.Conn {
	t.Helper()
	conn, err := ws.Dial(t.Context(), s.service(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// echo answers every create with a response named after the count of
// creates on its connection.
func echo(c *wsConn, msg []byte) {
	c.n++
	c.reply(msg, fmt.Sprintf("resp_%d", c.n), "Hello from the socket.")
}

func TestStream(t *testing.T) {
	s := newScripted(t, echo)
	conn := dial(t, s)
	req := &responses.Request{Model: "m", Input: responses.Text("Hi"), Instructions: "Be brief."}
	var text strings.Builder
	var types []string
	for ev, err := range conn.Stream(t.Context(), req) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, ev.EventType())
		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
			text.WriteString(d.Delta)
		}
	}
	if text.String() != "Hello from the socket." || types[0] != "response.created" || types[len(types)-1] != "response.completed" {
		t.Errorf("text %q, events %v", text.String(), types)
	}
	msg := s.messages()[0]
	if got := gjson.GetBytes(msg, "type").Str; got != "response.create" {
		t.Errorf("message type %q", got)
	}
	for _, member := range []string{"stream", "background", "stream_id", "previous_response_id", "generate"} {
		if gjson.GetBytes(msg, member).Exists() {
			t.Errorf("message has %q: %s", member, msg)
		}
	}
	if gjson.GetBytes(msg, "instructions").Str != "Be brief." || gjson.GetBytes(msg, "input").Str != "Hi" {
		t.Errorf("message %s", msg)
	}

	resp, err := conn.Create(t.Context(), req)
	if err != nil || resp.ID != "resp_2" || resp.OutputText() != "Hello from the socket." {
		t.Fatalf("Create = %v, %v", resp, err)
	}
}

func TestDialRefused(t *testing.T) {
	s := newScripted(t, echo)
	c, err := client.New(client.WithBaseURL(s.srv.URL+"/v1"), client.WithAPIKey("sk-wrong-key-123456"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.Dial(t.Context(), responses.New(c))
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !ok || !errors.Is(err, client.ErrUnauthorized) || apiErr.Code != "invalid_api_key" {
		t.Fatalf("err = %v, want a 401 *client.APIError", err)
	}
	if strings.Contains(err.Error(), "sk-wrong-key-123456") {
		t.Errorf("the key shows in %v", err)
	}
}

// A request that repeats the lane's conversation so far is sent as a
// continuation with only the new items; one that does not is sent whole.
func TestContinuation(t *testing.T) {
	s := newScripted(t, echo)
	conn := dial(t, s)
	ctx := t.Context()
	history := []responses.Item{responses.UserMessage("one")}
	r1, err := conn.Create(ctx, &responses.Request{Model: "m", Input: history, Store: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	history = append(history, r1.ToInput()...)
	history = append(history, responses.UserMessage("two"))
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: history, Store: new(false)}); err != nil {
		t.Fatal(err)
	}
	r2 := s.messages()[1]
	if gjson.GetBytes(r2, "previous_response_id").Str != "resp_1" || gjson.GetBytes(r2, "input.#").Int() != 1 ||
		gjson.GetBytes(r2, "input.0.content").Str != "two" {
		t.Errorf("second message %s, want a continuation of resp_1 with one item", r2)
	}
	// A changed history is sent whole.
	changed := []responses.Item{responses.UserMessage("ONE"), responses.UserMessage("three")}
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: changed}); err != nil {
		t.Fatal(err)
	}
	r3 := s.messages()[2]
	if gjson.GetBytes(r3, "previous_response_id").Exists() || gjson.GetBytes(r3, "input.#").Int() != 2 {
		t.Errorf("third message %s, want the whole input", r3)
	}
	// A request that names its previous response is sent as it is.
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("four"), PreviousResponseID: "resp_3"}); err != nil {
		t.Fatal(err)
	}
	if r4 := s.messages()[3]; gjson.GetBytes(r4, "previous_response_id").Str != "resp_3" || gjson.GetBytes(r4, "input").Str != "four" {
		t.Errorf("fourth message %s", r4)
	}
}

// When the server no longer has the previous response, the request is
// sent again whole, once, and its events are yielded once.
func TestCacheMiss(t *testing.T) {
	s := newScripted(t, func(c *wsConn, msg []byte) {
		if gjson.GetBytes(msg, "previous_response_id").Exists() {
			c.fail(msg, 400, "previous_response_not_found", "Previous response with id 'resp_1' not found.")
			return
		}
		echo(c, msg)
	})
	conn := dial(t, s)
	ctx := t.Context()
	history := []responses.Item{responses.UserMessage("one")}
	r1, err := conn.Create(ctx, &responses.Request{Model: "m", Input: history, Store: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	history = append(append(history, r1.ToInput()...), responses.UserMessage("two"))
	created := 0
	for ev, err := range conn.Stream(ctx, &responses.Request{Model: "m", Input: history, Store: new(false)}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ev.(*responses.CreatedEvent); ok {
			created++
		}
	}
	msgs := s.messages()
	if len(msgs) != 3 || created != 1 {
		t.Fatalf("%d messages, %d created events; want 3 messages (the continuation refused, then the whole input) and 1 event", len(msgs), created)
	}
	if gjson.GetBytes(msgs[2], "previous_response_id").Exists() || gjson.GetBytes(msgs[2], "input.#").Int() != 3 {
		t.Errorf("the retry %s, want the whole input", msgs[2])
	}
	if st := conn.Stats(); st.Requests != 3 || st.Continuations != 1 || st.Resent != 1 || st.Connections != 1 || st.BytesSent != int64(len(msgs[0])+len(msgs[1])+len(msgs[2])) {
		t.Errorf("stats %+v", st)
	}
	// Another error is the caller's.
	_, err = conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("x"), PreviousResponseID: "resp_404"})
	if se, ok := errors.AsType[*responses.StreamError](err); !ok || errorCode(err) != "previous_response_not_found" || se.Event == nil {
		t.Errorf("err = %v, want the error event as a *StreamError", err)
	}
}

func errorCode(err error) string {
	if re, ok := errors.AsType[*responses.ResponseError](err); ok {
		return re.Code
	}
	return ""
}

// A connection that breaks before the first event of a response is opened
// again and the request sent again; one that breaks after it ends the
// stream with a *StreamError.
func TestConnectionLost(t *testing.T) {
	var creates atomic.Int32
	s := newScripted(t, func(c *wsConn, msg []byte) {
		switch creates.Add(1) {
		case 1:
			c.ws.CloseNow() // before any event
		case 3:
			c.n++
			c.send(msg, map[string]any{"type": "response.created", "sequence_number": 0, "response": map[string]any{"id": "resp_x", "status": "in_progress", "output": []any{}}})
			c.ws.CloseNow() // after one
		default:
			echo(c, msg)
		}
	})
	conn := dial(t, s)
	ctx := t.Context()
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("a")}); err != nil {
		t.Fatalf("a connection lost before any event: %v", err)
	}
	events := 0
	var err error
	for _, e := range conn.Stream(ctx, &responses.Request{Model: "m", Input: responses.Text("b")}) {
		if e != nil {
			err = e
			break
		}
		events++
	}
	se, ok := errors.AsType[*responses.StreamError](err)
	if !ok || events != 1 || se.Events != 1 || se.Event != nil || se.ResponseID != "resp_x" {
		t.Fatalf("after %d events: err = %v, want a broken *StreamError after 1", events, err)
	}
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("c")}); err != nil {
		t.Fatalf("after the break: %v", err)
	}
	if s.connections() != 3 {
		t.Errorf("%d connections, want 3", s.connections())
	}
}

// Lanes run side by side on one connection, each its own conversation.
func TestLanes(t *testing.T) {
	release := make(chan struct{})
	s := newScripted(t, func(c *wsConn, msg []byte) {
		lane := gjson.GetBytes(msg, "stream_id").Str
		go func() {
			if lane == "slow" {
				<-release
			}
			c.reply(msg, "resp_"+lane, "answer of "+lane)
		}()
	})
	conn := dial(t, s)
	var wg sync.WaitGroup
	got := make(map[string]string)
	var mu sync.Mutex
	for _, lane := range []string{"slow", "fast"} {
		wg.Go(func() {
			resp, err := conn.Lane(lane).Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text(lane)})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[lane] = resp.OutputText()
			mu.Unlock()
			if lane == "fast" {
				close(release) // the fast lane finished while the slow one waited
			}
		})
	}
	wg.Wait()
	if got["slow"] != "answer of slow" || got["fast"] != "answer of fast" {
		t.Errorf("answers %v", got)
	}
	if s.connections() != 1 {
		t.Errorf("%d connections, want 1", s.connections())
	}
}

// A caller that leaves a stream early frees its lane once the server has
// finished the response, and the next request on the lane works.
func TestEarlyBreak(t *testing.T) {
	s := newScripted(t, echo)
	conn := dial(t, s)
	for range conn.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("a")}) {
		break
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	resp, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("b")})
	if err != nil || resp.ID != "resp_2" {
		t.Fatalf("after an early break: %v, %v", resp, err)
	}
}

func TestRefused(t *testing.T) {
	s := newScripted(t, echo)
	conn := dial(t, s)
	for _, tc := range []struct {
		req  *responses.Request
		want string
	}{
		{nil, "nil request"},
		{&responses.Request{Model: "m", Input: responses.Text("x"), Background: true}, "background"},
	} {
		_, err := conn.Create(t.Context(), tc.req)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
	conn.Close()
	if _, err := conn.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("x")}); !errors.Is(err, ws.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if len(s.messages()) != 0 {
		t.Errorf("%d messages sent", len(s.messages()))
	}
}

// An old connection is replaced before the next request, which starts
// over with the whole input; so is one the server says is at its limit.
func TestLifetime(t *testing.T) {
	var limited atomic.Bool
	s := newScripted(t, func(c *wsConn, msg []byte) {
		if !limited.Load() && gjson.GetBytes(msg, "input").Str == "limit" {
			limited.Store(true)
			c.fail(msg, 400, "websocket_connection_limit_reached", "Responses websocket connection limit reached (60 minutes).")
			return
		}
		echo(c, msg)
	})
	conn := dial(t, s, ws.WithLifetime(50*time.Millisecond))
	ctx := t.Context()
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("a")}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("limit")}); err != nil {
		t.Fatal(err)
	}
	if s.connections() != 3 {
		t.Errorf("%d connections, want 3 (the first, one replacing it when old, one after the limit)", s.connections())
	}
}

// A history rebuilt from JSON (other values, the same items) continues the
// lane's last response as the same values do.
func TestContinuationSameJSON(t *testing.T) {
	s := newScripted(t, echo)
	conn := dial(t, s)
	ctx := t.Context()
	first := []responses.Item{responses.UserMessage("one")}
	r1, err := conn.Create(ctx, &responses.Request{Model: "m", Input: first})
	if err != nil {
		t.Fatal(err)
	}
	// The caller stored the conversation as JSON and reads it back.
	var history responses.Input
	b, err := json.Marshal(responses.Input(append(first, r1.ToInput()...)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &history); err != nil {
		t.Fatal(err)
	}
	history = append(history, responses.UserMessage("two"))
	if _, err := conn.Create(ctx, &responses.Request{Model: "m", Input: history}); err != nil {
		t.Fatal(err)
	}
	if m := s.messages()[1]; gjson.GetBytes(m, "previous_response_id").Str != "resp_1" || gjson.GetBytes(m, "input.#").Int() != 1 {
		t.Errorf("second message %s, want a continuation with one item", m)
	}
}

// Warm sends generate false; the next turn continues from its response.
func TestWarm(t *testing.T) {
	s := newScripted(t, func(c *wsConn, msg []byte) {
		c.n++
		id := fmt.Sprintf("resp_%d", c.n)
		if gjson.GetBytes(msg, "generate").Exists() {
			c.send(msg, map[string]any{"type": "response.created", "sequence_number": 0, "response": map[string]any{"id": id, "status": "in_progress", "output": []any{}}})
			c.send(msg, map[string]any{"type": "response.completed", "sequence_number": 1, "response": map[string]any{"id": id, "status": "completed", "output": []any{}}})
			return
		}
		c.reply(msg, id, "warm answer")
	})
	conn := dial(t, s)
	lane := conn.Lane("agent-1")
	warm := []responses.Item{responses.DeveloperMessage("You are terse.")}
	w, err := lane.Warm(t.Context(), &responses.Request{Model: "m", Input: warm})
	if err != nil || w.ID != "resp_1" {
		t.Fatalf("Warm = %v, %v", w, err)
	}
	resp, err := lane.Create(t.Context(), &responses.Request{Model: "m", Input: append(warm, responses.UserMessage("hi"))})
	if err != nil || resp.OutputText() != "warm answer" {
		t.Fatalf("Create = %v, %v", resp, err)
	}
	msgs := s.messages()
	if gjson.GetBytes(msgs[0], "generate").Raw != "false" || gjson.GetBytes(msgs[0], "stream_id").Str != "agent-1" {
		t.Errorf("warm-up message %s", msgs[0])
	}
	if gjson.GetBytes(msgs[1], "previous_response_id").Str != "resp_1" || gjson.GetBytes(msgs[1], "input.#").Int() != 1 {
		t.Errorf("the turn after the warm-up sent %s", msgs[1])
	}
}

// The handshake carries the client's key and headers, as its HTTP calls do.
func TestDialHeaders(t *testing.T) {
	s := newScripted(t, echo)
	conn, err := ws.Dial(t.Context(), s.service(client.WithOrganization("org-7"), client.WithHeader("X-Tenant", "acme-0001")))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	h := s.header(0)
	for k, want := range map[string]string{"Authorization": "Bearer sk-test", "OpenAI-Organization": "org-7", "X-Tenant": "acme-0001"} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(h.Get("User-Agent"), "respkit") {
		t.Errorf("User-Agent %q", h.Get("User-Agent"))
	}
}
