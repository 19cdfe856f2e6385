package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestCallOptionsHeaders(t *testing.T) {
	ft := newFake(t, reply(200, "{}"), reply(200, "{}"))
	c := newTestClient(t, ft, WithHeader("X-Tenant", "client-wide"))
	req := &Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{}`)}
	if _, err := c.Send(t.Context(), req,
		WithHeader("Idempotency-Key", "idem-0123456789"),
		WithHeader("X-Tenant", "tenant-42"),
		WithAPIKey("sk-other-key-987654")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	first, second := ft.calls[0].header, ft.calls[1].header
	for _, tc := range []struct {
		h          http.Header
		key, value string
	}{
		{first, "Idempotency-Key", "idem-0123456789"},
		{first, "X-Tenant", "tenant-42"},
		{first, "Authorization", "Bearer sk-other-key-987654"},
		{first, "Content-Type", "application/json"},
		{second, "Idempotency-Key", ""},
		{second, "X-Tenant", "client-wide"},
		{second, "Authorization", "Bearer " + testKey},
	} {
		if got := tc.h.Get(tc.key); got != tc.value {
			t.Errorf("%s = %q, want %q", tc.key, got, tc.value)
		}
	}
}

// A header given to one call is a secret like the client's own: a server
// that echoes it does not get it into the error.
func TestCallOptionsHeaderScrubbed(t *testing.T) {
	ft := newFake(t, reply(400, `{"error":{"message":"bad key tenant-secret-77"}}`))
	c := newTestClient(t, ft, WithMaxRetries(0))
	_, err := c.Send(t.Context(), &Request{Method: http.MethodGet, Path: "models"}, WithHeader("X-Tenant-Key", "tenant-secret-77"))
	if err == nil || strings.Contains(err.Error(), "tenant-secret-77") {
		t.Fatalf("err = %v, want an error without the header's value", err)
	}
}

func TestCallOptionsRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := newFake(t, reply(500, "{}"), reply(500, "{}"), reply(500, "{}"), reply(500, "{}"))
		c := newTestClient(t, ft) // 2 retries by default
		_, err := c.Send(t.Context(), &Request{Method: http.MethodGet, Path: "models"}, WithMaxRetries(0))
		if !errors.Is(err, ErrServer) || ft.attempts() != 1 {
			t.Fatalf("err = %v after %d attempts, want ErrServer after 1", err, ft.attempts())
		}
		if _, err := c.Send(t.Context(), &Request{Method: http.MethodGet, Path: "models"}); !errors.Is(err, ErrServer) || ft.attempts() != 4 {
			t.Fatalf("client-wide: err = %v after %d attempts in all, want 1+3", err, ft.attempts())
		}
	})
}

func TestCallOptionsQuery(t *testing.T) {
	tests := []struct {
		name  string
		query url.Values
		opts  []Option
		want  string
	}{
		{"added", nil, []Option{WithQuery("beta", "1")}, "beta=1"},
		{"replaces", url.Values{"limit": {"20"}, "order": {"asc"}}, []Option{WithQuery("limit", "5")}, "limit=5&order=asc"},
		{"several values", nil, []Option{WithQuery("include[]", "a", "b")}, "include%5B%5D=a&include%5B%5D=b"},
		{"removes", url.Values{"limit": {"20"}, "order": {"asc"}}, []Option{WithQuery("limit")}, "order=asc"},
		{"later wins", nil, []Option{WithQuery("x", "1"), WithQuery("x", "2")}, "x=2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ft := newFake(t, reply(200, "{}"))
			c := newTestClient(t, ft)
			if _, err := c.Send(t.Context(), &Request{Method: http.MethodGet, Path: "things", Query: tc.query}, tc.opts...); err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(ft.calls[0].url)
			if u.RawQuery != tc.want {
				t.Errorf("query %q, want %q", u.RawQuery, tc.want)
			}
			if tc.query != nil && tc.query.Get("limit") != "20" {
				t.Errorf("the request's own Query was modified: %v", tc.query)
			}
		})
	}
}

func TestCallOptionsBody(t *testing.T) {
	tests := []struct {
		name string
		body string
		opts []Option
		want string
	}{
		{"added", `{"model":"m"}`, []Option{WithBodyField("store", false)}, `{"model":"m","store":false}`},
		{"raw", `{"model":"m"}`, []Option{WithBodyField("x", json.RawMessage(`{"a":[1,"é"]}`))}, `{"model":"m","x":{"a":[1,"é"]}}`},
		{"replaces", `{"model":"m","store":true,"n":1}`, []Option{WithBodyField("store", false)}, `{"model":"m","n":1,"store":false}`},
		{"empty object", `{}`, []Option{WithBodyField("a", "😀\n\"q\"")}, `{"a":"😀\n\"q\""}`},
		{"later wins", ` { "a" : 1 } `, []Option{WithBodyField("b", 1), WithBodyField("b", 2)}, `{"a":1,"b":2}`},
		{"odd name", `{"a":1}`, []Option{WithBodyField(`we"ird`, nil)}, `{"a":1,"we\"ird":null}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ft := newFake(t, reply(200, "{}"))
			c := newTestClient(t, ft)
			body := []byte(tc.body)
			if _, err := c.Send(t.Context(), &Request{Method: http.MethodPost, Path: "responses", Body: body}, tc.opts...); err != nil {
				t.Fatal(err)
			}
			if got := string(ft.calls[0].body); got != tc.want {
				t.Errorf("body %s, want %s", got, tc.want)
			}
			if string(body) != tc.body {
				t.Errorf("the request's own body was modified: %s", body)
			}
		})
	}
}

