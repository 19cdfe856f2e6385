package client

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"
)

func TestRequestURL(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		req  Request
		want string
	}{
		{"path", nil, Request{Method: "GET", Path: "responses/resp_1"}, testBase + "/responses/resp_1"},
		{"leading slash", nil, Request{Method: "GET", Path: "/responses"}, testBase + "/responses"},
		{"query", nil, Request{Method: "GET", Path: "responses/resp_1", Query: url.Values{"include": {"a", "b"}, "stream": {"true"}}},
			testBase + "/responses/resp_1?include=a&include=b&stream=true"},
		{"base with slash", []Option{WithBaseURL("http://localhost:8080/v1/")}, Request{Method: "GET", Path: "models"}, "http://localhost:8080/v1/models"},
		{"base without path", []Option{WithBaseURL("http://localhost:8080")}, Request{Method: "GET", Path: "models"}, "http://localhost:8080/models"},
		{"api version", []Option{WithAPIVersion("2025-04-01-preview")}, Request{Method: "GET", Path: "responses"}, testBase + "/responses?api-version=2025-04-01-preview"},
		{"api version and query", []Option{WithAPIVersion("v")}, Request{Method: "GET", Path: "responses", Query: url.Values{"after": {"x"}}}, testBase + "/responses?after=x&api-version=v"},
		{"caller's api version wins", []Option{WithAPIVersion("v")}, Request{Method: "GET", Path: "responses", Query: url.Values{"api-version": {"w"}}}, testBase + "/responses?api-version=w"},
		{"escaped segment", nil, Request{Method: "DELETE", Path: "files/" + url.PathEscape("a b/c")}, testBase + "/files/a%20b%2Fc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, reply(200, `{}`))
			c := newTestClient(t, f, tt.opts...)
			if _, err := c.Send(t.Context(), &tt.req); err != nil {
				t.Fatal(err)
			}
			if got := f.calls[0].url; got != tt.want {
				t.Errorf("URL = %q, want %q", got, tt.want)
			}
			if got := f.calls[0].method; got != tt.req.Method {
				t.Errorf("method = %q, want %q", got, tt.req.Method)
			}
		})
	}
}

