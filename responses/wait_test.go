package responses_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// startBackground creates a background response on a fake made inside the
// current synctest bubble and returns the service and the response's id.
func startBackground(t *testing.T, reply responsestest.Reply) (*responses.Service, *responsestest.Server, string) {
	t.Helper()
	srv := responsestest.NewServer(responsestest.InProcess())
	t.Cleanup(srv.Close)
	srv.Enqueue(reply)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	r, err := rs.Create(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi"), Background: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != responses.StatusQueued {
		t.Fatalf("created status = %q, want queued", r.Status)
	}
	return rs, srv, r.ID
}

// polls counts the GET /responses/{id} requests the server received.
func polls(srv *responsestest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet {
			n++
		}
	}
	return n
}

func TestWaitCompleted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rs, srv, id := startBackground(t, responsestest.Text("done"))
		start := time.Now()
		r, err := rs.Wait(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != responses.StatusCompleted || r.OutputText() != "done" {
			t.Errorf("Wait = %q %q, want completed \"done\"", r.Status, r.OutputText())
		}
		// The fake answers in_progress, then completed: two polls, one wait
		// of about 0.5 s between them.
		if n := polls(srv); n != 2 {
			t.Errorf("polls = %d, want 2", n)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > time.Second {
			t.Errorf("waited %v, want about 0.5s", d)
		}
	})
}

func TestWaitFailed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rs, _, id := startBackground(t, responsestest.Failed("server_error", "boom"))
		r, err := rs.Wait(t.Context(), id)
		re, ok := errors.AsType[*responses.ResponseError](err)
		if !ok || re.Code != "server_error" || re.Message != "boom" {
			t.Fatalf("Wait error = %v, want the response's *ResponseError", err)
		}
		if r == nil || r.Status != responses.StatusFailed {
			t.Errorf("Wait response = %v, want the failed response", r)
		}
	})
}

func TestWaitCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rs, _, id := startBackground(t, responsestest.Text("never"))
		if _, err := rs.Cancel(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		r, err := rs.Wait(t.Context(), id)
		if err != nil || r.Status != responses.StatusCancelled {
			t.Fatalf("Wait = %v, %v; want cancelled, nil", r, err)
		}
	})
}

func TestWaitContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rs, srv, id := startBackground(t, responsestest.Text("later"))
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		r, err := rs.Wait(ctx, id)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait error = %v, want one that wraps context.DeadlineExceeded", err)
		}
		if r == nil || r.Status != responses.StatusInProgress {
			t.Errorf("Wait response = %v, want the last one polled, in_progress", r)
		}
		// The work goes on: nothing cancelled it, and the next poll finds it done.
		for _, req := range srv.Requests() {
			if strings.HasSuffix(req.Path, "/cancel") {
				t.Errorf("Wait sent %s %s", req.Method, req.Path)
			}
		}
		r, err = rs.Wait(t.Context(), id)
		if err != nil || r.Status != responses.StatusCompleted {
			t.Errorf("second Wait = %v, %v; want completed", r, err)
		}
	})
}

func TestWaitEmptyID(t *testing.T) {
	c, err := client.New(client.WithAPIKey("sk-test"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := responses.New(c).Wait(t.Context(), ""); err == nil {
		t.Error("Wait with an empty id: no error")
	}
}

// pollTransport answers every GET with in_progress and the given headers
// until the last answer, which is completed.
type pollTransport struct {
	header http.Header
	left   int
	times  []time.Time
}

func (p *pollTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p.times = append(p.times, time.Now())
	status := "in_progress"
	if p.left--; p.left <= 0 {
		status = "completed"
	}
	h := p.header.Clone()
	h.Set("Content-Type", "application/json")
	body := `{"id":"resp_1","object":"response","status":"` + status + `"}`
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

func TestWaitHonoursPollHint(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"retry-after-ms", http.Header{"Retry-After-Ms": {"3000"}}, 3 * time.Second},
		{"openai-poll-after-ms", http.Header{"Openai-Poll-After-Ms": {"1500"}}, 1500 * time.Millisecond},
		{"retry-after seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"invalid hint", http.Header{"Retry-After": {"soon"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				pt := &pollTransport{header: tt.header, left: 3}
				c, err := client.New(client.WithAPIKey("sk-test"), client.WithHTTPClient(&http.Client{Transport: pt}))
				if err != nil {
					t.Fatal(err)
				}
				r, err := responses.New(c).Wait(t.Context(), "resp_1", responses.WithPollInterval(time.Second, 2*time.Second))
				if err != nil || r.Status != responses.StatusCompleted {
					t.Fatalf("Wait = %v, %v", r, err)
				}
				if len(pt.times) != 3 {
					t.Fatalf("polls = %d, want 3", len(pt.times))
				}
				for i := 1; i < len(pt.times); i++ {
					d := pt.times[i].Sub(pt.times[i-1])
					if tt.want != 0 && d != tt.want {
						t.Errorf("wait %d = %v, want %v", i, d, tt.want)
					}
					// Without a hint, the backoff: 1s then 2s (capped), ±25 %.
					if tt.want == 0 && (d < 750*time.Millisecond || d > 2500*time.Millisecond) {
						t.Errorf("wait %d = %v, want the backoff's 1s to 2s ±25%%", i, d)
					}
				}
			})
		})
	}
}
