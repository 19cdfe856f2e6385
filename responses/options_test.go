package responses_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Every call of the service takes per-call options: each sends the header
// given to it, and no other call does.
func TestCallOptionsEveryCall(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	ctx := t.Context()
	req := &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi")}
	resp, err := rs.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := rs.Conversations().Create(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	item := responses.UserMessage("hello")
	tenant := client.WithHeader("X-Tenant", "tenant-42")
	calls := []struct {
		name string
		call func() error
	}{
		{"Create", func() error { _, err := rs.Create(ctx, req, tenant); return err }},
		{"Stream", func() error { return drain(rs.Stream(ctx, req, tenant)) }},
		{"Get", func() error { _, err := rs.Get(ctx, resp.ID, tenant); return err }},
		{"Resume", func() error {
			var id string
			for ev, err := range rs.Stream(ctx, &responses.Request{Model: "m", Input: responses.Text("x"), Background: true}) {
				if err != nil {
					return err
				}
				if c, ok := ev.(*responses.CreatedEvent); ok {
					id = c.Response.ID
				}
			}
			return drain(rs.Resume(ctx, id, responses.FromStart, tenant))
		}},
		{"InputItems", func() error { return drainItems(rs.InputItems(ctx, resp.ID, nil, tenant)) }},
		{"CountInputTokens", func() error {
			_, err := rs.CountInputTokens(ctx, &responses.CountTokensRequest{Model: "m", Input: responses.Text("x")}, tenant)
			return err
		}},
		{"Compact", func() error {
			_, err := rs.Compact(ctx, &responses.CompactRequest{Model: "m", Input: responses.Text("x")}, tenant)
			return err
		}},
		{"Cancel", func() error {
			bg, err := rs.Create(ctx, &responses.Request{Model: "m", Input: responses.Text("x"), Background: true})
			if err != nil {
				return err
			}
			_, err = rs.Cancel(ctx, bg.ID, tenant)
			return err
		}},
		{"Conversations.Get", func() error { _, err := rs.Conversations().Get(ctx, conv.ID, tenant); return err }},
		{"Conversations.Create", func() error {
			_, err := rs.Conversations().Create(ctx, nil, tenant)
			return err
		}},
		{"Conversations.Update", func() error {
			_, err := rs.Conversations().Update(ctx, conv.ID, map[string]string{"k": "v"}, tenant)
			return err
		}},
		{"Conversations.AddItems", func() error {
			_, err := rs.Conversations().AddItems(ctx, conv.ID, []responses.Item{item}, tenant)
			return err
		}},
		{"Conversations.ListItems", func() error { return drainItems(rs.Conversations().ListItems(ctx, conv.ID, nil, tenant)) }},
		{"Conversations.GetItem and DeleteItem", func() error {
			page, err := rs.Conversations().AddItems(ctx, conv.ID, []responses.Item{item})
			if err != nil {
				return err
			}
			if _, err := rs.Conversations().GetItem(ctx, conv.ID, page.FirstID, tenant); err != nil {
				return err
			}
			_, err = rs.Conversations().DeleteItem(ctx, conv.ID, page.FirstID, tenant)
			return err
		}},
		{"Conversations.Delete", func() error {
			c, err := rs.Conversations().Create(ctx, nil)
			if err != nil {
				return err
			}
			return rs.Conversations().Delete(ctx, c.ID, tenant)
		}},
		{"Delete", func() error { return rs.Delete(ctx, resp.ID, tenant) }},
	}
	for _, c := range calls {
		name, call := c.name, c.call
		before := len(srv.Requests())
		if err := call(); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		with := 0
		for _, r := range srv.Requests()[before:] {
			if r.Header.Get("X-Tenant") == "tenant-42" {
				with++
			}
		}
		if with == 0 {
			t.Errorf("%s: no request with the call's header", name)
		}
	}
	// The calls without options sent no header.
	if _, err := rs.Create(ctx, req); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.Requests(); reqs[len(reqs)-1].Header.Get("X-Tenant") != "" {
		t.Error("a call without options sent the header of an earlier call")
	}
}

func drain(events func(func(responses.Event, error) bool)) error {
	for _, err := range events {
		if err != nil {
			return err
		}
	}
	return nil
}

func drainItems(items func(func(responses.Item, error) bool)) error {
	for _, err := range items {
		if err != nil {
			return err
		}
	}
	return nil
}

// A body member the module does not know reaches the server, merged into
// the request; a query parameter too.
func TestCallOptionsBodyAndQuery(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	_, err := rs.Create(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi")},
		client.WithBodyField("prompt_cache_retention", "24h"), client.WithQuery("beta", "1"))
	if err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[0]
	if !strings.Contains(string(r.Body), `"prompt_cache_retention":"24h"`) || r.Query != "beta=1" {
		t.Errorf("body %s, query %q", r.Body, r.Query)
	}
}

// The retry budget given to a stream bounds the requests it sends.
func TestStreamCallRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts []client.Option
		want int
	}{
		{nil, 3},
		{[]client.Option{client.WithMaxRetries(0)}, 1},
		{[]client.Option{client.WithMaxRetries(1)}, 2},
	} {
		rs, srv := newService(t)
		for range 3 {
			srv.Enqueue(responsestest.Error(500, responsestest.ErrorBody{Type: "server_error", Message: "The server had an error."}))
		}
		err := drain(rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("x")}, tc.opts...))
		if err == nil {
			t.Fatal("a stream that always breaks succeeded")
		}
		if n := len(srv.Requests()); n != tc.want {
			t.Errorf("%d options: %d requests, want %d", len(tc.opts), n, tc.want)
		}
	}
}

// A call timeout bounds a stream until its end: a stalled stream ends with
// an error matching client.ErrTimeout.
func TestStreamCallTimeout(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text("hello there").WithStallAfterEvents(2, time.Minute))
	start := time.Now()
	err := drain(rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("x")}, client.WithCallTimeout(200*time.Millisecond)))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the stream ended after %v", d)
	}
}

// A Service made by With applies its options to every call, including those
// of Parse and the loop, and an invalid option fails every call unsent.
func TestServiceWith(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	tenant := rs.With(client.WithHeader("X-Tenant", "tenant-7"))
	type answer struct {
		City string `json:"city"`
	}
	if _, _, err := responses.Parse[answer](t.Context(), tenant, &responses.Request{Model: "m", Input: responses.Text("Paris")}); err != nil {
		t.Fatal(err)
	}
	loop := &responses.Loop{Service: rs}
	if _, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}, client.WithHeader("X-Tenant", "tenant-8")); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Header.Get("X-Tenant"))
	}
	if strings.Join(got, ",") != "tenant-7,tenant-8," {
		t.Errorf("X-Tenant of each request: %q", got)
	}

	bad := rs.With(client.WithMaxRetries(-1))
	before := len(srv.Requests())
	if _, err := bad.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}); err == nil || !strings.Contains(err.Error(), "WithMaxRetries") {
		t.Errorf("Create: err = %v, want the option named", err)
	}
	if err := drain(bad.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})); err == nil || !strings.Contains(err.Error(), "WithMaxRetries") {
		t.Errorf("Stream: err = %v, want the option named", err)
	}
	if _, err := bad.With(client.WithHeader("X-A", "b")).Get(t.Context(), "resp_1"); err == nil {
		t.Error("With on a Service with an invalid option lost the error")
	}
	if n := len(srv.Requests()); n != before {
		t.Errorf("%d requests sent with an invalid option", n-before)
	}
}
