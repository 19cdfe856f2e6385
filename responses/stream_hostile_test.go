package responses_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/stream"
)

// These tests drive Stream and Resume against a server scripted request by
// request, as a hostile or broken server behaves: gaps in the sequence
// numbers, cut bodies, connections held open after the last event.

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// scripted is a server that answers its nth request with its nth step (the
// last step again when they run out), and records the requests.
type scripted struct {
	*httptest.Server
	mu    sync.Mutex
	steps []step
	reqs  []*http.Request
	conns atomic.Int32 // connections opened
	hold  chan struct{}
}

func newScripted(t *testing.T, steps ...step) (*responses.Service, *scripted) {
	t.Helper()
	s := &scripted{steps: steps, hold: make(chan struct{})}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, r)
		st := s.steps[min(n, len(s.steps)-1)]
		s.mu.Unlock()
		st(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(func() {
		close(s.hold)
		s.Close()
	})
	c, err := client.New(client.WithBaseURL(s.URL), client.WithAPIKey("sk-test"), client.WithMaxRetryDelay(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return responses.New(c), s
}

func (s *scripted) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

// Events of a background response "resp_1", by sequence number.
func created(seq int) string {
	return fmt.Sprintf(`{"type":"response.created","sequence_number":%d,"response":{"id":"resp_1","object":"response","status":"in_progress","background":true,"output":[]}}`, seq)
}

func delta(seq int) string {
	return fmt.Sprintf(`{"type":"response.output_text.delta","sequence_number":%d,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"d%d"}`, seq, seq)
}

func completed(seq int) string {
	return fmt.Sprintf(`{"type":"response.completed","sequence_number":%d,"response":{"id":"resp_1","object":"response","status":"completed","background":true,"output":[]}}`, seq)
}

// writeEvents writes events as the API frames them and flushes.
func writeEvents(w http.ResponseWriter, evs ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, ev := range evs {
		typ := strings.SplitN(strings.TrimPrefix(ev, `{"type":"`), `"`, 2)[0]
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", typ, ev)
	}
	w.(http.Flusher).Flush()
}

// serve returns a step that sends evs and ends the body.
func serve(evs ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) { writeEvents(w, evs...) }
}

// cut returns a step that sends evs and then breaks the connection.
func cut(evs ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		writeEvents(w, evs...)
		panic(http.ErrAbortHandler)
	}
}

// hold returns a step that sends evs and keeps the connection open, sending
// nothing more, until the request or the server ends.
func (s *scripted) holdAfter(evs ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		writeEvents(w, evs...)
		select {
		case <-r.Context().Done():
		case <-s.hold:
		}
	}
}

func seqs(evs []responses.Event) []int64 {
	var out []int64
	for _, ev := range evs {
		out = append(out, ev.Sequence())
	}
	return out
}

func background() *responses.Request {
	return &responses.Request{Model: "m", Input: responses.Text("hi"), Background: true}
}

func TestStreamSequenceGap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		evs      []string
		want     []int64
		sentinel error
	}{
		{"gap", []string{created(0), delta(1), delta(3), completed(4)}, []int64{0, 1}, responses.ErrSequenceGap},
		{"repeat", []string{created(0), delta(1), delta(2), delta(1), completed(3)}, []int64{0, 1, 2}, responses.ErrSequenceGap},
		{"zero again", []string{created(0), delta(1), delta(0), completed(2)}, []int64{0, 1}, responses.ErrSequenceGap},
		{"event 0 twice", []string{created(0), created(0), delta(1), completed(2)}, []int64{0}, responses.ErrSequenceGap},
		{"first not zero", []string{delta(1), completed(2)}, nil, responses.ErrSequenceGap},
		{"after the end", []string{created(0), completed(1), delta(2)}, []int64{0, 1}, responses.ErrAfterEnd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// ReadEvents reads the whole body; Stream the same events from a
			// server, except after the end, which it does not read.
			body := new(strings.Builder)
			for _, ev := range tt.evs {
				fmt.Fprintf(body, "data: %s\n\n", ev)
			}
			evs, _, err := collect(responses.ReadEvents(strings.NewReader(body.String())))
			if !errors.Is(err, tt.sentinel) || fmt.Sprint(seqs(evs)) != fmt.Sprint(tt.want) {
				t.Errorf("ReadEvents yielded %v, %v; want %v, %v", seqs(evs), err, tt.want, tt.sentinel)
			}
			if se, ok := errors.AsType[*responses.StreamError](err); !ok || se.LastSequence != int64(len(tt.want))-1 {
				t.Errorf("ReadEvents error %#v, want a *StreamError with LastSequence %d", err, len(tt.want)-1)
			}
			if tt.sentinel == responses.ErrAfterEnd {
				return
			}
			rs, srv := newScripted(t, serve(tt.evs...))
			evs, _, err = collect(rs.WithResume(2).Stream(t.Context(), background()))
			if !errors.Is(err, tt.sentinel) || fmt.Sprint(seqs(evs)) != fmt.Sprint(tt.want) {
				t.Errorf("Stream yielded %v, %v; want %v, %v", seqs(evs), err, tt.want, tt.sentinel)
			}
			if n := len(srv.requests()); n != 1 {
				t.Errorf("server got %d requests, want 1", n)
			}
		})
	}
}

// A stream recorded before the API numbered its events has no
// sequence_number: its events all read as 0 and are not checked.
func TestReadEventsUnnumbered(t *testing.T) {
	t.Parallel()
	body := `data: {"type":"response.created","response":{"id":"resp_1","status":"in_progress","output":[]}}

data: {"type":"response.output_text.delta","item_id":"m","output_index":0,"content_index":0,"delta":"a"}

data: {"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[]}}

`
	evs, _, err := collect(responses.ReadEvents(strings.NewReader(body)))
	if err != nil || len(evs) != 3 {
		t.Fatalf("ReadEvents = %d events, %v", len(evs), err)
	}
}

