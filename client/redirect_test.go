package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestRedirectDropsConfiguredHeaders checks that no header the client was
// configured with (key, Azure api-key, WithHeader values, organization and
// project) follows a redirect to another origin, while a redirect within
// the origin keeps them.
func TestRedirectDropsConfiguredHeaders(t *testing.T) {
	modes := []struct {
		name   string
		opts   []Option
		header string // the header that carries the secret
		value  string
	}{
		{"bearer", []Option{WithBaseURL(testBase)}, "Authorization", "Bearer " + testKey},
		{"azure", []Option{WithAzure("https://api.test")}, "Api-Key", testKey},
		{"with header", []Option{WithBaseURL(testBase), WithoutAPIKey(), WithHeader("X-Custom-Auth", "hdr-Secret-42")}, "X-Custom-Auth", "hdr-Secret-42"},
		{"organization", []Option{WithBaseURL(testBase), WithOrganization("org_secret")}, "OpenAI-Organization", "org_secret"},
		{"project", []Option{WithBaseURL(testBase), WithProject("proj_secret")}, "OpenAI-Project", "proj_secret"},
	}
	targets := []struct {
		name     string
		location string
		keep     bool
	}{
		{"same origin", "https://api.test/v1/elsewhere", true},
		{"same origin, explicit port", "https://api.test:443/v1/elsewhere", true},
		{"other host", "https://evil.test/v1/responses", false},
		{"subdomain", "https://x.api.test/v1/responses", false},
		{"other port", "https://api.test:8443/v1/responses", false},
		{"other scheme", "http://api.test/v1/responses", false},
	}
	for _, m := range modes {
		for _, tg := range targets {
			t.Run(m.name+"/"+tg.name, func(t *testing.T) {
				for _, status := range []int{http.StatusTemporaryRedirect, http.StatusFound} {
					f := newFake(t, reply(status, "", "Location", tg.location), reply(200, `{}`))
					c := newRedirectClient(t, f, m.opts...)
					if _, err := c.Send(t.Context(), post); err != nil {
						t.Fatalf("Send: %v", err)
					}
					if f.attempts() != 2 {
						t.Fatalf("%d requests, want 2", f.attempts())
					}
					if got := f.calls[0].header.Get(m.header); got != m.value {
						t.Fatalf("first request: %s = %q, want %q", m.header, got, m.value)
					}
					got := f.calls[1].header.Get(m.header)
					if tg.keep && got != m.value {
						t.Errorf("%d to %s: %s = %q, want %q kept", status, tg.location, m.header, got, m.value)
					}
					if !tg.keep && got != "" {
						t.Errorf("%d to %s: %s = %q sent to another origin", status, tg.location, m.header, got)
					}
				}
			})
		}
	}
}

// newRedirectClient is a client on f with the test key, its base URL given
// by opts (WithBaseURL or WithAzure).
func newRedirectClient(t *testing.T, f *fakeTransport, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithAPIKey(testKey), WithHTTPClient(&http.Client{Transport: f}), WithOrganization(""), WithProject("")}
	c, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// TestRedirectBackDropsHeaders checks that a redirect chain that leaves the
// origin does not get the headers back when it returns to it.
func TestRedirectBackDropsHeaders(t *testing.T) {
	f := newFake(t,
		reply(307, "", "Location", "https://evil.test/x"),
		reply(307, "", "Location", "https://api.test/v1/responses"),
		reply(200, `{}`))
	c := newTestClient(t, f, WithHeader("X-Custom-Auth", "hdr-Secret-42"))
	if _, err := c.Send(t.Context(), post); err != nil {
		t.Fatal(err)
	}
	for i, call := range f.calls[1:] {
		if h := call.header; h.Get("Authorization") != "" || h.Get("X-Custom-Auth") != "" {
			t.Errorf("request %d after leaving the origin got the credentials: %v", i+2, h)
		}
	}
}

