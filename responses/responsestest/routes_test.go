package responsestest_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses/responsestest"
)

// TestInvalidURL checks that a path the server does not serve, or a served
// path with another method, gets the API's 404 JSON error, not the plain
// text of Go's mux.
func TestInvalidURL(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	host := strings.TrimSuffix(srv.URL, "/v1")
	for _, c := range []struct{ method, path string }{
		{"POST", "/v1/foo"},
		{"GET", "/v1/models"},
		{"GET", "/"},
		{"GET", "/v1/responses"},
		{"PUT", "/v1/responses"},
		{"POST", "/v1/responses/resp_1"},
		{"PATCH", "/v1/responses/resp_1"},
		{"GET", "/v1/responses/resp_1/cancel"},
		{"POST", "/v1/responses/resp_1/input_items"},
		{"GET", "/v1/responses/compact/x"},
	} {
		status, body := sendURL(t, c.method, host+c.path, "")
		want := map[string]any{"error": map[string]any{
			"message": "Invalid URL (" + c.method + " " + c.path + ")",
			"type":    "invalid_request_error",
			"param":   nil,
			"code":    nil,
		}}
		if status != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404", c.method, c.path, status)
		}
		if diff := cmp.Diff(want, object(t, body)); diff != "" {
			t.Errorf("%s %s: body (-want +got):\n%s", c.method, c.path, diff)
		}
	}

	// Through the client, it is a not-found error that says what was asked.
	cl, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cl.Send(t.Context(), &client.Request{Method: "POST", Path: "foo", Body: []byte(`{}`)})
	var apiErr *client.APIError
	if !errors.Is(err, client.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Invalid URL (POST /v1/foo)" {
		t.Errorf("POST foo = %v, want a not-found error", err)
	}
}
