package batch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
)

// handlerTransport calls a handler in process, so that a synctest bubble's
// time can advance (no sockets).
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := newRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func TestWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{t: t, files: map[string][]byte{"file-in": []byte(`{"custom_id":"a","method":"POST","url":"/v1/responses","body":{"model":"m","input":"x"}}` + "\n")},
			batches: map[string]*batch.Batch{}, calls: map[string]int{}, now: time.Now().Unix()}
		c, err := client.New(client.WithBaseURL("http://fake/v1"), client.WithAPIKey("sk-test-0123456789"),
			client.WithHTTPClient(&http.Client{Transport: handlerTransport{f}}))
		if err != nil {
			t.Fatal(err)
		}
		s := batch.New(c)
		b, err := s.Create(t.Context(), &batch.CreateParams{InputFileID: "file-in", Metadata: map[string]string{"k": "v"}})
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != batch.StatusValidating || b.Metadata["k"] != "v" || b.Endpoint != batch.Endpoint || b.CompletionWindow != "24h" {
			t.Fatalf("Create() = %+v", b)
		}
		var seen []batch.Status
		start := time.Now()
		done, err := s.Wait(t.Context(), b.ID, &batch.WaitOptions{Interval: time.Second, Progress: func(b *batch.Batch) { seen = append(seen, b.Status) }})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != batch.StatusCompleted || done.RequestCounts.Completed != 1 || done.OutputFileID == "" {
			t.Errorf("Wait() = %+v", done)
		}
		if len(seen) != 2 || seen[0] != batch.StatusInProgress {
			t.Errorf("progress saw %v", seen)
		}
		// One wait of about a second between the two polls.
		if d := time.Since(start); d < 900*time.Millisecond || d > 2*time.Second {
			t.Errorf("Wait took %v", d)
		}

		// Cancel, and a Wait that the context ends.
		b2, err := s.Create(t.Context(), &batch.CreateParams{InputFileID: "file-in"})
		if err != nil {
			t.Fatal(err)
		}
		if c, err := s.Cancel(t.Context(), b2.ID); err != nil || c.Status != batch.StatusCancelling {
			t.Fatalf("Cancel() = %+v, %v", c, err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		got, err := s.Wait(ctx, b2.ID, nil)
		if err != nil || got.Status != batch.StatusCancelled {
			t.Errorf("Wait() after Cancel = %+v, %v", got, err)
		}
		b3, _ := s.Create(t.Context(), &batch.CreateParams{InputFileID: "file-in"})
		f.mu.Lock()
		f.batches[b3.ID].Status = "stuck"
		f.mu.Unlock()
		ctx, cancel = context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		if _, err := s.Wait(ctx, b3.ID, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Wait() on a stuck batch = %v, want the context's deadline", err)
		}

		// List pages through all, newest first.
		var ids []string
		for b, err := range s.List(t.Context(), &batch.ListOptions{PageSize: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, b.ID)
		}
		if len(ids) != 3 || ids[0] != b3.ID || ids[2] != b.ID || f.calls["GET batches"] < 2 {
			t.Errorf("List() = %v in %d pages", ids, f.calls["GET batches"])
		}
		if _, err := s.Get(t.Context(), "batch_nope"); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get() of an unknown batch = %v", err)
		}
		for _, err := range []error{
			func() error { _, err := s.Get(t.Context(), ""); return err }(),
			func() error { _, err := s.Cancel(t.Context(), ""); return err }(),
			func() error { _, err := s.Create(t.Context(), &batch.CreateParams{}); return err }(),
		} {
			if err == nil {
				t.Error("an empty id was not refused")
			}
		}
	})
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
