package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/google/go-cmp/cmp"
)

var post = &Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{"model":"gpt-4.1"}`)}

func TestRetryStatus(t *testing.T) {
	tests := []struct {
		status   int
		attempts int
	}{
		{200, 1}, {201, 1},
		{400, 1}, {401, 1}, {403, 1}, {404, 1}, {422, 1},
		{408, 3}, {409, 3}, {429, 3}, {500, 3}, {502, 3}, {503, 3}, {504, 3}, {599, 3},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				steps := []step{reply(tt.status, `{}`), reply(tt.status, `{}`), reply(tt.status, `{}`)}
				f := newFake(t, steps[:tt.attempts]...)
				c := newTestClient(t, f)
				start := time.Now()
				_, err := c.Send(t.Context(), post)
				if got := f.attempts(); got != tt.attempts {
					t.Errorf("Send with %d: %d attempts, want %d", tt.status, got, tt.attempts)
				}
				if tt.status < 300 {
					if err != nil {
						t.Errorf("Send with %d: %v", tt.status, err)
					}
					return
				}
				if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.StatusCode != tt.status {
					t.Errorf("Send with %d = %v, want an *APIError with that status", tt.status, err)
				}
				var want []time.Duration
				if tt.attempts == 3 {
					want = []time.Duration{ms(500), ms(1000)}
				}
				if diff := cmp.Diff(want, f.waits()); diff != "" {
					t.Errorf("waits (-want +got):\n%s", diff)
				}
				if got, want := time.Since(start), ms(1500)*time.Duration(tt.attempts/3); got != want {
					t.Errorf("Send took %v, want %v", got, want)
				}
			})
		})
	}
}

func TestRetryAfter(t *testing.T) {
	httpDate := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name     string
		header   func() []string // evaluated inside the bubble, for dates
		opts     []Option
		attempts int
		waits    []time.Duration
		after    time.Duration // APIError.RetryAfter of the final error
	}{
		{"retry-after-ms", func() []string { return []string{"Retry-After-Ms", "1500"} }, nil, 3, []time.Duration{ms(1500), ms(1500)}, ms(1500)},
		{"retry-after-ms fractional", func() []string { return []string{"retry-after-ms", "2.5"} }, nil, 3, []time.Duration{2500 * time.Microsecond, 2500 * time.Microsecond}, 2500 * time.Microsecond},
		{"retry-after seconds", func() []string { return []string{"Retry-After", "2"} }, nil, 3, []time.Duration{2 * time.Second, 2 * time.Second}, 2 * time.Second},
		{"retry-after fractional", func() []string { return []string{"Retry-After", "0.25"} }, nil, 3, []time.Duration{ms(250), ms(250)}, ms(250)},
		{"retry-after date", func() []string { return []string{"Retry-After", httpDate(3 * time.Second)} }, nil, 3, []time.Duration{3 * time.Second, 3 * time.Second}, 3 * time.Second},
		{"ms wins over seconds", func() []string { return []string{"Retry-After-Ms", "100", "Retry-After", "7"} }, nil, 3, []time.Duration{ms(100), ms(100)}, ms(100)},
		{"bad ms falls back to seconds", func() []string { return []string{"Retry-After-Ms", "soon", "Retry-After", "3"} }, nil, 3, []time.Duration{3 * time.Second, 3 * time.Second}, 3 * time.Second},
		{"zero uses backoff", func() []string { return []string{"Retry-After", "0"} }, nil, 3, []time.Duration{ms(500), ms(1000)}, 0},
		{"past date uses backoff", func() []string { return []string{"Retry-After", httpDate(-time.Hour)} }, nil, 3, []time.Duration{ms(500), ms(1000)}, 0},
		{"garbage uses backoff", func() []string { return []string{"Retry-After", "tomorrow"} }, nil, 3, []time.Duration{ms(500), ms(1000)}, 0},
		{"negative uses backoff", func() []string { return []string{"Retry-After", "-5"} }, nil, 3, []time.Duration{ms(500), ms(1000)}, 0},
		{"at the cap", func() []string { return []string{"Retry-After", "60"} }, nil, 3, []time.Duration{time.Minute, time.Minute}, time.Minute},
		{"over the cap", func() []string { return []string{"Retry-After", "120"} }, nil, 1, nil, 2 * time.Minute},
		{"date over the cap", func() []string { return []string{"Retry-After", httpDate(time.Hour)} }, nil, 1, nil, time.Hour},
		{"over a custom cap", func() []string { return []string{"Retry-After-Ms", "5001"} }, []Option{WithMaxRetryDelay(5 * time.Second)}, 1, nil, ms(5001)},
		{"under a custom cap", func() []string { return []string{"Retry-After", "90"} }, []Option{WithMaxRetryDelay(2 * time.Minute)}, 3, []time.Duration{90 * time.Second, 90 * time.Second}, 90 * time.Second},
		{"huge", func() []string { return []string{"Retry-After", "1e300"} }, nil, 1, nil, time.Duration(1<<63 - 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := func(req *http.Request) (*http.Response, error) {
					return response(req, 429, `{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}`, tt.header()...), nil
				}
				f := newFake(t, s, s, s)
				c := newTestClient(t, f, tt.opts...)
				start := time.Now()
				_, err := c.Send(t.Context(), post)
				if got := f.attempts(); got != tt.attempts {
					t.Errorf("%d attempts, want %d", got, tt.attempts)
				}
				if diff := cmp.Diff(tt.waits, f.waits()); diff != "" {
					t.Errorf("waits (-want +got):\n%s", diff)
				}
				var total time.Duration
				for _, w := range tt.waits {
					total += w
				}
				if got := time.Since(start); got != total {
					t.Errorf("Send took %v, want %v", got, total)
				}
				apiErr, ok := errors.AsType[*APIError](err)
				if !ok {
					t.Fatalf("Send = %v, want an *APIError", err)
				}
				if apiErr.RetryAfter != tt.after {
					t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.after)
				}
				if !errors.Is(err, ErrRateLimited) {
					t.Errorf("errors.Is(%v, ErrRateLimited) = false", err)
				}
			})
		})
	}
}

func TestQuotaNotRetried(t *testing.T) {
	quota := `{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`
	tests := []struct {
		name     string
		kv       []string
		attempts int
	}{
		{"quota", nil, 1},
		{"quota with x-should-retry true", []string{"X-Should-Retry", "true"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := reply(429, quota, tt.kv...)
				f := newFake(t, s, s, s)
				_, err := newTestClient(t, f).Send(t.Context(), post)
				if !errors.Is(err, ErrQuotaExceeded) || !errors.Is(err, ErrRateLimited) {
					t.Errorf("Send = %v, want ErrQuotaExceeded and ErrRateLimited", err)
				}
				if f.attempts() != tt.attempts {
					t.Errorf("%d attempts, want %d", f.attempts(), tt.attempts)
				}
			})
		})
	}
}

func TestShouldRetryHeader(t *testing.T) {
	tests := []struct {
		status   int
		value    string
		attempts int
	}{
		{503, "false", 1},
		{503, "FALSE", 1},
		{429, "false", 1},
		{400, "true", 3},
		{404, "true", 3},
		{401, " True ", 3},
		{503, "true", 3},
		{400, "maybe", 1},
		{503, "maybe", 3},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status)+" "+tt.value, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := reply(tt.status, `{}`, "X-Should-Retry", tt.value, "Retry-After-Ms", "10")
				f := newFake(t, s, s, s)
				_, err := newTestClient(t, f).Send(t.Context(), post)
				if err == nil {
					t.Fatal("Send succeeded, want an error")
				}
				if got := f.attempts(); got != tt.attempts {
					t.Errorf("%d with x-should-retry %q: %d attempts, want %d", tt.status, tt.value, got, tt.attempts)
				}
			})
		})
	}
}

func TestBackoffSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := reply(500, `oops`)
		f := newFake(t, s, s, s, s, s, s, s)
		_, err := newTestClient(t, f, WithMaxRetries(6)).Send(t.Context(), post)
		if !errors.Is(err, ErrServer) {
			t.Errorf("Send = %v, want ErrServer", err)
		}
		want := []time.Duration{ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(8000)}
		if diff := cmp.Diff(want, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
}

func TestBackoffClampedByMaxRetryDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := reply(500, `oops`)
		f := newFake(t, s, s, s, s)
		newTestClient(t, f, WithMaxRetries(3), WithMaxRetryDelay(ms(700))).Send(t.Context(), post)
		want := []time.Duration{ms(500), ms(700), ms(700)}
		if diff := cmp.Diff(want, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
}

func TestBackoffJitter(t *testing.T) {
	// With the default randomization each wait is within ±25 % of its interval.
	for range 20 {
		synctest.Test(t, func(t *testing.T) {
			s := reply(502, `bad gateway`)
			f := newFake(t, s, s, s, s)
			c := newTestClient(t, f, WithMaxRetries(3))
			c.c.jitter = defaultJitter
			c.Send(t.Context(), post)
			for i, w := range f.waits() {
				base := ms(500) << i
				if lo, hi := base*3/4, base*5/4; w < lo || w > hi {
					t.Errorf("wait %d = %v, want within [%v, %v]", i+1, w, lo, hi)
				}
			}
		})
	}
}

func TestServerWaitAdvancesBackoff(t *testing.T) {
	// A server-directed wait counts as a retry: the backoff that follows is
	// the one for the second retry.
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(429, `{}`, "Retry-After-Ms", "30"), reply(500, `{}`), reply(200, `{}`))
		if _, err := newTestClient(t, f).Send(t.Context(), post); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]time.Duration{ms(30), ms(1000)}, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
}

func TestMaxRetriesZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(503, `{}`))
		_, err := newTestClient(t, f, WithMaxRetries(0)).Send(t.Context(), post)
		if !errors.Is(err, ErrServer) || f.attempts() != 1 {
			t.Errorf("Send = %v after %d attempts, want ErrServer after 1", err, f.attempts())
		}
	})
}

func TestBodyReplayed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		body := bytes.Repeat([]byte(`{"input":"héllo"}`), 1000)
		var getBody []bool
		s := func(code int) step {
			return func(req *http.Request) (*http.Response, error) {
				getBody = append(getBody, req.GetBody != nil)
				return response(req, code, `{}`), nil
			}
		}
		f := newFake(t, s(503), fail(errors.New("connection reset")), s(200))
		if _, err := newTestClient(t, f).Send(t.Context(), &Request{Method: http.MethodPost, Path: "responses", Body: body}); err != nil {
			t.Fatal(err)
		}
		if f.attempts() != 3 {
			t.Fatalf("%d attempts, want 3", f.attempts())
		}
		for i, c := range f.calls {
			if !bytes.Equal(c.body, body) {
				t.Errorf("attempt %d sent %d bytes, want the %d bytes of the request", i+1, len(c.body), len(body))
			}
			if c.req.ContentLength != int64(len(body)) {
				t.Errorf("attempt %d: ContentLength = %d, want %d", i+1, c.req.ContentLength, len(body))
			}
			if got := c.header.Get("Content-Type"); got != "application/json" {
				t.Errorf("attempt %d: Content-Type = %q, want application/json", i+1, got)
			}
		}
		if diff := cmp.Diff([]bool{true, true}, getBody); diff != "" {
			t.Errorf("GetBody set (-want +got):\n%s", diff)
		}
	})
}

// netErr is a net.Error, like a dial failure.
type netErr struct{}

func (netErr) Error() string   { return "dial tcp: connection refused" }
func (netErr) Timeout() bool   { return false }
func (netErr) Temporary() bool { return true }

func TestConnectionErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, fail(netErr{}), fail(netErr{}), fail(netErr{}))
		_, err := newTestClient(t, f).Send(t.Context(), post)
		if f.attempts() != 3 {
			t.Errorf("%d attempts, want 3", f.attempts())
		}
		if ne, ok := errors.AsType[net.Error](err); !ok || ne.Timeout() {
			t.Errorf("Send = %v, want a net.Error", err)
		}
		if !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "POST responses") {
			t.Errorf("Send error = %q, want the call and the number of attempts", err)
		}
		if diff := cmp.Diff([]time.Duration{ms(500), ms(1000)}, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
}

func TestConnectionErrorThenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, fail(netErr{}), reply(200, `{"id":"resp_1"}`, "X-Request-Id", "req_2"))
		resp, err := newTestClient(t, f).Send(t.Context(), post)
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != `{"id":"resp_1"}` || resp.RequestID != "req_2" {
			t.Errorf("Send = %q (request id %q), want the second attempt's answer", resp.Body, resp.RequestID)
		}
	})
}

func TestBodyDroppedMidwayIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cut := func(req *http.Request) (*http.Response, error) {
			r := response(req, 200, "")
			r.ContentLength = 100
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(`{"id":"re`), errReader{io.ErrUnexpectedEOF}))
			return r, nil
		}
		f := newFake(t, cut, reply(200, `{"id":"resp_1"}`))
		resp, err := newTestClient(t, f).Send(t.Context(), post)
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != `{"id":"resp_1"}` || f.attempts() != 2 {
			t.Errorf("Send = %q after %d attempts, want the full body after 2", resp.Body, f.attempts())
		}
	})
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestPermanentMiddlewareError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(200, `{}`))
		stop := errors.New("policy says no")
		calls := 0
		mw := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			calls++
			return nil, backoff.Permanent(stop)
		}
		_, err := newTestClient(t, f, WithMiddleware(mw)).Send(t.Context(), post)
		if !errors.Is(err, stop) || calls != 1 || f.attempts() != 0 {
			t.Errorf("Send = %v after %d middleware calls and %d attempts, want the permanent error after 1 and 0", err, calls, f.attempts())
		}
	})
}

func TestTimeoutRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, hang, hang, reply(200, `{"ok":true}`))
		start := time.Now()
		resp, err := newTestClient(t, f, WithTimeout(2*time.Second)).Send(t.Context(), post)
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		if string(resp.Body) != `{"ok":true}` {
			t.Errorf("Send body = %q", resp.Body)
		}
		// 2 s timeout + 0.5 s backoff, then 2 s timeout + 1 s backoff.
		if diff := cmp.Diff([]time.Duration{ms(2500), ms(3000)}, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
		if got := time.Since(start); got != ms(5500) {
			t.Errorf("Send took %v, want 5.5s", got)
		}
	})
}

func TestTimeoutExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, hang, hang, hang)
		_, err := newTestClient(t, f, WithTimeout(time.Second)).Send(t.Context(), post)
		if f.attempts() != 3 {
			t.Errorf("%d attempts, want 3", f.attempts())
		}
		for _, target := range []error{ErrTimeout, context.DeadlineExceeded} {
			if !errors.Is(err, target) {
				t.Errorf("errors.Is(%v, %v) = false", err, target)
			}
		}
		if ne, ok := errors.AsType[net.Error](err); !ok || !ne.Timeout() {
			t.Errorf("Send = %v, want a net.Error that is a timeout", err)
		}
		if want := "client: POST responses failed after 3 attempts: attempt timed out after 1s"; err.Error() != want {
			t.Errorf("Send error = %q, want %q", err, want)
		}
	})
}

func TestTimeoutWhileReadingBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := func(req *http.Request) (*http.Response, error) {
			r := response(req, 200, "")
			r.ContentLength = -1
			r.Body = io.NopCloser(&ctxReader{ctx: req.Context(), data: bytes.NewReader([]byte(`{"partial`))})
			return r, nil
		}
		f := newFake(t, slow, reply(200, `{"ok":true}`))
		resp, err := newTestClient(t, f, WithTimeout(time.Second)).Send(t.Context(), post)
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != `{"ok":true}` {
			t.Errorf("Send body = %q", resp.Body)
		}
		if diff := cmp.Diff([]time.Duration{ms(1500)}, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
}

func TestOpenTimeoutCoversHeadersOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slowHeaders := func(req *http.Request) (*http.Response, error) {
			select {
			case <-time.After(3 * time.Second):
				return response(req, 200, "too late"), nil
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
		}
		stream := func(req *http.Request) (*http.Response, error) {
			r := response(req, 200, "")
			r.ContentLength = -1
			pr, pw := io.Pipe()
			go func() {
				for _, ev := range []string{"data: 1\n\n", "data: 2\n\n"} {
					select {
					case <-time.After(5 * time.Second):
					case <-req.Context().Done():
						pw.CloseWithError(req.Context().Err())
						return
					}
					pw.Write([]byte(ev))
				}
				pw.Close()
			}()
			r.Body = pr
			return r, nil
		}
		f := newFake(t, slowHeaders, stream)
		c := newTestClient(t, f, WithTimeout(2*time.Second))
		resp, body, err := c.Open(t.Context(), &Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{"stream":true}`),
			Header: http.Header{"Accept": {"text/event-stream"}}})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if resp.StatusCode != 200 || resp.Body != nil {
			t.Errorf("Open response = %d with body %q, want 200 without body", resp.StatusCode, resp.Body)
		}
		if diff := cmp.Diff([]time.Duration{ms(2500)}, f.waits()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
		if got := f.calls[1].header.Get("Accept"); got != "text/event-stream" {
			t.Errorf("Accept = %q, want text/event-stream", got)
		}
		// The stream takes 10 s, five times the per-attempt timeout.
		data, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("reading the stream: %v", err)
		}
		if string(data) != "data: 1\n\ndata: 2\n\n" {
			t.Errorf("stream = %q", data)
		}
		actx := f.calls[1].ctx
		if actx.Err() != nil {
			t.Errorf("attempt context ended before Close: %v", actx.Err())
		}
		body.Close()
		if actx.Err() == nil {
			t.Error("attempt context still alive after Close")
		}
	})
}

func TestOpenNoTimeoutBodyIsTransportBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(503, `{}`), reply(200, "data: x\n\n"))
		_, body, err := newTestClient(t, f).Open(t.Context(), &Request{Method: http.MethodGet, Path: "responses/resp_1"})
		if err != nil {
			t.Fatal(err)
		}
		defer body.Close()
		if _, ok := body.(*openBody); ok {
			t.Error("Open without a timeout wrapped the body")
		}
		data, _ := io.ReadAll(body)
		if string(data) != "data: x\n\n" {
			t.Errorf("body = %q", data)
		}
	})
}

func TestOpenErrorStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(404, `{"error":{"message":"No response found","type":"invalid_request_error","code":null,"param":null}}`, "X-Request-Id", "req_404"))
		resp, body, err := newTestClient(t, f, WithTimeout(time.Second)).Open(t.Context(), &Request{Method: http.MethodGet, Path: "responses/resp_x"})
		if resp != nil || body != nil {
			t.Errorf("Open returned a response or body with an error")
		}
		apiErr, ok := errors.AsType[*APIError](err)
		if !ok || !errors.Is(err, ErrNotFound) || apiErr.RequestID != "req_404" || apiErr.Message != "No response found" {
			t.Errorf("Open = %v, want a 404 *APIError with its fields", err)
		}
	})
}

func TestContextCancelledDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(503, `{"error":{"message":"overloaded"}}`, "Retry-After", "10"))
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := newTestClient(t, f).Send(ctx, post)
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("Send returned after %v, want 3s (the context's deadline)", got)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("errors.Is(%v, context.DeadlineExceeded) = false", err)
		}
		if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.StatusCode != 503 {
			t.Errorf("Send = %v, want the last *APIError kept", err)
		}
		if f.attempts() != 1 {
			t.Errorf("%d attempts, want 1", f.attempts())
		}
		if want := "client: POST responses: context deadline exceeded while waiting to retry (after 1 attempt; last error: client: 503 Service Unavailable: overloaded (retry_after=10s))"; err.Error() != want {
			t.Errorf("Send error =\n%q, want\n%q", err, want)
		}
	})
}

func TestContextCancelledDuringAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, hang)
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			time.Sleep(time.Second)
			cancel()
		}()
		start := time.Now()
		_, err := newTestClient(t, f, WithTimeout(time.Minute)).Send(ctx, post)
		if got := time.Since(start); got != time.Second {
			t.Errorf("Send returned after %v, want 1s", got)
		}
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
			t.Errorf("Send = %v, want context.Canceled and not ErrTimeout", err)
		}
		if f.attempts() != 1 {
			t.Errorf("%d attempts, want 1", f.attempts())
		}
	})
}

func TestContextAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, hang)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := newTestClient(t, f).Send(ctx, post)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Send = %v, want context.Canceled", err)
		}
		if f.attempts() > 1 {
			t.Errorf("%d attempts, want at most 1", f.attempts())
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		ms, s string
		want  time.Duration
		ok    bool
	}{
		{"", "", 0, false},
		{"250", "", ms(250), true},
		{"0.5", "", 500 * time.Microsecond, true},
		{"", "3", 3 * time.Second, true},
		{"", " 1.5 ", ms(1500), true},
		{"", "Fri, 02 Jan 2026 03:04:15 GMT", 10 * time.Second, true},
		{"", "Friday, 02-Jan-26 03:04:15 GMT", 10 * time.Second, true},
		{"", "Fri Jan  2 03:04:15 2026", 10 * time.Second, true},
		{"", "Fri, 02 Jan 2026 03:00:00 GMT", 0, true},
		{"", "NaN", 0, false},
		{"", "Inf", 0, false},
		{"", "+3", 0, false},
		{"-1", "", 0, false},
		{"x", "2", 2 * time.Second, true},
		{"", "1e400", 1<<63 - 1, true},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.ms != "" {
			h.Set("retry-after-ms", tt.ms)
		}
		if tt.s != "" {
			h.Set("retry-after", tt.s)
		}
		got, ok := RetryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(ms=%q, s=%q) = %v, %v, want %v, %v", tt.ms, tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

// Request.Attempts counts against the retries: the call as a whole sends
// at most MaxRetries+1 requests, and at least one.
func TestPriorAttempts(t *testing.T) {
	tests := []struct {
		prior, sent int
		ok          bool
	}{
		{0, 3, true},  // 500, 500, 200
		{1, 2, false}, // 500, 500
		{2, 1, false}, // 500
		{5, 1, false}, // 500: sent once all the same
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			f := newFake(t, reply(500, `{}`), reply(500, `{}`), reply(200, `{}`))
			c := newTestClient(t, f)
			req := *post
			req.Attempts = tt.prior
			resp, err := c.Send(t.Context(), &req)
			if got := f.attempts(); got != tt.sent || (err == nil) != tt.ok {
				t.Errorf("with %d prior attempts: %d sent, error %v; want %d sent, success %v", tt.prior, got, err, tt.sent, tt.ok)
			}
			if err == nil && resp.Attempts != tt.prior+tt.sent {
				t.Errorf("Response.Attempts = %d, want %d", resp.Attempts, tt.prior+tt.sent)
			}
		})
	}
}