func TestInvalidRequest(t *testing.T) {
	tests := []struct {
		name string
		req  *Request
	}{
		{"nil", nil},
		{"no method", &Request{Path: "responses"}},
		{"bad method", &Request{Method: "GE T", Path: "responses"}},
		{"absolute URL", &Request{Method: "GET", Path: "https://evil.example/v1/responses"}},
		{"scheme-relative URL", &Request{Method: "GET", Path: "//evil.example/x"}},
		{"query in path", &Request{Method: "GET", Path: "responses?x=1"}},
		{"fragment in path", &Request{Method: "GET", Path: "responses#x"}},
		{"bad header name", &Request{Method: "GET", Path: "x", Header: http.Header{"Bad Name": {"v"}}}},
		{"header injection", &Request{Method: "GET", Path: "x", Header: http.Header{"X-A": {"v\r\nX-B: w"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			_, err := newTestClient(t, f).Send(t.Context(), tt.req)
			if !errors.Is(err, errInvalidRequest) {
				t.Errorf("Send(%+v) = %v, want an invalid request error", tt.req, err)
			}
			if f.attempts() != 0 {
				t.Errorf("Send(%+v) made %d attempts, want 0", tt.req, f.attempts())
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		req  Request
		want map[string]string // "" means absent
	}{
		{
			name: "defaults without body",
			req:  Request{Method: "GET", Path: "responses/resp_1"},
			want: map[string]string{
				"Authorization": "Bearer " + testKey, "Accept": "application/json", "User-Agent": userAgent(),
				"Content-Type": "", "Openai-Organization": "", "Openai-Project": "", "Api-Key": "",
			},
		},
		{
			name: "body sets content type",
			req:  Request{Method: "POST", Path: "responses", Body: []byte(`{}`)},
			want: map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + testKey},
		},
		{
			name: "organization and project",
			opts: []Option{WithOrganization("org_1"), WithProject("proj_1")},
			req:  Request{Method: "GET", Path: "x"},
			want: map[string]string{"Openai-Organization": "org_1", "Openai-Project": "proj_1"},
		},
		{
			name: "WithHeader overrides defaults",
			opts: []Option{WithHeader("User-Agent", "my-app/1.0"), WithHeader("x-custom", "1")},
			req:  Request{Method: "GET", Path: "x"},
			want: map[string]string{"User-Agent": "my-app/1.0", "X-Custom": "1"},
		},
		{
			name: "request header overrides client header",
			opts: []Option{WithHeader("X-Custom", "client")},
			req:  Request{Method: "POST", Path: "x", Body: []byte(`{}`), Header: http.Header{"accept": {"text/event-stream"}, "X-Custom": {"request"}}},
			want: map[string]string{"Accept": "text/event-stream", "X-Custom": "request", "Content-Type": "application/json"},
		},
		{
			name: "without key",
			opts: []Option{WithoutAPIKey()},
			req:  Request{Method: "GET", Path: "x"},
			want: map[string]string{"Authorization": "", "Api-Key": ""},
		},
		{
			name: "azure",
			opts: []Option{WithAzure("https://res.openai.azure.com")},
			req:  Request{Method: "GET", Path: "x"},
			want: map[string]string{"Authorization": "", "Api-Key": testKey},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, reply(200, `{}`))
			opts := tt.opts
			c, err := New(append([]Option{WithAPIKey(testKey), WithHTTPClient(&http.Client{Transport: f}), WithOrganization(""), WithProject("")}, opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Send(t.Context(), &tt.req); err != nil {
				t.Fatal(err)
			}
			h := f.calls[0].header
			for k, want := range tt.want {
				if got := h.Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestRequestDoesNotMutateCallerValues(t *testing.T) {
	f := newFake(t, reply(200, `{}`), reply(200, `{}`))
	c := newTestClient(t, f, WithAPIVersion("v1"))
	q := url.Values{"a": {"1"}}
	h := http.Header{"X-A": {"1"}}
	req := &Request{Method: "POST", Path: "x", Query: q, Header: h, Body: []byte(`{}`)}
	for range 2 {
		if _, err := c.Send(t.Context(), req); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(url.Values{"a": {"1"}}, q); diff != "" {
		t.Errorf("Query changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(http.Header{"X-A": {"1"}}, h); diff != "" {
		t.Errorf("Header changed (-want +got):\n%s", diff)
	}
	// Each attempt has its own header map: changing one does not touch the next.
	f.calls[0].req.Header.Set("Authorization", "changed")
	if got := f.calls[1].req.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("second attempt's Authorization = %q", got)
	}
}

func TestResponseFields(t *testing.T) {
	f := newFake(t, reply(201, `{"id":"resp_1"}`,
		"X-Request-Id", "req_abc",
		"X-Ratelimit-Limit-Requests", "30000",
		"X-Ratelimit-Remaining-Tokens", "149999990",
		"X-Ratelimit-Reset-Requests", "2ms",
	))
	resp, err := newTestClient(t, f).Send(t.Context(), post)
	if err != nil {
		t.Fatal(err)
	}
	want := &Response{
		StatusCode: 201,
		RequestID:  "req_abc",
		RateLimit:  RateLimit{LimitRequests: 30000, RemainingTokens: 149999990, ResetRequests: ms(2)},
		Body:       []byte(`{"id":"resp_1"}`),
		Attempts:   1,
	}
	want.Header = resp.Header // compared below
	if diff := cmp.Diff(want, resp); diff != "" {
		t.Errorf("Send (-want +got):\n%s", diff)
	}
	if resp.Header.Get("X-Request-Id") != "req_abc" {
		t.Errorf("Header lacks the response headers")
	}
}

func TestBodyReading(t *testing.T) {
	big := strings.Repeat("x", 1000)
	withLength := func(body string, n int64) step {
		return func(req *http.Request) (*http.Response, error) {
			r := response(req, 200, body)
			r.ContentLength = n
			return r, nil
		}
	}
	tests := []struct {
		name     string
		step     step
		limit    int64
		want     string
		wantErr  error // nil, ErrBodyTooLarge or errLengthMismatch
		attempts int
	}{
		{"known length", withLength(big, 1000), 0, big, nil, 1},
		{"unknown length", withLength(big, -1), 0, big, nil, 1},
		{"empty", withLength("", 0), 0, "", nil, 1},
		{"empty unknown", withLength("", -1), 0, "", nil, 1},
		{"at the limit", withLength(big, 1000), 1000, big, nil, 1},
		{"unknown at the limit", withLength(big, -1), 1000, big, nil, 1},
		{"over the limit", withLength(big, 1000), 999, "", ErrBodyTooLarge, 1},
		{"unknown over the limit", withLength(big, -1), 999, "", ErrBodyTooLarge, 1},
		{"longer than announced", withLength(big, 10), 0, "", errLengthMismatch, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.step, tt.step, tt.step)
			var opts []Option
			if tt.limit > 0 {
				opts = append(opts, WithMaxBodySize(tt.limit))
			}
			resp, err := newTestClient(t, f, opts...).Send(t.Context(), post)
			if f.attempts() != tt.attempts {
				t.Errorf("%d attempts, want %d", f.attempts(), tt.attempts)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Send = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != tt.want || resp.Body == nil {
				t.Errorf("Send body = %.20q (%d bytes, nil %v), want %d bytes", resp.Body, len(resp.Body), resp.Body == nil, len(tt.want))
			}
		})
	}
}

func TestShortBodyIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		short := func(req *http.Request) (*http.Response, error) {
			r := response(req, 200, `{"a":`)
			r.ContentLength = 100
			return r, nil
		}
		f := newFake(t, short, short, short)
		_, err := newTestClient(t, f).Send(t.Context(), post)
		if !errors.Is(err, io.ErrUnexpectedEOF) || f.attempts() != 3 {
			t.Errorf("Send = %v after %d attempts, want io.ErrUnexpectedEOF after 3", err, f.attempts())
		}
	})
}

func TestMiddlewareOrder(t *testing.T) {
	var trace []string
	mw := func(name string) Middleware {
		return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			trace = append(trace, name+" in "+req.Header.Get("X-Trace"))
			req.Header.Set("X-Trace", req.Header.Get("X-Trace")+name)
			resp, err := next(req)
			trace = append(trace, name+" out")
			return resp, err
		}
	}
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, reply(500, `{}`), reply(200, `{}`))
		if _, err := newTestClient(t, f, WithMiddleware(mw("a"), mw("b")), WithMiddleware(mw("c"))).Send(t.Context(), post); err != nil {
			t.Fatal(err)
		}
		want := []string{"a in ", "b in a", "c in ab", "c out", "b out", "a out", "a in ", "b in a", "c in ab", "c out", "b out", "a out"}
		if diff := cmp.Diff(want, trace); diff != "" {
			t.Errorf("middleware trace (-want +got):\n%s", diff)
		}
		if got := f.calls[1].header.Get("X-Trace"); got != "abc" {
			t.Errorf("X-Trace on the second attempt = %q, want abc (a fresh request per attempt)", got)
		}
	})
}

func TestMiddlewareNoResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		mw := func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			calls++
			return nil, nil
		}
		_, err := newTestClient(t, newFake(t), WithMiddleware(mw)).Send(t.Context(), post)
		if !errors.Is(err, errNoResponse) || calls != 1 {
			t.Errorf("Send = %v after %d calls, want errNoResponse after 1", err, calls)
		}
	})
}
