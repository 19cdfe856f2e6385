package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testKey  = "sk-test-0123456789abcdef"
	testBase = "https://api.test/v1"
)

// step answers one attempt.
type step func(req *http.Request) (*http.Response, error)

// call is what the fake transport saw of one attempt.
type call struct {
	at     time.Time
	method string
	url    string
	header http.Header
	body   []byte
	ctx    context.Context
	req    *http.Request
}

// fakeTransport is an in-memory http.RoundTripper that answers each attempt
// with the next step of its script and records the attempts.
type fakeTransport struct {
	t     testing.TB
	mu    sync.Mutex
	steps []step
	calls []call
}

func newFake(t testing.TB, steps ...step) *fakeTransport {
	return &fakeTransport{t: t, steps: steps}
}

func (f *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, call{
		at:     time.Now(),
		method: req.Method,
		url:    req.URL.String(),
		header: req.Header.Clone(),
		body:   body,
		ctx:    req.Context(),
		req:    req,
	})
	f.mu.Unlock()
	if n >= len(f.steps) {
		f.t.Errorf("unexpected attempt %d to %s", n+1, req.URL)
		return nil, errors.New("fake: no more steps")
	}
	return f.steps[n](req)
}

// attempts returns the number of attempts seen so far.
func (f *fakeTransport) attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// waits returns the time between consecutive attempts.
func (f *fakeTransport) waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var w []time.Duration
	for i := 1; i < len(f.calls); i++ {
		w = append(w, f.calls[i].at.Sub(f.calls[i-1].at))
	}
	return w
}

// reply answers with status, body and headers given as key, value pairs.
func reply(status int, body string, kv ...string) step {
	return func(req *http.Request) (*http.Response, error) {
		return response(req, status, body, kv...), nil
	}
}

func response(req *http.Request, status int, body string, kv ...string) *http.Response {
	h := make(http.Header)
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// fail answers with a transport error.
func fail(err error) step {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// hang blocks until the attempt's context ends.
func hang(req *http.Request) (*http.Response, error) {
	<-req.Context().Done()
	return nil, req.Context().Err()
}

// ctxReader reads data, then blocks until ctx ends.
type ctxReader struct {
	ctx  context.Context
	data *bytes.Reader
}

func (r *ctxReader) Read(p []byte) (int, error) {
	if r.data.Len() > 0 {
		return r.data.Read(p)
	}
	<-r.ctx.Done()
	return 0, r.ctx.Err()
}

// newTestClient returns a client on transport rt with a test key and base URL,
// no jitter (so that backoff waits are exact) and the given options.
func newTestClient(t testing.TB, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	base := []Option{
		WithAPIKey(testKey),
		WithBaseURL(testBase),
		WithHTTPClient(&http.Client{Transport: rt}),
		WithOrganization(""),
		WithProject(""),
	}
	c, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.c.jitter = 0
	return c
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }
