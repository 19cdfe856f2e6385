package responses_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

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

func TestCreate(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text("Hello, gopher."))
	req := &responses.Request{Model: "gpt-test", Input: responses.Text("hi"), Instructions: "Be brief.", Temperature: new(0.0)}
	resp, err := rs.Create(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.OutputText(); got != "Hello, gopher." {
		t.Errorf("OutputText() = %q, want %q", got, "Hello, gopher.")
	}
	if resp.Status != responses.StatusCompleted || !strings.HasPrefix(resp.ID, "resp_") || resp.Usage == nil || resp.Usage.TotalTokens == 0 {
		t.Errorf("response = status %q, id %q, usage %+v", resp.Status, resp.ID, resp.Usage)
	}
	if resp.RequestID() == "" || resp.RateLimit().LimitRequests != 10000 || resp.Header().Get("openai-processing-ms") == "" {
		t.Errorf("HTTP details: request id %q, rate limit %+v", resp.RequestID(), resp.RateLimit())
	}
	if resp.Temperature == nil || *resp.Temperature != 0 {
		t.Errorf("Temperature echoed as %v, want 0", resp.Temperature)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server got %d requests, want 1", len(reqs))
	}
	want := `{"model":"gpt-test","input":"hi","instructions":"Be brief.","temperature":0}`
	if got := string(reqs[0].Body); got != want {
		t.Errorf("request body = %s, want %s", got, want)
	}
	if reqs[0].Streamed() {
		t.Error("Create asked for a stream")
	}
	if got := reqs[0].Header.Get("Authorization"); got != "Bearer sk-responsestest" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestCreateRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		first responsestest.Reply
	}{
		{"503 with retry-after-ms", responsestest.Error(http.StatusServiceUnavailable, responsestest.ErrorBody{Type: "server_error", Message: "overloaded"}).WithHeader("retry-after-ms", "1")},
		{"429 with retry-after-ms", responsestest.Error(http.StatusTooManyRequests, responsestest.ErrorBody{Type: "requests", Code: "rate_limit_exceeded", Message: "slow down"}).WithHeader("retry-after-ms", "1")},
		{"connection dropped mid-body", responsestest.Text("lost").WithDropAfter(20)},
		{"HTML 502 from a proxy", responsestest.Raw(http.StatusBadGateway, "text/html", []byte("<html><title>502 Bad Gateway</title></html>")).WithHeader("retry-after-ms", "1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(tt.first, responsestest.Text("ok"))
			resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
			if err != nil {
				t.Fatal(err)
			}
			if resp.OutputText() != "ok" {
				t.Errorf("OutputText() = %q, want ok", resp.OutputText())
			}
			if n := len(srv.Requests()); n != 2 {
				t.Errorf("server got %d requests, want 2", n)
			}
		})
	}
}

func TestCreateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reply  responsestest.Reply
		check  func(error) bool
		status int
	}{
		{"bad request", responsestest.Error(400, responsestest.ErrorBody{Type: "invalid_request_error", Message: "Unsupported parameter: 'temperature'."}),
			func(err error) bool { return errors.Is(err, client.ErrBadRequest) }, 400},
		{"quota", responsestest.Error(429, responsestest.ErrorBody{Type: "insufficient_quota", Code: "insufficient_quota", Message: "You exceeded your current quota."}),
			func(err error) bool { return errors.Is(err, client.ErrQuotaExceeded) }, 429},
		{"not JSON", responsestest.Raw(200, "application/json", []byte(`{"id":"resp_1","output":[`)),
			func(err error) bool { _, ok := errors.AsType[*responses.ProtocolError](err); return ok }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t, client.WithMaxRetries(0))
			srv.Enqueue(tt.reply)
			_, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
			if err == nil || !tt.check(err) {
				t.Fatalf("Create() error = %v", err)
			}
			if tt.status != 0 {
				apiErr, ok := errors.AsType[*client.APIError](err)
				if !ok || apiErr.StatusCode != tt.status || apiErr.RequestID == "" {
					t.Errorf("error = %#v, want an *APIError with status %d and a request id", err, tt.status)
				}
			}
		})
	}
}

