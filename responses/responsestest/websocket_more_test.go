package responsestest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/tidwall/gjson"
)

// The upgrade, by hand: the accept value of RFC 6455's example key, and
// the refusals.
func TestWebSocketHandshake(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tests := []struct {
		name    string
		headers string
		status  int
		header  string // a header of the answer, "Name: value"
	}{
		{"accepted", "Authorization: Bearer sk\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
			http.StatusSwitchingProtocols, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
		{"no key", "Authorization: Bearer sk\r\nSec-WebSocket-Version: 13\r\n", http.StatusBadRequest, ""},
		{"short key", "Authorization: Bearer sk\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n", http.StatusBadRequest, ""},
		{"version 8", "Authorization: Bearer sk\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
			http.StatusUpgradeRequired, "Sec-WebSocket-Version: 13"},
		{"no API key", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", http.StatusUnauthorized, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nc, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			fmt.Fprintf(nc, "GET /v1/responses HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n%s\r\n", u.Host, tc.headers)
			resp, err := http.ReadResponse(bufio.NewReader(nc), nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if name, value, ok := strings.Cut(tc.header, ": "); ok && resp.Header.Get(name) != value {
				t.Errorf("%s: %q, want %q", name, resp.Header.Get(name), value)
			}
		})
	}
}

// Requests of one lane are answered one at a time, in order, even when the
// first takes longest.
func TestWebSocketLaneOrder(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		b, _ := json.Marshal(req.Input)
		if strings.Contains(string(b), "first") {
			return responsestest.Text("first").WithDelay(200 * time.Millisecond)
		}
		for _, w := range []string{"second", "third"} {
			if strings.Contains(string(b), w) {
				return responsestest.Text(w)
			}
		}
		return responsestest.Text("?")
	})
	c := dialWS(t, srv, "sk-test")
	for _, in := range []string{"first", "second", "third"} {
		m := `{"type":"response.create","model":"gpt-5-mini","input":"` + in + `","stream_id":"a"}`
		if err := c.Write(t.Context(), websocket.MessageText, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	var order []string
	inFlight := 0
	for len(order) < 3 {
		_, data, err := c.Read(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		switch gjson.GetBytes(data, "type").Str {
		case "response.created":
			if inFlight++; inFlight > 1 {
				t.Errorf("two responses of one lane in flight")
			}
		case "response.completed":
			inFlight--
			order = append(order, gjson.GetBytes(data, "response.output.0.content.0.text").Str)
		}
	}
	if strings.Join(order, ",") != "first,second,third" {
		t.Errorf("answered in the order %v", order)
	}
}

// A continuation sees the whole conversation wherever its previous response
// is (the connection's cache, the store), echoes previous_response_id, and
// stores only its new input, as over HTTP.
func TestWebSocketContinuations(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	var mu sync.Mutex
	var seen []int // the number of input items the model saw, per request
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		mu.Lock()
		seen = append(seen, len(req.Input))
		mu.Unlock()
		return responsestest.Text("ok")
	})
	rc, _ := srv.Client()
	svc := responses.New(rc)
	c := dialWS(t, srv, "sk-test")
	create := func(conn *websocket.Conn, body string) gjson.Result {
		t.Helper()
		e := last(roundTrip(t, conn, `{"type":"response.create","model":"gpt-5-mini",`+body+`}`))
		if e.Get("type").Str != "response.completed" {
			t.Fatalf("%s: %s", body, e.Raw)
		}
		return e.Get("response")
	}

	// The cache, with store false: 1 item, then 1+1+1.
	a := create(c, `"input":"one","store":false`)
	b := create(c, `"input":"two","store":false,"previous_response_id":"`+a.Get("id").Str+`"`)
	if b.Get("previous_response_id").Str != a.Get("id").Str {
		t.Errorf("previous_response_id %q, want %q", b.Get("previous_response_id").Str, a.Get("id").Str)
	}
	// Stored, then continued from the cache: only the new item is its
	// input.
	d := create(c, `"input":"three","previous_response_id":"`+b.Get("id").Str+`"`)
	var items int
	for _, err := range svc.InputItems(t.Context(), d.Get("id").Str, nil) {
		if err != nil {
			t.Fatal(err)
		}
		items++
	}
	if items != 1 {
		t.Errorf("the continuation's input items: %d, want 1", items)
	}
	// Over HTTP from the response made over WebSocket, and back.
	h, err := svc.Create(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("four"), PreviousResponseID: d.Get("id").Str})
	if err != nil {
		t.Fatal(err)
	}
	other := dialWS(t, srv, "sk-test")
	create(other, `"input":"five","previous_response_id":"`+h.ID+`"`)
	// A stored warm-up, continued on another connection.
	warm := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"six","generate":false}`))
	create(other, `"input":"seven","previous_response_id":"`+warm.Get("response.id").Str+`"`)

	mu.Lock()
	defer mu.Unlock()
	if want := []int{1, 3, 5, 7, 9, 2}; fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("the model saw %v input items, want %v", seen, want)
	}
}

// A stream's error event comes with the lane and a sequence number; the
// connection stays open.
func TestWebSocketErrorEvent(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("one two three four").WithErrorAfterEvents(2, "server_error", "The model failed."))
	c := dialWS(t, srv, "sk-test")
	evs := roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"hi","stream_id":"x"}`)
	e := last(evs)
	if len(evs) != 3 || e.Get("type").Str != "error" || e.Get("stream_id").Str != "x" || e.Get("sequence_number").Int() != 2 ||
		e.Get("code").Str+e.Get("error.code").Str != "server_error" {
		t.Errorf("events %v", evs)
	}
	// Then the failed response, as over HTTP.
	if _, data, err := c.Read(t.Context()); err != nil || gjson.GetBytes(data, "type").Str != "response.failed" || gjson.GetBytes(data, "stream_id").Str != "x" {
		t.Errorf("after the error: %s, %v", data, err)
	}
	if e := last(roundTrip(t, c, `{"type":"response.create","model":"gpt-5-mini","input":"again"}`)); e.Get("type").Str != "response.completed" {
		t.Errorf("then: %s", e.Raw)
	}
}

// Close ends a connection whose response is stalled, going away.
func TestWebSocketServerCloseInFlight(t *testing.T) {
	srv := responsestest.NewServer()
	srv.Enqueue(responsestest.Text("never finished").WithStallAtEnd(0))
	c := dialWS(t, srv, "sk-test")
	if err := c.Write(t.Context(), websocket.MessageText, []byte(`{"type":"response.create","model":"gpt-5-mini","input":"hi"}`)); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		for {
			if _, _, err := c.Read(context.Background()); err != nil {
				errc <- err
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if err := <-errc; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("read: %v", err)
	}
}
