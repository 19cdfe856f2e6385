package responsestest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/webhook"
)

const hookSecret = "whsec_dGhlIGtleSBvZiB0aGUgZmFrZSdzIHdlYmhvb2tz"

// receiver starts a webhook endpoint that verifies with hookSecret and
// passes the events on.
func receiver(t *testing.T) (url string, events <-chan webhook.Event) {
	t.Helper()
	v, err := webhook.NewVerifier(hookSecret)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan webhook.Event, 10)
	srv := httptest.NewServer(webhook.NewHandler(v, func(_ context.Context, ev webhook.Event) error {
		ch <- ev
		return nil
	}))
	t.Cleanup(srv.Close)
	return srv.URL, ch
}

func next(t *testing.T, events <-chan webhook.Event) *webhook.ResourceEvent {
	t.Helper()
	select {
	case ev := <-events:
		r, ok := ev.(*webhook.ResourceEvent)
		if !ok {
			t.Fatalf("received %#v, want a *webhook.ResourceEvent", ev)
		}
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook within 10s")
		return nil
	}
}

func TestWebhookBackgroundResponse(t *testing.T) {
	t.Parallel()
	url, events := receiver(t)
	srv := responsestest.NewServer(responsestest.WithWebhook(url, hookSecret))
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	svc := responses.New(c)
	srv.Enqueue(responsestest.Text("done in the background"))
	resp, err := svc.Create(t.Context(), &responses.Request{Model: "gpt-5", Input: responses.Text("hi"), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	ev := next(t, events)
	if ev.Type != webhook.ResponseCompleted || ev.Data.ID != resp.ID {
		t.Fatalf("webhook %s about %s, want response.completed about %s", ev.Type, ev.Data.ID, resp.ID)
	}
	// The response the webhook names has ended.
	got, err := svc.Get(t.Context(), ev.Data.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != responses.StatusCompleted || got.OutputText() != "done in the background" {
		t.Errorf("Get = %s %q, want completed", got.Status, got.OutputText())
	}
	// A response that is not in the background sends nothing.
	if _, err := svc.Create(t.Context(), &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if d := srv.Webhooks(); len(d) != 1 || d[0].Err != nil || d[0].Status != 200 || d[0].Type != webhook.ResponseCompleted {
		t.Errorf("Webhooks() = %+v, want one delivered response.completed", d)
	}
}

func TestWebhookBatch(t *testing.T) {
	t.Parallel()
	url, events := receiver(t)
	srv := responsestest.NewServer(responsestest.WithWebhook(url, hookSecret))
	defer srv.Close()
	srv.SetBatchTiming(10*time.Millisecond, time.Millisecond, 10*time.Millisecond)
	a := &api{t, srv, http.DefaultClient}
	b := a.batchOf(line("a", "one"), line("b", "two"))
	// Nobody polls: the batch ends on its own, and says so.
	ev := next(t, events)
	if ev.Type != webhook.BatchCompleted || ev.Data.ID != b.ID {
		t.Fatalf("webhook %s about %s, want batch.completed about %s", ev.Type, ev.Data.ID, b.ID)
	}
	if got := a.getBatch(b.ID); got.Status != "completed" {
		t.Errorf("batch %s after its webhook, want completed", got.Status)
	}
}

func TestWebhookFailures(t *testing.T) {
	t.Parallel()
	// A receiver with another secret answers 400: the delivery records it.
	v, _ := webhook.NewVerifier("whsec_b3RoZXI=")
	rcv := httptest.NewServer(webhook.NewHandler(v, func(context.Context, webhook.Event) error { return nil }))
	defer rcv.Close()
	srv := responsestest.NewServer(responsestest.WithWebhook(rcv.URL, hookSecret))
	c, _ := srv.Client()
	if _, err := responses.New(c).Create(t.Context(), &responses.Request{Model: "gpt-5", Input: responses.Text("hi"), Background: true}); err != nil {
		t.Fatal(err)
	}
	srv.Close() // waits for the delivery
	d := srv.Webhooks()
	if len(d) != 1 || d[0].Status != 400 || d[0].Err == nil {
		t.Errorf("Webhooks() = %+v, want one delivery answered 400, with an error", d)
	}
}

func TestWebhookBadSecretPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewServer with a bad webhook secret did not panic")
		}
	}()
	srv := responsestest.NewServer(responsestest.WithWebhook("http://127.0.0.1:1/", "whsec_***"))
	srv.Close()
}