func TestCreateBadArguments(t *testing.T) {
	t.Parallel()
	rs, _ := newService(t)
	if _, err := rs.Create(t.Context(), nil); err == nil {
		t.Error("Create(nil) = nil error")
	}
	if _, err := rs.Get(t.Context(), ""); err == nil {
		t.Error(`Get("") = nil error`)
	}
	if err := rs.Delete(t.Context(), ""); err == nil {
		t.Error(`Delete("") = nil error`)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := rs.Create(ctx, &responses.Request{Model: "m"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Create(cancelled ctx) = %v, want context.Canceled", err)
	}
}

func TestBackgroundLifecycle(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text("done"), responsestest.Text("never"))
	ctx := t.Context()
	resp, err := rs.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("hi"), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != responses.StatusQueued || len(resp.Output) != 0 {
		t.Fatalf("background Create: status %q, %d items; want queued and none", resp.Status, len(resp.Output))
	}
	var statuses []string
	for range 3 {
		r, err := rs.Get(ctx, resp.ID)
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, string(r.Status))
		if r.Status == responses.StatusCompleted && r.OutputText() != "done" {
			t.Errorf("completed OutputText() = %q", r.OutputText())
		}
	}
	if got := strings.Join(statuses, ","); got != "in_progress,completed,completed" {
		t.Errorf("statuses = %s", got)
	}
	if _, err := rs.Cancel(ctx, resp.ID); !errors.Is(err, client.ErrBadRequest) {
		t.Errorf("Cancel(completed) = %v, want a bad request", err)
	}

	// A second background response is cancelled before it finishes.
	resp2, err := rs.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("hi"), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := rs.Cancel(ctx, resp2.ID)
	if err != nil || c.Status != responses.StatusCancelled {
		t.Fatalf("Cancel = %v, %v; want cancelled", c, err)
	}

	if err := rs.Delete(ctx, resp.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Get(ctx, resp.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Get(deleted) = %v, want not found", err)
	}
}

func TestGetInclude(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Get(t.Context(), resp.ID, responses.WithInclude(responses.IncludeReasoningEncryptedContent))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != resp.ID || got.OutputText() != resp.OutputText() {
		t.Errorf("Get = %q %q, want %q %q", got.ID, got.OutputText(), resp.ID, resp.OutputText())
	}
	reqs := srv.Requests()
	if q := reqs[len(reqs)-1].Query; q != "include%5B%5D=reasoning.encrypted_content" {
		t.Errorf("query = %q", q)
	}
}

func TestInputItems(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	var input responses.Input
	for i := range 7 {
		input = append(input, responses.UserMessage(fmt.Sprintf("message %d", i)))
	}
	resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: input})
	if err != nil {
		t.Fatal(err)
	}
	before := len(srv.Requests())
	var texts []string
	for it, err := range rs.InputItems(t.Context(), resp.ID, &responses.ListOptions{Order: "asc", PageSize: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, it.(*responses.Message).Text())
	}
	if got := strings.Join(texts, ","); got != "message 0,message 1,message 2,message 3,message 4,message 5,message 6" {
		t.Errorf("items = %s", got)
	}
	if pages := len(srv.Requests()) - before; pages != 3 {
		t.Errorf("fetched %d pages, want 3", pages)
	}

	// The default order is newest first, and breaking early stops fetching.
	before = len(srv.Requests())
	for it, err := range rs.InputItems(t.Context(), resp.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if got := it.(*responses.Message).Text(); got != "message 6" {
			t.Errorf("first item = %q, want message 6", got)
		}
		break
	}
	if pages := len(srv.Requests()) - before; pages != 1 {
		t.Errorf("fetched %d pages, want 1", pages)
	}

	for _, err := range rs.InputItems(t.Context(), "resp_missing", nil) {
		if !errors.Is(err, client.ErrNotFound) {
			t.Errorf("InputItems(missing) error = %v, want not found", err)
		}
	}
}

func TestCompactAndCount(t *testing.T) {
	t.Parallel()
	rs, _ := newService(t)
	in := responses.Items(responses.UserMessage("a long conversation"), responses.AssistantMessage("indeed"))
	c, err := rs.Compact(t.Context(), &responses.CompactRequest{Model: "m", Input: in})
	if err != nil {
		t.Fatal(err)
	}
	if c.Object != "response.compaction" || len(c.Output) != 1 || c.Usage == nil {
		t.Fatalf("Compact = %+v", c)
	}
	if cmp, ok := c.Output[0].(*responses.Compaction); !ok || cmp.EncryptedContent == "" {
		t.Errorf("Output[0] = %#v, want a compaction item", c.Output[0])
	}
	n, err := rs.CountInputTokens(t.Context(), &responses.CountTokensRequest{Model: "m", Input: in})
	if err != nil {
		t.Fatal(err)
	}
	if n.InputTokens <= 0 || n.Object != "response.input_tokens" {
		t.Errorf("CountInputTokens = %+v", n)
	}
	if _, err := rs.Compact(t.Context(), nil); err == nil {
		t.Error("Compact(nil) = nil error")
	}
	if _, err := rs.CountInputTokens(t.Context(), nil); err == nil {
		t.Error("CountInputTokens(nil) = nil error")
	}
}
