package webhook_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/webhook"
)

// recorder is a handler function that records the events and fails while
// fail is set.
type recorder struct {
	mu     sync.Mutex
	events []webhook.Event
	fail   error
}

func (r *recorder) handle(_ context.Context, ev webhook.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.events = append(r.events, ev)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func post(h http.Handler, method string, header http.Header, body []byte) int {
	req := httptest.NewRequest(method, "/webhook", strings.NewReader(string(body)))
	maps.Copy(req.Header, header)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code
}

func TestHandler(t *testing.T) {
	t.Parallel()
	ts := unix(now)
	signed := header("msg_1", ts, sign(key, "msg_1", ts, body))
	big := []byte(`{"id":"evt_1","type":"response.completed","data":{"id":"resp_1"},"pad":"` + strings.Repeat("x", 2000) + `"}`)
	bad := []byte(`{"id":"evt_1","type":"response.completed","data":{}}`)
	tests := []struct {
		name   string
		method string
		header http.Header
		body   []byte
		fail   error
		code   int
		calls  int
	}{
		{"valid", "POST", signed, body, nil, 200, 1},
		{"callback fails", "POST", signed, body, errors.New("db down"), 500, 0},
		{"wrong method", "GET", signed, body, nil, 405, 0},
		{"tampered body", "POST", signed, []byte(strings.Replace(string(body), "resp_1", "resp_2", 1)), nil, 400, 0},
		{"stale", "POST", header("msg_1", unix(now.Add(-time.Hour)), sign(key, "msg_1", unix(now.Add(-time.Hour)), body)), body, nil, 400, 0},
		{"no headers", "POST", http.Header{}, body, nil, 400, 0},
		{"oversized", "POST", header("msg_1", ts, sign(key, "msg_1", ts, big)), big, nil, 413, 0},
		{"not an event", "POST", header("msg_1", ts, sign(key, "msg_1", ts, bad)), bad, nil, 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{fail: tt.fail}
			var logged []error
			h := webhook.NewHandler(newVerifier(t), rec.handle, webhook.WithMaxBytes(1024),
				webhook.WithErrorLog(func(_ *http.Request, err error) { logged = append(logged, err) }))
			if code := post(h, tt.method, tt.header, tt.body); code != tt.code {
				t.Errorf("status = %d, want %d", code, tt.code)
			}
			if rec.count() != tt.calls {
				t.Errorf("calls = %d, want %d", rec.count(), tt.calls)
			}
			if (tt.code != 200) != (len(logged) == 1) {
				t.Errorf("logged %v for status %d", logged, tt.code)
			}
		})
	}
}

func TestHandlerErrorLog(t *testing.T) {
	t.Parallel()
	var got error
	h := webhook.NewHandler(newVerifier(t), (&recorder{}).handle,
		webhook.WithErrorLog(func(_ *http.Request, err error) { got = err }))
	post(h, "POST", header("msg_1", unix(now.Add(time.Hour)), "v1,x"), body)
	if !errors.Is(got, webhook.ErrTooNew) {
		t.Errorf("logged %v, want ErrTooNew", got)
	}
}

func TestHandlerReplay(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	v := newVerifier(t)
	h := webhook.NewHandler(v, rec.handle, webhook.WithReplayCache(2))
	send := func(id string) int { return post(h, "POST", v.Header(id, now, body), body) }

	if code := send("msg_1"); code != 200 {
		t.Fatalf("first delivery: status %d", code)
	}
	if code := send("msg_1"); code != 200 || rec.count() != 1 {
		t.Fatalf("replay: status %d, %d calls; want 200 and the function called once", code, rec.count())
	}
	// A failed delivery is not remembered: the retry is handled.
	rec.fail = errors.New("down")
	if code := send("msg_2"); code != 500 {
		t.Fatalf("failing delivery: status %d, want 500", code)
	}
	rec.fail = nil
	if code := send("msg_2"); code != 200 || rec.count() != 2 {
		t.Fatalf("retry after a failure: status %d, %d calls; want 200, 2", code, rec.count())
	}
	// The cache holds 2 ids: a third pushes msg_1 out.
	send("msg_3")
	if send("msg_1"); rec.count() != 4 {
		t.Errorf("calls = %d, want 4: msg_1 forgotten after 2 newer ids", rec.count())
	}
	if send("msg_3"); rec.count() != 4 {
		t.Errorf("calls = %d, want 4: msg_3 still remembered", rec.count())
	}
}

func TestHandlerReplayConcurrent(t *testing.T) {
	t.Parallel()
	v := newVerifier(t)
	started, release := make(chan struct{}), make(chan struct{})
	h := webhook.NewHandler(v, func(context.Context, webhook.Event) error {
		close(started)
		<-release
		return nil
	}, webhook.WithReplayCache(10))
	done := make(chan int)
	go func() { done <- post(h, "POST", v.Header("msg_1", now, body), body) }()
	<-started
	if code := post(h, "POST", v.Header("msg_1", now, body), body); code != http.StatusConflict {
		t.Errorf("delivery while the same id is handled: status %d, want 409", code)
	}
	close(release)
	if code := <-done; code != 200 {
		t.Errorf("first delivery: status %d", code)
	}
}

func TestNewHandlerPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewHandler(nil, nil) did not panic")
		}
	}()
	webhook.NewHandler(nil, nil)
}
