package sdkcheck

import (
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestRateLimitRetried(t *testing.T) {
	srv, c := newServer(t)
	srv.Enqueue(
		responsestest.Error(http.StatusTooManyRequests, responsestest.ErrorBody{
			Type:    "requests",
			Code:    "rate_limit_exceeded",
			Message: "Rate limit reached for gpt-5-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
		}).
			WithHeader("retry-after-ms", "10"),
		responsestest.Text("After the wait."),
	)
	resp, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
		Model: model,
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Hello")},
	})
	if err != nil {
		t.Fatalf("the 429 was not retried: %v", err)
	}
	if resp.OutputText() != "After the wait." {
		t.Errorf("OutputText() = %q", resp.OutputText())
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("the server got %d requests, want 2", n)
	}
}

// TestUnservedRoutes checks that a route the fake does not serve answers as
// the API does, with a JSON error that the SDK decodes.
func TestUnservedRoutes(t *testing.T) {
	_, c := newServer(t)
	routes := []struct{ method, path string }{
		{http.MethodGet, "models"},
		{http.MethodPost, "chat/completions"},
		{http.MethodGet, "responses/resp_1/unknown"},
		{http.MethodPost, "unknown"},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			var out map[string]any
			err := c.Execute(t.Context(), r.method, r.path, map[string]any{}, &out)
			e := apiError(t, err, http.StatusNotFound)
			if e.Type == "" {
				t.Errorf("the 404 has no error type: %s", e.RawJSON())
			}
		})
	}
}
