package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
)

// DefaultMaxBytes is the largest body a [Handler] reads by default: 1 MiB.
// OpenAI's events carry ids, not objects, and are a few hundred bytes.
const DefaultMaxBytes = 1 << 20

// A Handler is an http.Handler that receives OpenAI's webhooks: it reads
// the body up to a limit, verifies it, decodes the event and calls its
// function with it. It answers:
//
//   - 405 to a method other than POST;
//   - 413 to a body over the limit;
//   - 400 to a webhook that fails verification (a bad or missing
//     signature, a stale or future timestamp) or whose body is not an
//     event, without calling the function;
//   - 500 when the function returns an error, so that OpenAI delivers the
//     event again later;
//   - 200 when the function returns nil.
//
// With [WithReplayCache], it also answers 200, without calling the
// function, to a webhook whose webhook-id it already handled. It is safe
// for concurrent use: the function may be called concurrently.
type Handler struct {
	v        *Verifier
	fn       func(context.Context, Event) error
	maxBytes int64
	seen     *replayCache
	onError  func(*http.Request, error)
}

// A HandlerOption configures a [Handler] made by [NewHandler].
type HandlerOption func(*Handler)

// WithMaxBytes sets the largest body the handler reads; the default is
// [DefaultMaxBytes]. A larger body is answered 413 and not verified.
func WithMaxBytes(n int64) HandlerOption {
	return func(h *Handler) { h.maxBytes = n }
}

// WithReplayCache makes the handler remember the webhook-ids of the last n
// webhooks its function handled (returned nil for), in memory, and answer
// a webhook with one of those ids with 200 without calling the function
// again: a replayed webhook is not handled twice, and OpenAI's own
// redelivery of an event whose answer was lost stops. A webhook whose id
// is being handled at the same moment is answered 409, and delivered
// again later. Since a webhook older than the verifier's tolerance fails
// verification anyway, n needs to cover only the webhooks of one
// tolerance window. The ids live in this process only: several replicas
// behind a load balancer each have their own, and an event handler that
// must never run twice keeps the event ids in its own store.
func WithReplayCache(n int) HandlerOption {
	return func(h *Handler) {
		if n > 0 {
			h.seen = newReplayCache(n)
		}
	}
}

// WithErrorLog sets a function the handler calls with each error it
// answers with a status other than 200: a verification error, a body over
// the limit, a bad event, or the error of the handler's function. By
// default such errors are only answered.
func WithErrorLog(f func(r *http.Request, err error)) HandlerOption {
	return func(h *Handler) { h.onError = f }
}

// NewHandler returns a handler that verifies webhooks with v and calls fn
// with each event, with the request's context. It panics if v or fn is
// nil.
func NewHandler(v *Verifier, fn func(ctx context.Context, ev Event) error, opts ...HandlerOption) *Handler {
	if v == nil || fn == nil {
		panic("webhook: NewHandler with a nil verifier or function")
	}
	h := &Handler{v: v, fn: fn, maxBytes: DefaultMaxBytes}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(w, r, http.StatusMethodNotAllowed, errors.New("webhook: method "+r.Method+" not allowed"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.fail(w, r, http.StatusRequestEntityTooLarge, err)
			return
		}
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	ev, err := h.v.Unwrap(r.Header, body)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	id := r.Header.Get(HeaderID)
	if h.seen != nil {
		switch h.seen.begin(id) {
		case done:
			w.WriteHeader(http.StatusOK)
			return
		case busy:
			h.fail(w, r, http.StatusConflict, errors.New("webhook: webhook "+id+" is being handled"))
			return
		}
	}
	handled := false
	if h.seen != nil {
		defer func() { h.seen.end(id, handled) }() // a panic in fn frees the id too
	}
	err = h.fn(r.Context(), ev)
	handled = err == nil
	if err != nil {
		h.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// fail answers code, with the status text only: the error stays in the
// process, passed to the error log.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	if h.onError != nil {
		h.onError(r, err)
	}
	http.Error(w, http.StatusText(code), code)
}

// replayCache remembers the last ids handled, and the ids being handled.
type replayCache struct {
	mu      sync.Mutex
	handled map[string]bool // true: handled; false: being handled
	order   []string        // the handled ids, a ring of the last len(order)
	next    int
}

type replayState int

const (
	fresh replayState = iota
	busy
	done
)

func newReplayCache(n int) *replayCache {
	return &replayCache{handled: make(map[string]bool), order: make([]string, 0, n)}
}

// begin marks id as being handled, and reports what it was.
func (c *replayCache) begin(id string) replayState {
	c.mu.Lock()
	defer c.mu.Unlock()
	handled, ok := c.handled[id]
	switch {
	case ok && handled:
		return done
	case ok:
		return busy
	}
	c.handled[id] = false
	return fresh
}

// end marks id as handled when ok, and forgets it otherwise, so that the
// next delivery is handled. The oldest handled id is forgotten when the
// ring is full.
func (c *replayCache) end(id string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		delete(c.handled, id)
		return
	}
	c.handled[id] = true
	if len(c.order) < cap(c.order) {
		c.order = append(c.order, id)
		return
	}
	delete(c.handled, c.order[c.next])
	c.order[c.next] = id
	c.next = (c.next + 1) % len(c.order)
}
