package responsestest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// service returns the Responses API of an in-process server.
func service(t *testing.T, srv *responsestest.Server, opts ...client.Option) *responses.Service {
	t.Helper()
	c, err := srv.Client(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return responses.New(c)
}

// TestTransportWaitsInVirtualTime runs a batch that takes ten minutes of
// virtual time, polled every 30 seconds, in no real time.
func TestTransportWaitsInVirtualTime(t *testing.T) {
	t.Parallel()
	began := time.Now()
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetBatchTiming(time.Minute, time.Minute, time.Minute)
		var lines []string
		for id := range strings.SplitSeq("abcdefgh", "") {
			lines = append(lines, line(id, "text "+id))
		}
		start := time.Now()
		b := a.batchOf(lines...)
		polls := 0
		for b.Status != "completed" {
			time.Sleep(30 * time.Second)
			b = a.getBatch(b.ID)
			polls++
		}
		if took := time.Since(start); took != 10*time.Minute || polls != 20 {
			t.Errorf("completed after %v and %d polls, want 10m0s and 20", took, polls)
		}
		if got := a.lines(b.OutputFileID); len(got) != 8 {
			t.Errorf("%d output lines", len(got))
		}
	})
	if real := time.Since(began); real > 10*time.Second {
		t.Errorf("took %v of real time", real)
	}
}

func TestTransportStreams(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := responsestest.NewServer(responsestest.InProcess())
		srv.Enqueue(responsestest.Text("one two three").WithEventDelay(time.Second))
		s := service(t, srv)
		start := time.Now()
		var first time.Duration
		var text strings.Builder
		n := 0
		for ev, err := range s.Stream(t.Context(), &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}) {
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				first = time.Since(start)
			}
			n++
			if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
				text.WriteString(d.Delta)
			}
		}
		if text.String() != "one two three" || first != time.Second || time.Since(start) != time.Duration(n)*time.Second {
			t.Errorf("%d events, text %q, first after %v, all after %v", n, text.String(), first, time.Since(start))
		}
	})
}

func TestTransportPassesTheBody(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			// The socket server's transport works too.
			s := service(t, a.srv, client.WithHTTPClient(&http.Client{Transport: a.srv.Transport()}))
			resp, err := s.Create(t.Context(), &responses.Request{Model: "gpt-5", Input: responses.Text("hello there")})
			if err != nil {
				t.Fatal(err)
			}
			req, err := a.srv.Requests()[0].Request()
			if err != nil || req.Model != "gpt-5" || resp.Status != responses.StatusCompleted {
				t.Errorf("recorded %+v, %v; response %s", req, err, resp.Status)
			}
			got, err := s.Get(t.Context(), resp.ID)
			if err != nil || got.ID != resp.ID {
				t.Errorf("get: %v", err)
			}
		})
	}
}

func TestTransportHonoursTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := responsestest.NewServer(responsestest.InProcess())
		s := service(t, srv, client.WithMaxRetries(0))

		// Cancelled before the answer.
		srv.Enqueue(responsestest.Text("late").WithDelay(time.Hour))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		_, err := s.Create(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text("hi")})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("delayed answer: %v, want the deadline", err)
		}

		// Cancelled in the middle of a stalled stream.
		srv.Enqueue(responsestest.Text("stalled").WithStallAfterEvents(2, 0))
		ctx, cancel = context.WithTimeout(t.Context(), time.Minute)
		n := 0
		for _, err = range s.Stream(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}) {
			if err != nil {
				break
			}
			n++
		}
		cancel()
		if n != 2 || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("stalled stream: %d events, %v", n, err)
		}

		// Already cancelled.
		ctx, cancel = context.WithCancel(t.Context())
		cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/files", nil)
		if _, err := srv.Transport().RoundTrip(req); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled request: %v", err)
		}
		// Every goroutine of the server ends: synctest.Test fails otherwise.
	})
}

func TestTransportBodies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := responsestest.NewServer(responsestest.InProcess())
		rt := srv.Transport()
		send := func(body string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+"/responses", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer sk-test")
			res, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}

		// A connection dropped mid-body ends the body with an error.
		srv.Enqueue(responsestest.Text("a long enough answer").WithDropAfter(10))
		res := send(`{"model":"gpt-5","input":"hi"}`)
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(b) != 10 || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("dropped: %d, %d bytes, %v", res.StatusCode, len(b), err)
		}

		// A body closed before its end stops the handler.
		srv.Enqueue(responsestest.Text("x").WithStallAfterEvents(1, 0))
		res = send(`{"model":"gpt-5","input":"hi","stream":true}`)
		buf := make([]byte, 10)
		if _, err := res.Body.Read(buf); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()

		// Status, headers and length come through.
		res = send(`{"model":"gpt-5"`)
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 400 || res.ContentLength != int64(len(b)) || res.Header.Get("Content-Type") != "application/json" ||
			!bytes.Contains(b, []byte("invalid_request_error")) || res.Request == nil {
			t.Errorf("error answer: %d %v %s", res.StatusCode, res.Header, b)
		}
	})
}
