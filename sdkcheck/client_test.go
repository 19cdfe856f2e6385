package sdkcheck

import (
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/respkit/respkit/responses/responsestest"
)

// model is the model every request names; the fake accepts any.
const model = "gpt-5-mini"

// newServer starts a fake server and returns it with an openai-go client of
// it. The server is closed when the test ends.
func newServer(t *testing.T, opts ...option.RequestOption) (*responsestest.Server, openai.Client) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	c := openai.NewClient(append([]option.RequestOption{
		option.WithBaseURL(srv.URL + "/"),
		option.WithAPIKey("sk-sdkcheck"),
	}, opts...)...)
	return srv, c
}

// apiError returns err as an *openai.Error with the given HTTP status, or
// fails the test.
func apiError(t *testing.T, err error, status int) *openai.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want an *openai.Error with status %d", status)
	}
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want an *openai.Error", err, err)
	}
	if apiErr.StatusCode != status {
		t.Fatalf("StatusCode = %d, want %d; body %s", apiErr.StatusCode, status, apiErr.RawJSON())
	}
	if !strings.HasPrefix(strings.TrimSpace(apiErr.RawJSON()), "{") || apiErr.Message == "" {
		t.Errorf("error body is not the API's JSON error: %q", apiErr.RawJSON())
	}
	if apiErr.Response == nil || apiErr.Response.Header.Get("x-request-id") == "" {
		t.Errorf("the error has no x-request-id header")
	}
	return apiErr
}
