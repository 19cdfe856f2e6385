package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/stream"
)

// newRelay starts the fake API and the relay in front of it.
func newRelay(t *testing.T) (*responsestest.Server, *httptest.Server, chan Outcome) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	outcomes := make(chan Outcome, 1)
	web := httptest.NewServer(Relay(responses.New(c), "gpt-5-mini", outcomes))
	t.Cleanup(web.Close)
	return srv, web, outcomes
}

// events reads the relay's events for question q until the body ends.
func events(t *testing.T, web *httptest.Server, q string) []stream.Event {
	t.Helper()
	resp, err := http.Get(web.URL + "/answer?q=" + q)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	var evs []stream.Event
	for ev, err := range stream.Events(resp.Body) {
		if err != nil {
			t.Fatal(err)
		}
		ev.Data = append([]byte(nil), ev.Data...)
		evs = append(evs, ev)
	}
	return evs
}

func TestRelayComplete(t *testing.T) {
	srv, web, outcomes := newRelay(t)
	srv.Enqueue(responsestest.Text("Line one,\n\"quoted\" — and 😀."))
	evs := events(t, web, "hi")
	var text strings.Builder
	for _, ev := range evs[:len(evs)-1] {
		if ev.Type != "message" {
			t.Fatalf("event %q before the last one", ev.Type)
		}
		text.WriteString(unquote(t, ev.Data))
	}
	if got := text.String(); got != "Line one,\n\"quoted\" — and 😀." {
		t.Errorf("text %q", got)
	}
	last := evs[len(evs)-1]
	if last.Type != "done" || !strings.Contains(string(last.Data), `"output_tokens":`) {
		t.Errorf("last event %s %s, want done with the usage", last.Type, last.Data)
	}
	if o := <-outcomes; o.End != "completed" || o.Events != len(evs) {
		t.Errorf("outcome %+v, want completed after %d events", o, len(evs))
	}
}

func TestRelayUpstreamError(t *testing.T) {
	srv, web, outcomes := newRelay(t)
	srv.Enqueue(responsestest.StreamFailure("server_error", "The model crashed."))
	evs := events(t, web, "hi")
	last := evs[len(evs)-1]
	if last.Type != "error" || !strings.Contains(string(last.Data), "broke off") {
		t.Errorf("last event %s %s, want an error event", last.Type, last.Data)
	}
	if o := <-outcomes; !strings.Contains(o.End, "The model crashed.") {
		t.Errorf("outcome %+v, want the upstream error", o)
	}
}

// When the browser goes away mid-answer, the handler stops at once and
// nothing of the relay or of its upstream stream is left running.
func TestRelayBrowserGone(t *testing.T) {
	srv, web, outcomes := newRelay(t)
	before := runtime.NumGoroutine()
	// An answer that stalls after a few events: only the end of the
	// request's context can stop the handler (a failing write to the
	// browser would stop it too, but nothing is written during a stall).
	srv.Enqueue(responsestest.Text(strings.Repeat("word ", 400)).WithStallAfterEvents(12, time.Minute))

	ctx, leave := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, web.URL+"/answer?q=long", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range stream.Events(resp.Body) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	leave()
	resp.Body.Close()

	start := time.Now()
	select {
	case o := <-outcomes:
		if o.End != "browser gone" || o.Events < 3 {
			t.Errorf("outcome %+v, want browser gone after 3 events or more", o)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the handler still runs 5 s after the browser left")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the handler took %v to notice", d)
	}
	// The goroutines of the relay's request and of the upstream stream
	// (client and fake server) end with it.
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left running, %d before:\n%s", g, before, buf[:runtime.Stack(buf, true)])
	}
}

func unquote(t *testing.T, data []byte) string {
	t.Helper()
	s := string(data)
	if len(s) < 2 || s[0] != '"' {
		t.Fatalf("data %s is not a JSON string", data)
	}
	var out string
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
