package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// opener counts the bodies a GetBody opened and closed; after max opens it
// fails with errGone, as a body read from a pipe would.
type opener struct {
	mu             sync.Mutex
	data           string
	max            int
	opened, closed int
}

var errGone = errors.New("body gone")

func (o *opener) open() (io.ReadCloser, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.max > 0 && o.opened == o.max {
		return nil, errGone
	}
	o.opened++
	return &countedBody{Reader: strings.NewReader(o.data), o: o}, nil
}

type countedBody struct {
	io.Reader
	o *opener
}

func (b *countedBody) Close() error {
	b.o.mu.Lock()
	defer b.o.mu.Unlock()
	b.o.closed++
	return nil
}

func TestGetBody(t *testing.T) {
	tests := []struct {
		name       string
		length     int64
		max        int // bodies GetBody can open; 0 for any number
		steps      []step
		wantErr    bool
		wantStatus int // of the *APIError, when wantErr
		wantOpens  int
		wantCalls  int
	}{
		{name: "known length", length: 5, steps: []step{reply(200, `{}`)}, wantOpens: 1, wantCalls: 1},
		{name: "unknown length", steps: []step{reply(200, `{}`)}, wantOpens: 1, wantCalls: 1},
		{name: "replayed on retry", length: 5, steps: []step{reply(500, `{}`), reply(200, `{}`)}, wantOpens: 2, wantCalls: 2},
		{name: "once only", max: 1, steps: []step{reply(500, `{}`)}, wantErr: true, wantStatus: 500, wantOpens: 1, wantCalls: 1},
		{name: "connection error once only", max: 1, steps: []step{fail(errors.New("reset"))}, wantErr: true, wantOpens: 1, wantCalls: 1},
		{name: "not retried error", length: 5, steps: []step{reply(400, `{}`)}, wantErr: true, wantStatus: 400, wantOpens: 1, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				o := &opener{data: "hello", max: tt.max}
				f := newFake(t, tt.steps...)
				req := &Request{
					Method:        http.MethodPost,
					Path:          "files",
					Header:        http.Header{"Content-Type": {"text/plain"}},
					GetBody:       o.open,
					ContentLength: tt.length,
				}
				_, err := newTestClient(t, f).Send(t.Context(), req)
				if (err != nil) != tt.wantErr {
					t.Fatalf("Send = %v, want error %v", err, tt.wantErr)
				}
				if tt.wantStatus != 0 {
					if e, ok := errors.AsType[*APIError](err); !ok || e.StatusCode != tt.wantStatus {
						t.Errorf("Send = %v, want an *APIError with status %d", err, tt.wantStatus)
					}
				}
				if errors.Is(err, errGone) {
					t.Errorf("Send = %v; the error of GetBody on a retry must not replace the attempt's", err)
				}
				if o.opened != tt.wantOpens || o.closed != o.opened {
					t.Errorf("GetBody opened %d bodies and %d were closed, want %d, all closed", o.opened, o.closed, tt.wantOpens)
				}
				if f.attempts() != tt.wantCalls {
					t.Fatalf("attempts = %d, want %d", f.attempts(), tt.wantCalls)
				}
				for _, c := range f.calls {
					if string(c.body) != "hello" {
						t.Errorf("body = %q, want %q", c.body, "hello")
					}
					if got := c.header.Get("Content-Type"); got != "text/plain" {
						t.Errorf("Content-Type = %q, want text/plain", got)
					}
					if got := c.req.ContentLength; got != tt.length {
						t.Errorf("ContentLength = %d, want %d", got, tt.length)
					}
				}
			})
		})
	}
}

func TestGetBodyError(t *testing.T) {
	f := newFake(t)
	req := &Request{Method: http.MethodPost, Path: "files", GetBody: func() (io.ReadCloser, error) { return nil, errGone }}
	_, err := newTestClient(t, f).Send(t.Context(), req)
	if !errors.Is(err, errGone) || f.attempts() != 0 {
		t.Errorf("Send = %v after %d attempts, want errGone after none", err, f.attempts())
	}
}

// A middleware that answers by itself does not close the body; the client
// does.
func TestGetBodyClosedWithoutTransport(t *testing.T) {
	o := &opener{data: "hello"}
	mw := func(req *http.Request, _ func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		return response(req, 200, `{}`), nil
	}
	req := &Request{Method: http.MethodPost, Path: "files", GetBody: o.open}
	if _, err := newTestClient(t, newFake(t), WithMiddleware(mw)).Send(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	if o.opened != 1 || o.closed != 1 {
		t.Errorf("opened %d, closed %d; want 1, 1", o.opened, o.closed)
	}
}

// TestGetBodyOpen checks that a streamed body works with Open, and that the
// body of a failed attempt is closed.
func TestGetBodyOpen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := &opener{data: "hello"}
		f := newFake(t, reply(503, `{}`), reply(200, "stream"))
		req := &Request{Method: http.MethodPost, Path: "files", GetBody: o.open}
		_, body, err := newTestClient(t, f).Open(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(body)
		body.Close()
		if string(b) != "stream" || f.attempts() != 2 {
			t.Errorf("Open read %q after %d attempts", b, f.attempts())
		}
		if o.opened != 2 || o.closed != 2 {
			t.Errorf("opened %d, closed %d; want 2, 2", o.opened, o.closed)
		}
	})
}
