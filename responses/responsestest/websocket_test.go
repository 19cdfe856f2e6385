package responsestest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/tidwall/gjson"
)

// dialWS opens a raw WebSocket connection to the fake's Responses API.
func dialWS(t *testing.T, srv *responsestest.Server, key string) *websocket.Conn {
	t.Helper()
	h := http.Header{}
	if key != "" {
		h.Set("Authorization", "Bearer "+key)
	}
	c, resp, err := websocket.Dial(t.Context(), srv.URL+"/responses", &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial: %v (status %d)", err, status)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// roundTrip sends msg and returns the events up to the response's last
// one, or the error event.
func roundTrip(t *testing.T, c *websocket.Conn, msg string) []string {
	t.Helper()
	if err := c.Write(t.Context(), websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	var evs []string
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		_, data, err := c.Read(ctx)
		cancel()
		if err != nil {
			t.Fatalf("after %d events: %v", len(evs), err)
		}
		evs = append(evs, string(data))
		switch gjson.GetBytes(data, "type").Str {
		case "response.completed", "response.incomplete", "response.failed", "error":
			return evs
		}
	}
}

func last(evs []string) gjson.Result { return gjson.Parse(evs[len(evs)-1]) }

func TestWebSocketAccept(t *testing.T) {
	// RFC 6455, section 1.3.
	if got := responsestest.WSAccept("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("accept %q", got)
	}
}

func TestWebSocketCreate(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("Over the socket."), responsestest.Text("Over the socket."))
	c := dialWS(t, srv, "sk-test")
	ws := roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"hi","stream_id":"lane-1"}`)

	// The same reply over HTTP streams the same events, less the lane.
	rc, _ := srv.Client()
	var httpTypes []string
	for ev, err := range responses.New(rc).Stream(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi")}) {
		if err != nil {
			t.Fatal(err)
		}
		httpTypes = append(httpTypes, ev.EventType())
	}
	var wsTypes []string
	for i, ev := range ws {
		e := gjson.Parse(ev)
		wsTypes = append(wsTypes, e.Get("type").Str)
		if e.Get("stream_id").Str != "lane-1" || e.Get("sequence_number").Int() != int64(i) {
			t.Errorf("event %d: %s", i, ev)
		}
	}
	if strings.Join(wsTypes, ",") != strings.Join(httpTypes, ",") {
		t.Errorf("events over WebSocket %v, over HTTP %v", wsTypes, httpTypes)
	}
	if got := last(ws).Get("response.output.0.content.0.text").Str; got != "Over the socket." {
		t.Errorf("text %q", got)
	}
	// The message is recorded; the response stored, as over HTTP.
	var recorded bool
	for _, r := range srv.Requests() {
		recorded = recorded || r.Method == "WS" && strings.Contains(string(r.Body), "response.create")
	}
	id := last(ws).Get("response.id").Str
	if _, err := responses.New(rc).Get(t.Context(), id); err != nil || !recorded {
		t.Errorf("recorded %v; Get: %v", recorded, err)
	}
	if n, b := srv.WebSocketBytes(); n != 1 || b == 0 {
		t.Errorf("WebSocketBytes = %d, %d", n, b)
	}
}

func TestWebSocketErrors(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c := dialWS(t, srv, "sk-test")
	for _, tc := range []struct {
		msg, code string
		status    int64
	}{
		{`not json`, "invalid_json", 400},
		{`{"type":"response.cancel"}`, "", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","stream":true}`, "unknown_parameter", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","background":true}`, "", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","bogus":1}`, "unknown_parameter", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","generate":"no"}`, "invalid_type", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","stream_id":"l","stream":false}`, "unknown_parameter", 400},
		{`{"type":"response.create","model":"gpt-5-mini","input":"hi","previous_response_id":"resp_missing"}`, "previous_response_not_found", 400},
	} {
		evs := roundTrip(t, c, tc.msg)
		e := last(evs)
		if len(evs) != 1 || e.Get("type").Str != "error" || e.Get("status").Int() != tc.status || e.Get("error.code").Str != tc.code || e.Get("error.message").Str == "" {
			t.Errorf("%s: %v", tc.msg, evs)
		}
	}
	// The connection is still open.
	if e := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"hi"}`)); e.Get("type").Str != "response.completed" {
		t.Errorf("after the errors: %s", e.Raw)
	}
}

func TestWebSocketRefused(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	_, resp, err := websocket.Dial(t.Context(), srv.URL+"/responses", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a key: %v, %v", resp, err)
	}
	in := responsestest.NewServer(responsestest.InProcess())
	defer in.Close()
	c, _ := in.Client()
	req, _ := http.NewRequest(http.MethodGet, in.URL+"/responses", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Authorization", "Bearer x")
	res, err := (&http.Client{Transport: in.Transport()}).Do(req)
	if err != nil || res.StatusCode != http.StatusNotImplemented {
		t.Errorf("in process: %v, %v", res, err)
	}
	_ = c
}

// The connection keeps each lane's last response: a store false response
// is continued from it, and not after an eviction; a stored one is
// continued on any connection.
func TestWebSocketCache(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c := dialWS(t, srv, "sk-test")
	first := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"My name is Ada.","store":false}`))
	id := first.Get("response.id").Str
	cont := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"And yours?","store":false,"previous_response_id":"`+id+`"}`))
	if cont.Get("type").Str != "response.completed" {
		t.Fatalf("continuation: %s", cont.Raw)
	}
	srv.EvictWebSocketCaches()
	miss := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"Again?","store":false,"previous_response_id":"`+cont.Get("response.id").Str+`"}`))
	if miss.Get("error.code").Str != "previous_response_not_found" {
		t.Errorf("after an eviction: %s", miss.Raw)
	}
	stored := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"Stored."}`))
	other := dialWS(t, srv, "sk-test")
	// A response not stored is not on another connection.
	if e := last(roundTrip(t, other, `{"type":"response.create","model":"gpt-5-mini","input":"Next.","store":false,"previous_response_id":"`+id+`"}`)); e.Get("error.code").Str != "previous_response_not_found" || e.Get("error.param").Str != "previous_response_id" {
		t.Errorf("a response not stored on another connection: %s", e.Raw)
	}
	if e := last(roundTrip(t, other, `{"type":"response.create","model":"gpt-5-mini","input":"Next.","previous_response_id":"`+stored.Get("response.id").Str+`"}`)); e.Get("type").Str != "response.completed" {
		t.Errorf("a stored response on another connection: %s", e.Raw)
	}
}

func TestWebSocketWarm(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c := dialWS(t, srv, "sk-test")
	evs := roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"Prepare.","generate":false,"store":false}`)
	e := last(evs)
	if len(evs) != 2 || e.Get("type").Str != "response.completed" || e.Get("response.output.#").Int() != 0 {
		t.Fatalf("warm-up: %v", evs)
	}
	if n := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"Go.","store":false,"previous_response_id":"`+e.Get("response.id").Str+`"}`)); n.Get("type").Str != "response.completed" {
		t.Errorf("after the warm-up: %s", n.Raw)
	}
}

// Lanes run side by side: a slow lane does not hold up another.
func TestWebSocketLanes(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		b, _ := json.Marshal(req.Input)
		if strings.Contains(string(b), "slow") {
			return responsestest.Text("slow answer").WithDelay(300 * time.Millisecond)
		}
		return responsestest.Text("fast answer")
	})
	c := dialWS(t, srv, "sk-test")
	for _, m := range []string{
		`{"type":"response.create","model":"gpt-5-mini","input":"slow","stream_id":"a"}`,
		`{"type":"response.create","model":"gpt-5-mini","input":"fast","stream_id":"b"}`,
	} {
		if err := c.Write(t.Context(), websocket.MessageText, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	var done []string
	for len(done) < 2 {
		_, data, err := c.Read(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if gjson.GetBytes(data, "type").Str == "response.completed" {
			done = append(done, gjson.GetBytes(data, "stream_id").Str)
		}
	}
	if done[0] != "b" || done[1] != "a" {
		t.Errorf("lanes finished in the order %v, want b before a", done)
	}
}

func TestWebSocketFaults(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("one two three four five").WithDropAfterEvents(3))
	c := dialWS(t, srv, "sk-test")
	if err := c.Write(t.Context(), websocket.MessageText, []byte(`{"type":"response.create","model":"gpt-5-mini","input":"hi"}`)); err != nil {
		t.Fatal(err)
	}
	n := 0
	var err error
	for {
		if _, _, err = c.Read(t.Context()); err != nil {
			break
		}
		n++
	}
	var ce websocket.CloseError
	if n != 3 || errors.As(err, &ce) {
		t.Errorf("read %d events, then %v; want 3 and a lost connection (no close frame)", n, err)
	}

	// The lifetime limit.
	srv.SetWebSocketLifetime(time.Millisecond)
	c2 := dialWS(t, srv, "sk-test")
	time.Sleep(5 * time.Millisecond)
	e := last(roundTrip(t, c2, `{"type":"response.create","model":"gpt-5-mini","input":"hi"}`))
	if e.Get("error.code").Str != "websocket_connection_limit_reached" {
		t.Errorf("past the lifetime: %s", e.Raw)
	}
	_, _, err = c2.Read(t.Context())
	if websocket.CloseStatus(err) != websocket.StatusNormalClosure {
		t.Errorf("then %v, want a normal close", err)
	}
}

// Close closes the open connections, going away, and returns.
func TestWebSocketServerClose(t *testing.T) {
	srv := responsestest.NewServer()
	c := dialWS(t, srv, "sk-test")
	var wg sync.WaitGroup
	var err error
	wg.Go(func() { _, _, err = c.Read(context.Background()) })
	time.Sleep(20 * time.Millisecond)
	srv.Close()
	wg.Wait()
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("read after Close: %v", err)
	}
}
