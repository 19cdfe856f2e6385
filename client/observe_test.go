package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

type obsKey struct{}

func TestObserver(t *testing.T) {
	f := newFake(t,
		reply(http.StatusTooManyRequests, `{"error":{"message":"slow down","type":"requests"}}`, "x-request-id", "req_1", "retry-after-ms", "1"),
		reply(http.StatusOK, `{"ok":true}`, "x-request-id", "req_2", "x-ratelimit-remaining-requests", "41"),
	)
	var got []AttemptResult
	var infos []AttemptInfo
	obs := &Observer{Attempt: func(ctx context.Context, a AttemptInfo) (context.Context, func(AttemptResult)) {
		infos = append(infos, a)
		return context.WithValue(ctx, obsKey{}, a.Attempt), func(r AttemptResult) { got = append(got, r) }
	}}
	c := newTestClient(t, f, WithObserver(obs))
	if _, err := c.Send(t.Context(), &Request{Method: http.MethodPost, Path: "/responses", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0] != (AttemptInfo{Method: "POST", Path: "/responses", Attempt: 1}) || infos[1].Attempt != 2 {
		t.Fatalf("attempts = %+v", infos)
	}
	var apiErr *APIError
	if len(got) != 2 || got[0].Status != 429 || got[0].RequestID != "req_1" || !got[0].Retried || !errors.As(got[0].Err, &apiErr) ||
		got[1].Status != 200 || got[1].RequestID != "req_2" || got[1].Retried || got[1].Err != nil || got[1].RateLimit.RemainingRequests != 41 {
		t.Errorf("results = %+v", got)
	}
	for i, call := range f.calls {
		if v, _ := call.ctx.Value(obsKey{}).(int); v != i+1 {
			t.Errorf("attempt %d ran in a context without the observer's value (%v)", i+1, v)
		}
	}
}