// A body member applies to the calls with a JSON object body and leaves the
// others alone.
func TestBodyFieldWithoutBody(t *testing.T) {
	reqs := []*Request{
		{Method: http.MethodGet, Path: "models"},
		{Method: http.MethodPost, Path: "x", Body: []byte(`[1,2]`)},
		{Method: http.MethodPost, Path: "x", Body: []byte(`{"a":`)},
		{Method: http.MethodPost, Path: "files", GetBody: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("x")), nil }},
	}
	steps := make([]step, len(reqs))
	for i := range steps {
		steps[i] = reply(200, "{}")
	}
	ft := newFake(t, steps...)
	c := newTestClient(t, ft, WithBodyField("service_tier", "flex"))
	for i, r := range reqs {
		if _, err := c.Send(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		want := string(r.Body)
		if r.GetBody != nil {
			want = "x"
		}
		if got := string(ft.calls[i].body); got != want {
			t.Errorf("%s %s: sent %q, want %q", r.Method, r.Path, got, want)
		}
	}
}

func TestCallOptionsInvalid(t *testing.T) {
	c := newTestClient(t, newFake(t))
	req := &Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{}`)}
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{nil, "nil Option"},
		{WithHeader("Bad Header", "x"), "invalid header name"},
		{WithMaxRetries(-1), "negative count"},
		{WithCallTimeout(-time.Second), "negative duration"},
		{WithQuery(""), "empty parameter name"},
		{WithBodyField("", 1), "empty member name"},
		{WithBodyField("f", func() {}), "WithBodyField f"},
		{WithAzure("https://x.openai.azure.com"), "cannot be applied to an existing one"},
	} {
		_, err := c.Send(t.Context(), req, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
}

func TestCallTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Every attempt fails at once with a retryable error; the backoff
		// waits (0.5 s, 1 s, …) outlast the call's 1.2 s.
		ft := newFake(t, reply(503, "{}"), reply(503, "{}"), reply(503, "{}"))
		c := newTestClient(t, ft)
		start := time.Now()
		_, err := c.Send(t.Context(), &Request{Method: http.MethodGet, Path: "models"}, WithCallTimeout(1200*time.Millisecond))
		if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrServer) {
			t.Fatalf("err = %v, want ErrTimeout, DeadlineExceeded and the last attempt's ErrServer", err)
		}
		if !strings.Contains(err.Error(), "call timed out after 1.2s") {
			t.Errorf("err = %v, want the call's timeout named", err)
		}
		if d := time.Since(start); d != 1200*time.Millisecond {
			t.Errorf("returned after %v", d)
		}
		if n := ft.attempts(); n != 2 {
			t.Errorf("%d attempts, want 2 (at 0 and 0.5 s)", n)
		}
	})
}

// The call timeout of Open lasts until the body is closed: it bounds the
// reading of a stream, and closing the body releases it.
func TestCallTimeoutOpen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := newFake(t, func(req *http.Request) (*http.Response, error) {
			resp := response(req, 200, "")
			resp.Body = io.NopCloser(&ctxReader{ctx: req.Context(), data: bytes.NewReader([]byte("data: 1\n\n"))})
			return resp, nil
		}, reply(200, "data: 2\n\n"))
		c := newTestClient(t, ft)
		_, body, err := c.Open(t.Context(), &Request{Method: http.MethodGet, Path: "stream"}, WithCallTimeout(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		data, err := io.ReadAll(body)
		body.Close()
		if string(data) != "data: 1\n\n" || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("read %q, %v; want the first event, then the deadline", data, err)
		}
		if d := time.Since(start); d != time.Minute {
			t.Errorf("stream cut after %v", d)
		}

		_, body, err = c.Open(t.Context(), &Request{Method: http.MethodGet, Path: "stream"}, WithCallTimeout(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ctx := ft.calls[1].ctx
		body.Close()
		synctest.Wait()
		if ctx.Err() == nil {
			t.Error("closing the body did not release the call's context")
		}
	})
}

// Options given to one call leave the client's configuration alone, even
// when calls with options run at the same time as calls without.
func TestCallOptionsIsolated(t *testing.T) {
	const n = 20
	steps := make([]step, 2*n)
	for i := range steps {
		steps[i] = reply(200, "{}")
	}
	ft := newFake(t, steps...)
	c := newTestClient(t, ft, WithQuery("a", "1"), WithBodyField("b", 1), WithMiddleware(pass))
	done := make(chan error, 2*n)
	for i := range n {
		go func() {
			_, err := c.Send(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)},
				WithHeader("X-I", "value-"+string(rune('a'+i))), WithQuery("q", "v"), WithBodyField("c", i),
				WithMiddleware(pass))
			done <- err
		}()
		go func() {
			_, err := c.Send(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)})
			done <- err
		}()
	}
	for range 2 * n {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if len(c.c.middleware) != 1 || len(c.c.extraQuery) != 1 || len(c.c.bodyFields) != 1 || c.c.cred.header.Get("X-I") != "" {
		t.Errorf("client configuration changed: %d middleware, query %v, %d body fields", len(c.c.middleware), c.c.extraQuery, len(c.c.bodyFields))
	}
	plain := 0
	for _, call := range ft.calls {
		if call.header.Get("X-I") == "" {
			plain++
			if string(call.body) != `{"b":1}` || !strings.HasSuffix(call.url, "?a=1") {
				t.Errorf("plain call: body %s, url %s", call.body, call.url)
			}
		}
	}
	if plain != n {
		t.Errorf("%d calls without the header, want %d", plain, n)
	}
}

func pass(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return next(req)
}

func TestClientWith(t *testing.T) {
	ft := newFake(t, reply(200, "{}"), reply(200, "{}"), reply(200, "{}"))
	c := newTestClient(t, ft)
	tenant, err := c.With(WithHeader("X-Tenant", "t-1"), WithMaxRetries(5), WithMaxEventSize(1<<10))
	if err != nil {
		t.Fatal(err)
	}
	if tenant.MaxRetries() != 5 || tenant.MaxEventSize() != 1<<10 || c.MaxRetries() != DefaultMaxRetries {
		t.Errorf("MaxRetries %d/%d, MaxEventSize %d", tenant.MaxRetries(), c.MaxRetries(), tenant.MaxEventSize())
	}
	req := &Request{Method: http.MethodGet, Path: "models"}
	for _, cl := range []*Client{tenant, c} {
		if _, err := cl.Send(t.Context(), req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tenant.Send(t.Context(), req, WithHeader("X-Tenant", "t-2")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"t-1", "", "t-2"} {
		if got := ft.calls[i].header.Get("X-Tenant"); got != want {
			t.Errorf("call %d: X-Tenant %q, want %q", i, got, want)
		}
	}
	if _, err := c.With(WithTimeout(-1), WithQuery("")); err == nil || !strings.Contains(err.Error(), "WithTimeout") || !strings.Contains(err.Error(), "WithQuery") {
		t.Errorf("err = %v, want both invalid options named", err)
	}
}