func TestResumedStreamGap(t *testing.T) {
	t.Parallel()
	rs, srv := newScripted(t,
		cut(created(0), delta(1), delta(2), delta(3)),
		serve(delta(5), delta(6), completed(7)),
	)
	evs, _, err := collect(rs.WithResume(3).Stream(t.Context(), background()))
	if fmt.Sprint(seqs(evs)) != "[0 1 2 3]" {
		t.Errorf("yielded %v, want [0 1 2 3]", seqs(evs))
	}
	se, ok := errors.AsType[*responses.StreamError](err)
	if !ok || !errors.Is(err, responses.ErrSequenceGap) || se.LastSequence != 3 || se.ResponseID != "resp_1" {
		t.Fatalf("error = %v, want a *StreamError for a gap after 3", err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 || reqs[1].URL.Query().Get("starting_after") != "3" {
		t.Errorf("requests: %d, the resume asked %q", len(reqs), reqs[len(reqs)-1].URL.RawQuery)
	}
}

func TestResumeAfterEventZero(t *testing.T) {
	t.Parallel()
	rs, srv := newScripted(t,
		cut(created(0)),
		func(w http.ResponseWriter, r *http.Request) {
			// The API sends the events after starting_after, or all of them.
			if r.URL.Query().Get("starting_after") == "0" {
				writeEvents(w, delta(1), completed(2))
				return
			}
			writeEvents(w, created(0), delta(1), completed(2))
		},
	)
	evs, _, err := collect(rs.WithResume(1).Stream(t.Context(), background()))
	if err != nil || fmt.Sprint(seqs(evs)) != "[0 1 2]" {
		t.Fatalf("Stream yielded %v, %v; want [0 1 2]", seqs(evs), err)
	}
	if q := srv.requests()[1].URL.Query(); q.Get("starting_after") != "0" {
		t.Errorf("resume query %q, want starting_after=0", srv.requests()[1].URL.RawQuery)
	}

	// Resume by hand: from the start, and after event 0.
	for _, tt := range []struct {
		after int64
		query string
		want  string
	}{
		{responses.FromStart, "", "[0 1 2]"},
		{0, "0", "[1 2]"},
	} {
		evs, _, err := collect(rs.Resume(t.Context(), "resp_1", tt.after))
		last := srv.requests()[len(srv.requests())-1]
		if err != nil || fmt.Sprint(seqs(evs)) != tt.want || last.URL.Query().Get("starting_after") != tt.query {
			t.Errorf("Resume(%d) = %v, %v with query %q; want %s with starting_after=%q", tt.after, seqs(evs), err, last.URL.RawQuery, tt.want, tt.query)
		}
	}
}

// A stream that broke before its first event says so with LastSequence
// FromStart, so that resuming from it repeats nothing and misses nothing.
func TestStreamErrorBeforeAnyEvent(t *testing.T) {
	t.Parallel()
	rs, _ := newScripted(t, cut())
	_, _, err := collect(rs.WithResume(0).Stream(t.Context(), background()))
	se, ok := errors.AsType[*responses.StreamError](err)
	if !ok || se.LastSequence != responses.FromStart || se.Events != 0 {
		t.Fatalf("error = %#v, want a *StreamError with LastSequence FromStart", err)
	}
}

// Leaving a stream returns at once, even when the server keeps the
// connection open after the last event.
func TestLeaveStreamHeldOpen(t *testing.T) {
	t.Parallel()
	errEvent := `{"type":"error","sequence_number":2,"error":{"type":"server_error","code":"server_error","message":"Boom.","param":null}}`
	tests := []struct {
		name    string
		evs     []string
		stopAt  int64 // break after the event of this sequence number; -1: range to the end
		wantErr bool
	}{
		{"break after completed", []string{created(0), delta(1), completed(2)}, 2, false},
		{"range past completed", []string{created(0), delta(1), completed(2)}, -1, false},
		{"error event", []string{created(0), delta(1), errEvent}, -1, true},
		{"break mid-stream", []string{created(0), delta(1)}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newScripted(t, nil)
			srv.steps[0] = srv.holdAfter(tt.evs...)
			start := time.Now()
			var err error
			for ev, e := range rs.Stream(context.Background(), background()) {
				if err = e; e != nil {
					break
				}
				if ev.Sequence() == tt.stopAt {
					break
				}
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("leaving the stream took %v", took)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("error = %v, want an error: %v", err, tt.wantErr)
			}
		})
	}
}

// A server that ends the body after the last event keeps its connection for
// the next stream.
func TestStreamReusesConnection(t *testing.T) {
	t.Parallel()
	rs, srv := newScripted(t, serve(created(0), delta(1), completed(2)))
	for range 3 {
		if _, _, err := collect(rs.Stream(t.Context(), background())); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		for ev, err := range rs.Stream(t.Context(), background()) {
			if err != nil {
				t.Fatal(err)
			}
			if ev.Sequence() == int64(i) {
				break
			}
		}
	}
	if n := srv.conns.Load(); n > 4 {
		t.Errorf("6 streams opened %d connections; the 3 read to their end share one", n)
	}
}

func TestStreamRequestBudget(t *testing.T) {
	t.Parallel()
	fail := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		io.WriteString(w, `{"error":{"message":"boom","type":"server_error"}}`)
	}
	huge := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: ")
		chunk := strings.Repeat("x", 1<<20)
		for range stream.DefaultMaxLineSize>>20 + 1 {
			io.WriteString(w, chunk)
		}
	}
	tests := []struct {
		name  string
		steps []step
		want  int
		is    error
	}{
		{"500, 500, cut", []step{fail, fail, cut()}, 3, io.ErrUnexpectedEOF},
		{"cut, 500, cut", []step{cut(), fail, cut()}, 3, io.ErrUnexpectedEOF},
		{"oversized line", []step{huge}, 1, nil},
		{"malformed event", []step{serve(`{"type":"response.created","sequence_number":0,`)}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newScripted(t, tt.steps...)
			_, _, err := collect(rs.Stream(t.Context(), background()))
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("error = %v, want one wrapping %v", err, tt.is)
			}
			if n := len(srv.requests()); n != tt.want {
				t.Errorf("server got %d requests, want %d (MaxRetries %d): %v", n, tt.want, client.DefaultMaxRetries, err)
			}
		})
	}
}

