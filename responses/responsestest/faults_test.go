package responsestest_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

const story = "Once upon a time, a small server told a long story to a patient client."

// stream streams a request answered by reply, and returns the events read
// and the error that ended the stream.
func stream(t *testing.T, ctx context.Context, reply responsestest.Reply, opts ...client.Option) ([]responses.Event, error) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.Enqueue(reply)
	c, err := srv.Client(append([]client.Option{client.WithMaxRetries(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var evs []responses.Event
	for ev, err := range responses.New(c).Stream(ctx, &responses.Request{Model: "m", Input: responses.Text("hi")}) {
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// rawStream posts a streamed request answered by reply and returns the
// body's lines of data, and the error that ended the body.
func rawStream(t *testing.T, reply responsestest.Reply) ([]string, error) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.Enqueue(reply)
	req, _ := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/responses", strings.NewReader(`{"model":"m","input":"hi","stream":true}`))
	req.Header.Set("Authorization", "Bearer sk-test")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var data []string
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			data = append(data, d)
		}
	}
	return data, sc.Err()
}

func TestErrorEventShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply responsestest.Reply
		want  string // the error event's data, with its sequence number
	}{
		{"nested", responsestest.StreamFailure("insufficient_quota", "You exceeded your current quota."),
			`{"type":"error","sequence_number":2,"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"You exceeded your current quota.","param":null}}`},
		{"flat", responsestest.StreamFailure("server_error", "Boom.").WithFlatErrorEvent(),
			`{"type":"error","sequence_number":2,"code":"server_error","message":"Boom.","param":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := rawStream(t, tt.reply)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != 4 || data[2] != tt.want {
				t.Fatalf("events = %q, want the error event %s third of 4", data, tt.want)
			}
			if !strings.HasPrefix(data[3], `{"type":"response.failed","sequence_number":3,`) || !strings.Contains(data[3], `"status":"failed"`) {
				t.Errorf("last event = %s, want response.failed", data[3])
			}
			// respkit reads both shapes.
			evs, err := stream(t, t.Context(), tt.reply)
			var se *responses.StreamError
			if !errors.As(err, &se) || len(evs) != 2 {
				t.Fatalf("Stream = %d events, %v; want 2 and a StreamError", len(evs), err)
			}
			re, ok := se.Err.(*responses.ResponseError)
			if _, isErr := se.Event.(*responses.ErrorEvent); !isErr || !ok || re.Message == "" || re.Code == "" {
				t.Errorf("StreamError = %+v", se)
			}
		})
	}
}

func TestErrorAfterEvents(t *testing.T) {
	t.Parallel()
	reply := responsestest.Text(story).WithErrorAfterEvents(6, "server_error", "The server had an error.")
	evs, err := stream(t, t.Context(), reply)
	var se *responses.StreamError
	if !errors.As(err, &se) || len(evs) != 6 || se.LastSequence != 6 {
		t.Fatalf("Stream = %d events, %v; want 6 and a StreamError", len(evs), err)
	}
	if re, _ := se.Err.(*responses.ResponseError); re == nil || re.Code != "server_error" {
		t.Errorf("StreamError.Err = %v", se.Err)
	}
	data, err := rawStream(t, reply)
	if err != nil || len(data) != 8 || !strings.Contains(data[7], `"status":"failed"`) {
		t.Errorf("raw stream = %q, %v; want 6 events, the error, response.failed", data, err)
	}

	// Not streamed: HTTP 500.
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(reply)
	c, _ := srv.Client(client.WithMaxRetries(0))
	_, err = responses.New(c).Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 500 || !errors.Is(err, client.ErrServer) {
		t.Errorf("Create = %v, want HTTP 500", err)
	}
}

func TestStalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reply  responsestest.Reply
		events int // read before the stall; -1: the stream completes
	}{
		{"after headers", responsestest.Text(story).WithStallAfterHeaders(0), 0},
		{"mid-stream", responsestest.Text(story).WithStallAfterEvents(4, 0), 4},
		{"short", responsestest.Text(story).WithStallAfterEvents(4, 20*time.Millisecond), -1},
		{"at end", responsestest.Text(story).WithStallAtEnd(0), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
			defer cancel()
			evs, err := stream(t, ctx, tt.reply)
			if tt.events < 0 {
				if err != nil {
					t.Errorf("Stream = %v, want it done", err)
				}
				if _, ok := evs[len(evs)-1].(*responses.CompletedEvent); !ok {
					t.Errorf("last event = %T", evs[len(evs)-1])
				}
				return
			}
			if !errors.Is(err, context.DeadlineExceeded) || len(evs) != tt.events {
				t.Errorf("Stream = %d events, %v; want %d and the deadline", len(evs), err, tt.events)
			}
		})
	}
}

// TestStallAtEndKeepsTheBody checks that the body is not ended after the
// last event.
func TestStallAtEndKeepsTheBody(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("hi").WithStallAtEnd(0))
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/responses", strings.NewReader(`{"model":"m","input":"hi","stream":true}`))
	req.Header.Set("Authorization", "Bearer sk-test")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(string(body), "response.completed") {
		t.Errorf("body = %d bytes, %v; want the whole stream and no end", len(body), err)
	}
}

func TestLargeEvent(t *testing.T) {
	t.Parallel()
	evs, err := stream(t, t.Context(), responsestest.Text(story).WithLargeEvent(3, 4096), client.WithMaxEventSize(2048))
	if err == nil || len(evs) != 3 {
		t.Fatalf("Stream = %d events, %v; want 3 and an error", len(evs), err)
	}
	// A client that allows it reads the padded event.
	if _, err := stream(t, t.Context(), responsestest.Text(story).WithLargeEvent(3, 4096)); err != nil {
		t.Errorf("Stream with the default bound = %v", err)
	}
}

func TestRateLimited(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.RateLimited(5*time.Millisecond), responsestest.Text("done"),
		responsestest.Error(429, responsestest.ErrorBody{Type: "requests", Code: "rate_limit_exceeded", Message: "Slow down."}).WithRetryAfter(1500*time.Millisecond))
	c, _ := srv.Client()
	rs := responses.New(c)
	resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
	if err != nil || resp.OutputText() != "done" || len(srv.Requests()) != 2 {
		t.Fatalf("Create = %v, after %d requests; want a retried 429", err, len(srv.Requests()))
	}
	c0, _ := srv.Client(client.WithMaxRetries(0))
	_, err = responses.New(c0).Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
	var ae *client.APIError
	if !errors.Is(err, client.ErrRateLimited) || !errors.As(err, &ae) {
		t.Fatalf("Create = %v, want rate limited", err)
	}
	if ae.Header.Get("retry-after-ms") != "1500" || ae.Header.Get("retry-after") != "2" {
		t.Errorf("headers = %v", ae.Header)
	}
}

// TestDropCutsTheConnection checks that a dropped stream ends with the TCP
// connection closed, not a clean end of body.
func TestDropCutsTheConnection(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text(story).WithDropAfterEvents(3))
	u := strings.TrimPrefix(srv.URL, "http://")
	conn, err := net.Dial("tcp", strings.TrimSuffix(u, "/v1"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"model":"m","input":"hi","stream":true}`
	io.WriteString(conn, "POST /v1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: "+
		strconv.Itoa(len(body))+"\r\n\r\n"+body)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	raw, err := io.ReadAll(conn) // returns at EOF: the server closed the connection
	if err != nil {
		t.Fatalf("read: %v (the connection stayed open)", err)
	}
	if n := strings.Count(string(raw), "\ndata: "); n != 3 || strings.HasSuffix(string(raw), "0\r\n\r\n") {
		t.Errorf("got %d events, and the body ended = %v:\n%s", n, strings.HasSuffix(string(raw), "0\r\n\r\n"), raw)
	}
	// Through respkit: an unexpected end of stream.
	evs, err := stream(t, t.Context(), responsestest.Text(story).WithDropAfterEvents(3))
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(evs) != 3 {
		t.Errorf("Stream = %d events, %v", len(evs), err)
	}
}

func TestWithAddr(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	srv := responsestest.NewServer(responsestest.WithAddr(addr))
	defer srv.Close()
	if srv.URL != "http://"+addr+"/v1" {
		t.Errorf("URL = %q, want on %s", srv.URL, addr)
	}
	c, _ := srv.Client()
	if _, err := responses.New(c).Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}); err != nil {
		t.Error(err)
	}
}
