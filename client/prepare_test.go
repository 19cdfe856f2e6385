package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestPrepare(t *testing.T) {
	c := newTestClient(t, newFake(t), WithHeader("X-Team", "team-0123456"), WithOrganization("org-1"))
	req, hc, err := c.Prepare(t.Context(), &Request{Method: http.MethodGet, Path: "responses", Header: http.Header{"X-Call": {"c"}}},
		WithHeader("Idempotency-Key", "k-1"), WithQuery("beta", "1"))
	if err != nil {
		t.Fatal(err)
	}
	if hc == nil || hc.CheckRedirect == nil {
		t.Fatal("Prepare's http.Client does not guard redirects")
	}
	if got := req.URL.String(); got != testBase+"/responses?beta=1" {
		t.Errorf("URL %s", got)
	}
	for k, want := range map[string]string{
		"Authorization":       "Bearer " + testKey,
		"X-Team":              "team-0123456",
		"OpenAI-Organization": "org-1",
		"Idempotency-Key":     "k-1",
		"X-Call":              "c",
		"Content-Type":        "",
	} {
		if got := req.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, _, err := c.Prepare(t.Context(), &Request{Method: http.MethodPost, Path: "x", Body: []byte("{}")}); err == nil {
		t.Error("Prepare took a request with a body")
	}
	if _, _, err := c.Prepare(t.Context(), &Request{Method: http.MethodGet, Path: "https://evil.example/x"}); err == nil {
		t.Error("Prepare took an absolute URL")
	}
}

func TestResponseError(t *testing.T) {
	c := newTestClient(t, newFake(t))
	resp := response(nil, 401, `{"error":{"message":"Incorrect API key provided: `+testKey+`","type":"invalid_request_error","code":"invalid_api_key"}}`, "X-Request-Id", "req_9")
	err := c.ResponseError(resp)
	if !errors.Is(err, ErrUnauthorized) || err.Code != "invalid_api_key" || err.RequestID != "req_9" {
		t.Errorf("err = %#v", err)
	}
	if strings.Contains(err.Error(), testKey) || strings.Contains(string(err.Body), testKey) {
		t.Errorf("the key shows in %v", err)
	}
	if _, rerr := resp.Body.Read(make([]byte, 1)); rerr != io.EOF {
		t.Errorf("body not consumed: %v", rerr)
	}
}
