package responsestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/webhook"
)

// WithWebhook makes the server send signed webhooks to url, as the API
// sends them to an endpoint whose signing secret is secret ("whsec_…", as
// [webhook.NewVerifier] takes it): response.completed, response.failed,
// response.incomplete or response.cancelled when a background response
// ends, and batch.completed, batch.failed, batch.expired or batch.cancelled
// when a batch ends. [NewServer] panics if it cannot use the secret.
//
// With a webhook, background work ends on its own, as on the API, instead
// of waiting for polls: a background response ends right after it is
// created (a Get sees it ended), and a batch ends when its timing (see
// [Server.SetBatchTiming]) says so, whether or not anyone asks.
//
// The webhooks are sent from goroutines, each once, with a 5-second
// timeout and no retry; [Server.Webhooks] tells what was sent and how the
// receiver answered, failures included. Close waits for the webhooks in
// flight.
func WithWebhook(url, secret string) Option {
	return func(o *options) { o.webhookURL, o.webhookSecret = url, secret }
}

// Delivery is a webhook the server sent, or tried to send.
type Delivery struct {
	ID     string       // the webhook-id header
	Type   webhook.Type // the event's type
	Body   []byte       // the event, as sent
	Status int          // the receiver's HTTP status; 0 if none came
	Err    error        // nil, or why the delivery failed (an error or a status other than 2xx)
}

// Webhooks returns the webhooks sent so far, or tried, in the order they
// ended. It is empty without [WithWebhook].
func (s *Server) Webhooks() []Delivery {
	if s.hooks == nil {
		return nil
	}
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return append([]Delivery(nil), s.hooks.sent...)
}

// hooks sends the webhooks of a server made with WithWebhook.
type hooks struct {
	url    string
	v      *webhook.Verifier
	client *http.Client
	stop   chan struct{} // closed by Close: the batch watchers return

	mu     sync.Mutex
	wg     sync.WaitGroup
	closed bool
	seq    int
	sent   []Delivery
}

// newHooks returns the hooks the options ask for, or nil.
func newHooks(o *options) *hooks {
	if o.webhookURL == "" {
		return nil
	}
	v, err := webhook.NewVerifier(o.webhookSecret)
	if err != nil {
		panic(fmt.Sprintf("responsestest: WithWebhook: %v", err))
	}
	return &hooks{url: o.webhookURL, v: v, stop: make(chan struct{}),
		client: &http.Client{Timeout: 5 * time.Second}}
}

// goroutine runs f in a goroutine that close waits for, unless the hooks
// are closed, and reports whether it did.
func (h *hooks) goroutine(f func()) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.wg.Go(f)
	return true
}

// close stops the batch watchers and waits for the webhooks in flight.
func (h *hooks) close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.stop)
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// send sends an event of type typ about the object id, at time at, in a
// goroutine, and records the delivery.
func (h *hooks) send(typ webhook.Type, id string, at time.Time) {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.seq++
	n := h.seq
	h.mu.Unlock()
	body, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("evt_%048x", n), "object": "event", "created_at": at.Unix(),
		"type": typ, "data": map[string]string{"id": id},
	})
	d := Delivery{ID: fmt.Sprintf("msg_%048x", n), Type: typ, Body: body}
	if !h.goroutine(func() { h.record(h.deliver(d, at)) }) {
		d.Err = fmt.Errorf("responsestest: webhook %s not sent: the server is closed", d.ID)
		h.record(d)
	}
}

// deliver posts d and returns it with the receiver's answer.
func (h *hooks) deliver(d Delivery, at time.Time) Delivery {
	req, err := http.NewRequest(http.MethodPost, h.url, bytes.NewReader(d.Body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header = h.v.Header(d.ID, at, d.Body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)")
	resp, err := h.client.Do(req)
	if err != nil {
		d.Err = err
		return d
	}
	resp.Body.Close()
	d.Status = resp.StatusCode
	if resp.StatusCode/100 != 2 {
		d.Err = fmt.Errorf("responsestest: webhook %s: the receiver answered %s", d.ID, resp.Status)
	}
	return d
}

func (h *hooks) record(d Delivery) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent = append(h.sent, d)
}

// responseEnded sends the webhook of a background response that ended, if
// resp is one.
func (s *Server) responseEnded(resp *responses.Response) {
	if s.hooks == nil || resp == nil || !resp.Background {
		return
	}
	var typ webhook.Type
	switch resp.Status {
	case responses.StatusCompleted:
		typ = webhook.ResponseCompleted
	case responses.StatusFailed:
		typ = webhook.ResponseFailed
	case responses.StatusIncomplete:
		typ = webhook.ResponseIncomplete
	case responses.StatusCancelled:
		typ = webhook.ResponseCancelled
	default:
		return
	}
	s.hooks.send(typ, resp.ID, s.now())
}

// endBackground ends the background response st on its own, as the API
// does, when the server sends webhooks; a poll or a cancel may end it
// first.
func (s *Server) endBackground(st *stored) {
	if s.hooks == nil {
		return
	}
	s.hooks.goroutine(func() {
		s.mu.Lock()
		var ended *responses.Response
		if st.final != nil {
			st.resp, st.final = st.final, nil
			ended = st.resp
		}
		s.mu.Unlock()
		s.responseEnded(ended)
	})
}

// batchEnded sends the webhook of a batch that ended in status at time at.
// The caller may hold batchMu.
func (s *Server) batchEnded(b *batch, at time.Time) {
	if s.hooks == nil {
		return
	}
	typ := map[string]webhook.Type{"completed": webhook.BatchCompleted, "failed": webhook.BatchFailed,
		"expired": webhook.BatchExpired, "cancelled": webhook.BatchCancelled}[b.obj.Status]
	if typ != "" {
		s.hooks.send(typ, b.obj.ID, at)
	}
}

// watchBatch advances b as its timing says until it ends, so that its
// webhook goes without polls.
func (s *Server) watchBatch(b *batch) {
	if s.hooks == nil {
		return
	}
	s.hooks.goroutine(func() {
		for {
			s.bulk.batchMu.Lock()
			now := s.now()
			s.advanceAll(now)
			finished, wait := b.finished, b.nextChange(now)
			s.bulk.batchMu.Unlock()
			if finished {
				return
			}
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-s.hooks.stop:
				t.Stop()
				return
			}
		}
	})
}

// nextChange returns how long after now b may next change state. The
// caller holds batchMu.
func (b *batch) nextChange(now time.Time) time.Duration {
	t := b.timing
	validated := b.created.Add(t.validate)
	at := []time.Time{validated, b.created.Add(batchWindow)}
	if b.lines != nil {
		end := validated.Add(time.Duration(len(b.lines)) * t.perLine)
		at = append(at, end, end.Add(t.finalize))
		if t.perLine > 0 {
			at = append(at, now.Add(t.perLine))
		}
	}
	if !b.cancelAt.IsZero() {
		at = append(at, b.cancelAt.Add(t.finalize))
	}
	next := time.Duration(0)
	for _, a := range at {
		if d := a.Sub(now); d > 0 && (next == 0 || d < next) {
			next = d
		}
	}
	if next == 0 {
		next = time.Millisecond
	}
	return next
}
