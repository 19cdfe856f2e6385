package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// newService starts a fake server for one test and returns a Service that
// talks to it. Options (such as client.WithMaxRetries) go to the client.
func newService(t *testing.T, opts ...client.Option) (*responses.Service, *responsestest.Server) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.Client(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return responses.New(c), srv
}

func TestSummarize(t *testing.T) {
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text("  Iterators arrived in Go 1.23.  "))

	got, err := Summarize(t.Context(), rs, "gpt-test", "A long text about iterators.")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Iterators arrived in Go 1.23."; got != want {
		t.Errorf("Summarize = %q, want %q", got, want)
	}

	// Check what the code sent: the recorded request decodes as a
	// responses.Request.
	req, err := srv.Requests()[0].Request()
	if err != nil {
		t.Fatal(err)
	}
	if req.Model != "gpt-test" || req.MaxOutputTokens != 200 || !strings.Contains(req.Instructions, "one line") {
		t.Errorf("request = model %q, max tokens %d, instructions %q", req.Model, req.MaxOutputTokens, req.Instructions)
	}
	if in := req.Input[0].(*responses.Message).Text(); in != "A long text about iterators." {
		t.Errorf("input = %q", in)
	}
}

func TestSummarizeFailures(t *testing.T) {
	tests := []struct {
		name    string
		replies []responsestest.Reply
		wantErr string // "" means success
	}{
		{"retried after a 503", []responsestest.Reply{
			responsestest.Error(http.StatusServiceUnavailable, responsestest.ErrorBody{Type: "server_error", Message: "overloaded"}).WithHeader("retry-after-ms", "1"),
			responsestest.Text("ok"),
		}, ""},
		{"retried after a dropped connection", []responsestest.Reply{
			responsestest.Text("lost").WithDropAfter(10),
			responsestest.Text("ok"),
		}, ""},
		{"refusal", []responsestest.Reply{responsestest.Refusal("I can't help with that.")}, "refused"},
		{"cut short", []responsestest.Reply{responsestest.Incomplete("max_output_tokens", "Iterators")}, "cut short"},
		{"bad request", []responsestest.Reply{responsestest.Error(400, responsestest.ErrorBody{Type: "invalid_request_error", Message: "Unsupported model."})}, "Unsupported model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, srv := newService(t)
			srv.Enqueue(tt.replies...)
			_, err := Summarize(t.Context(), rs, "gpt-test", "text")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Summarize = %v, want success", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Summarize error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