// TestRedirectUserHTTPClient checks that a user's http.Client is not
// modified, that its CheckRedirect still decides, and that the headers are
// still dropped.
func TestRedirectUserHTTPClient(t *testing.T) {
	f := newFake(t, reply(307, "", "Location", "https://evil.test/x"), reply(200, `{}`))
	var seen []string
	check := func(req *http.Request, via []*http.Request) error {
		seen = append(seen, req.URL.String())
		return nil
	}
	hc := &http.Client{Transport: f, CheckRedirect: check}
	c, err := New(WithAPIKey(testKey), WithBaseURL(testBase), WithHTTPClient(hc), WithHeader("X-Custom-Auth", "hdr-Secret-42"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(t.Context(), post); err != nil {
		t.Fatal(err)
	}
	if hc.Transport != f || hc.CheckRedirect == nil || hc.Jar != nil || hc.Timeout != 0 {
		t.Errorf("the user's http.Client was modified: %+v", hc)
	}
	if len(seen) != 1 || seen[0] != "https://evil.test/x" {
		t.Errorf("the user's CheckRedirect saw %v", seen)
	}
	if h := f.calls[1].header; h.Get("Authorization") != "" || h.Get("X-Custom-Auth") != "" {
		t.Errorf("credentials followed the redirect: %v", h)
	}

	// A CheckRedirect that refuses keeps refusing.
	refuse := errors.New("no redirects")
	f = newFake(t, reply(307, "", "Location", "https://api.test/v1/y"))
	hc = &http.Client{Transport: f, CheckRedirect: func(*http.Request, []*http.Request) error { return refuse }}
	c, err = New(WithAPIKey(testKey), WithBaseURL(testBase), WithHTTPClient(hc), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(t.Context(), post); !errors.Is(err, refuse) || strings.Contains(err.Error(), testKey) {
		t.Errorf("Send = %v, want the CheckRedirect error", err)
	}
}

// TestRedirectDropsRequestHeaders checks that the headers a call adds
// itself, in Request.Header or through middleware (an Entra ID token, a
// gateway key), do not follow a redirect to another origin either, while
// a redirect within the origin keeps them.
func TestRedirectDropsRequestHeaders(t *testing.T) {
	setToken := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		req.Header.Set("X-Gateway-Token", "mw-Secret-77")
		return next(req)
	}
	modes := []struct {
		name   string
		header http.Header // of the Request
		opts   []Option
		key    string // the header that carries the secret
		value  string
	}{
		{"request api key", http.Header{"X-Api-Key": {"req-Secret-42"}}, nil, "X-Api-Key", "req-Secret-42"},
		{"request azure key", http.Header{"api-key": {"req-Secret-42"}}, []Option{WithoutAPIKey()}, "Api-Key", "req-Secret-42"},
		{"request tenant", http.Header{"X-Tenant": {"tenant-7"}}, nil, "X-Tenant", "tenant-7"},
		{"middleware token", nil, []Option{WithMiddleware(setToken)}, "X-Gateway-Token", "mw-Secret-77"},
	}
	for _, m := range modes {
		for _, tg := range []struct {
			location string
			keep     bool
		}{
			{"https://api.test/v1/elsewhere", true},
			{"https://evil.test/v1/responses", false},
			{"https://api.test:8443/v1/responses", false},
		} {
			t.Run(m.name+"/"+tg.location, func(t *testing.T) {
				f := newFake(t, reply(307, "", "Location", tg.location), reply(200, `{}`))
				c := newTestClient(t, f, m.opts...)
				req := &Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{}`), Header: m.header}
				if _, err := c.Send(t.Context(), req); err != nil {
					t.Fatalf("Send: %v", err)
				}
				if got := f.calls[0].header.Get(m.key); got != m.value {
					t.Fatalf("first request: %s = %q, want %q", m.key, got, m.value)
				}
				got := f.calls[1].header.Get(m.key)
				if tg.keep && got != m.value {
					t.Errorf("to %s: %s = %q, want %q kept", tg.location, m.key, got, m.value)
				}
				if !tg.keep && got != "" {
					t.Errorf("to %s: %s = %q sent to another origin", tg.location, m.key, got)
				}
				if h := f.calls[1].header; h.Get("Content-Type") != "application/json" || h.Get("User-Agent") == "" {
					t.Errorf("to %s: the plain headers were dropped: %v", tg.location, h)
				}
			})
		}
	}
}