func TestStreamErrorAfterEvents(t *testing.T) {
	t.Parallel()
	nested := `{"type":"error","sequence_number":2,"error":{"type":"invalid_request_error","code":"bad","message":"Nested.","param":"input"}}`
	flat := `{"type":"error","sequence_number":2,"code":"bad","message":"Flat.","param":"input"}`
	failed := `{"type":"response.failed","sequence_number":2,"response":{"id":"resp_1","object":"response","status":"failed","output":[],"error":{"code":"server_error","message":"Failed."}}}`
	for _, tt := range []struct{ name, last, msg string }{
		{"nested error", nested, "Nested."},
		{"flat error", flat, "Flat."},
		{"failed", failed, "Failed."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, _ := newScripted(t, serve(created(0), delta(1), tt.last))
			evs, _, err := collect(rs.Stream(t.Context(), background()))
			se, ok := errors.AsType[*responses.StreamError](err)
			if !ok || se.Event == nil {
				t.Fatalf("error = %v, want a *StreamError with the event", err)
			}
			if len(evs) != 2 || se.Events != 2 || se.ResponseID != "resp_1" || se.Response == nil || se.LastSequence != 2 {
				t.Errorf("after %d events: Events %d, ResponseID %q, Response %v, LastSequence %d; want 2, resp_1, a response, 2",
					len(evs), se.Events, se.ResponseID, se.Response != nil, se.LastSequence)
			}
			re, ok := errors.AsType[*responses.ResponseError](err)
			if !ok || re.Message != tt.msg || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("cause = %#v, want message %q", re, tt.msg)
			}
		})
	}
}

// A stream error is one line, however many causes it has.
func TestStreamErrorOneLine(t *testing.T) {
	t.Parallel()
	rs, srv := newScripted(t, nil)
	srv.steps[0] = srv.holdAfter(created(0), delta(1))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var err error
	for ev, e := range rs.Stream(ctx, background()) {
		if err = e; e != nil {
			break
		}
		if ev.Sequence() == 1 {
			cancel()
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if _, ok := errors.AsType[*responses.StreamError](err); !ok {
		t.Errorf("error = %#v, want a *StreamError", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is several lines: %q", err.Error())
	}
}

// The client's WithMaxEventSize bounds the events of its streams, and the
// readers kept for the next stream honour each client's bound.
func TestStreamMaxEventSize(t *testing.T) {
	t.Parallel()
	big := fmt.Sprintf(`{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"%s"}`, strings.Repeat("x", 2<<10))
	_, srv := newScripted(t, serve(created(0), big, completed(2)))
	for _, tt := range []struct {
		limit int
		fail  bool
	}{{1 << 10, true}, {0, false}, {1 << 10, true}, {4 << 10, false}} {
		opts := []client.Option{client.WithBaseURL(srv.URL), client.WithAPIKey("sk-test")}
		if tt.limit > 0 {
			opts = append(opts, client.WithMaxEventSize(tt.limit))
		}
		c, err := client.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		n := len(srv.requests())
		_, _, err = collect(responses.New(c).Stream(t.Context(), background()))
		le, ok := errors.AsType[*stream.LimitError](err)
		// A line may hold a little more than the event's data: its field name.
		if ok != tt.fail || (ok && (le.Limit < tt.limit || le.Limit > tt.limit+64)) {
			t.Errorf("limit %d: error %v, want a limit error: %v", tt.limit, err, tt.fail)
		}
		if sent := len(srv.requests()) - n; sent != 1 {
			t.Errorf("limit %d: %d requests, want 1", tt.limit, sent)
		}
	}
}

// A stream's error event that echoes a secret of the call (the key, a
// request's MCP token) does not print it.
func TestStreamErrorEventScrubbed(t *testing.T) {
	t.Parallel()
	const token = "mcp-Token/0043-secret"
	echo := `{"type":"error","sequence_number":1,"error":{"type":"invalid_request_error","code":"bad_token","message":"Bad token sk-test-0123 and mcp-Token\u002f0043-secret.","param":null}}`
	failed := `{"type":"response.failed","sequence_number":1,"response":{"id":"resp_1","object":"response","status":"failed","output":[],"error":{"code":"server_error","message":"mcp-Token/0043-secret was refused"}}}`
	for _, last := range []string{echo, failed} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeEvents(w, created(0), last)
		}))
		t.Cleanup(srv.Close)
		c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("sk-test-0123"))
		if err != nil {
			t.Fatal(err)
		}
		req := background()
		req.Tools = []responses.Tool{&responses.MCPTool{ServerLabel: "s", ServerURL: "https://mcp.test", Authorization: token}}
		_, _, err = collect(responses.New(c).Stream(t.Context(), req))
		se, ok := errors.AsType[*responses.StreamError](err)
		if !ok {
			t.Fatalf("error = %v, want a *StreamError", err)
		}
		for _, p := range []string{err.Error(), fmt.Sprintf("%+v", se), fmt.Sprintf("%#v", se.Event), fmt.Sprintf("%+v", se.Err)} {
			if strings.Contains(p, token) || strings.Contains(p, "sk-test-0123") {
				t.Errorf("printed %q", p)
			}
		}
	}
}

// A *StreamError counts the events of the whole call, across resumes, and
// names the response a Resume was asked for.
func TestStreamErrorAcrossResume(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		steps    []step
		resume   bool // Resume("resp_1", 1) instead of Stream
		want     string
		events   int
		last     int64
		sentinel error
	}{
		{"cut twice", []step{cut(created(0), delta(1), delta(2), delta(3)), cut(delta(4), delta(5))}, false, "[0 1 2 3 4 5]", 6, 5, io.ErrUnexpectedEOF},
		{"gap after resume", []step{cut(created(0), delta(1), delta(2), delta(3)), serve(delta(5))}, false, "[0 1 2 3]", 4, 3, responses.ErrSequenceGap},
		{"resume cut", []step{cut(delta(2), delta(3))}, true, "[2 3]", 2, 3, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, _ := newScripted(t, tt.steps...)
			it := rs.WithResume(1).Stream(t.Context(), background())
			if tt.resume {
				it = rs.Resume(t.Context(), "resp_1", 1)
			}
			evs, _, err := collect(it)
			se, ok := errors.AsType[*responses.StreamError](err)
			if !ok || !errors.Is(err, tt.sentinel) || fmt.Sprint(seqs(evs)) != tt.want {
				t.Fatalf("yielded %v, %v; want %s and a *StreamError wrapping %v", seqs(evs), err, tt.want, tt.sentinel)
			}
			if se.Events != tt.events || se.LastSequence != tt.last || se.ResponseID != "resp_1" {
				t.Errorf("Events %d, LastSequence %d, ResponseID %q; want %d, %d, resp_1 (%v)", se.Events, se.LastSequence, se.ResponseID, tt.events, tt.last, err)
			}
			if want := fmt.Sprintf("after %d events", tt.events); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

// Events of a background response "resp_1" without sequence numbers, as a
// server that does not number its events sends them.
const (
	createdUnnumbered   = `{"type":"response.created","response":{"id":"resp_1","object":"response","status":"in_progress","background":true,"output":[]}}`
	deltaUnnumbered     = `{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"x"}`
	completedUnnumbered = `{"type":"response.completed","response":{"id":"resp_1","object":"response","status":"completed","background":true,"output":[]}}`
)

// A stream whose events carry no sequence number has no position to resume
// from: its broken connection is reported, not resumed, and a resumed
// stream's events must be numbered, never dropped as repeats.
func TestUnnumberedStreamResume(t *testing.T) {
	t.Parallel()
	t.Run("not resumed", func(t *testing.T) {
		t.Parallel()
		rs, srv := newScripted(t,
			cut(createdUnnumbered, deltaUnnumbered, deltaUnnumbered),
			serve(deltaUnnumbered, completedUnnumbered),
		)
		evs, _, err := collect(rs.WithResume(1).Stream(t.Context(), background()))
		se, ok := errors.AsType[*responses.StreamError](err)
		if len(evs) != 3 || !ok || !errors.Is(err, io.ErrUnexpectedEOF) || se.Events != 3 {
			t.Errorf("yielded %d events, %v; want 3 and a *StreamError for the cut", len(evs), err)
		}
		if n := len(srv.requests()); n != 1 {
			t.Errorf("server got %d requests, want 1: the stream has no position to resume from", n)
		}
	})
	t.Run("resumed events unnumbered", func(t *testing.T) {
		t.Parallel()
		rs, _ := newScripted(t, serve(deltaUnnumbered, completedUnnumbered))
		evs, _, err := collect(rs.Resume(t.Context(), "resp_1", 0))
		if len(evs) != 0 || !errors.Is(err, responses.ErrSequenceGap) || !strings.Contains(err.Error(), "without a sequence number") {
			t.Errorf("Resume yielded %d events, %v; want none and an error for the unnumbered event", len(evs), err)
		}
	})
	t.Run("unnumbered event in a numbered stream", func(t *testing.T) {
		t.Parallel()
		unknown := `{"type":"response.future_kind","item_id":"msg_1"}`
		body := fmt.Sprintf("data: %s\n\ndata: %s\n\ndata: %s\n\n", created(0), unknown, completed(1))
		evs, _, err := collect(responses.ReadEvents(strings.NewReader(body)))
		if len(evs) != 1 || !errors.Is(err, responses.ErrSequenceGap) || !strings.Contains(err.Error(), "response.future_kind event without a sequence number after 0") {
			t.Errorf("ReadEvents yielded %d events, %v; want 1 and an error naming the unnumbered event", len(evs), err)
		}
	})
}

// A stream that broke before its first event says so in its message.
func TestStreamErrorBeforeAnyEventMessage(t *testing.T) {
	t.Parallel()
	_, _, err := collect(responses.ReadEvents(strings.NewReader("")))
	if err == nil || !strings.Contains(err.Error(), "before any event") || strings.Contains(err.Error(), "-1") {
		t.Errorf("error = %v, want one that says it broke before any event", err)
	}
}

// A server's error message with line breaks still makes a one-line error.
func TestStreamErrorMessageOneLine(t *testing.T) {
	t.Parallel()
	ev := `{"type":"error","sequence_number":1,"error":{"type":"server_error","code":"server_error","message":"first line\nsecond line\r\nthird","param":null}}`
	rs, _ := newScripted(t, serve(created(0), ev))
	_, _, err := collect(rs.Stream(t.Context(), background()))
	re, ok := errors.AsType[*responses.ResponseError](err)
	if !ok || !strings.Contains(re.Message, "\n") {
		t.Fatalf("error = %v, want the server's message kept whole", err)
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.Contains(msg, `first line\nsecond line\nthird`) {
		t.Errorf("Error() = %q, want one line", msg)
	}
}

// An event that does not decode ends the stream with a *StreamError that
// says where it stopped, wrapping the *ProtocolError.
func TestStreamDecodeErrorPosition(t *testing.T) {
	t.Parallel()
	bad := `{"type":"response.output_text.delta","sequence_number":"two"}`
	rs, srv := newScripted(t, serve(created(0), delta(1), bad))
	evs, _, err := collect(rs.WithResume(2).Stream(t.Context(), background()))
	se, ok := errors.AsType[*responses.StreamError](err)
	if !ok || se.ResponseID != "resp_1" || se.LastSequence != 1 || se.Events != len(evs) || se.Response == nil {
		t.Fatalf("error = %#v, want a *StreamError after event 1 of resp_1", err)
	}
	if _, ok := errors.AsType[*responses.ProtocolError](err); !ok {
		t.Errorf("error = %v, want it to wrap a *ProtocolError", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("server got %d requests, want 1: a decode error is not retried or resumed", n)
	}
}
