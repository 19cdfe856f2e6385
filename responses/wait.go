package responses

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/respkit/respkit/client"
)

// The default intervals between the polls of [Service.Wait].
const (
	defaultPollFirst = 500 * time.Millisecond
	defaultPollMax   = 10 * time.Second
)

// A WaitOption changes how [Service.Wait] polls.
type WaitOption func(*waitConfig)

type waitConfig struct {
	first, max time.Duration
	include    []string
}

// WithPollInterval sets the wait before the second poll of [Service.Wait]
// (first) and the longest wait between two polls (max); the waits between
// grow exponentially, each varied by ±25 %. The default is 0.5 s and 10 s.
// A value of zero or less keeps the default of that bound.
func WithPollInterval(first, max time.Duration) WaitOption {
	return func(c *waitConfig) {
		if first > 0 {
			c.first = first
		}
		if max > 0 {
			c.max = max
		}
	}
}

// WithPollInclude asks every poll of [Service.Wait] for optional output
// data, as the include of [Service.Get] does.
func WithPollInclude(include ...string) WaitOption {
	return func(c *waitConfig) { c.include = append(c.include, include...) }
}

// Wait polls a background response (GET /responses/{id}) until its status
// is terminal: completed, incomplete, failed or cancelled. It polls at once,
// then after a wait that grows from 0.5 s to 10 s with jitter (see
// [WithPollInterval]); when a poll's answer carries a hint, retry-after-ms,
// openai-poll-after-ms or Retry-After (seconds or an HTTP date), the next
// poll waits that long instead.
//
// It returns the terminal response. A failed response is returned with its
// *[ResponseError], as [Parse] reports it; an incomplete or cancelled one is
// returned with a nil error, as [Service.Create] returns an incomplete one:
// check [Response.Status].
//
// When ctx ends, Wait returns the last response it polled (nil if none) with
// an error that wraps ctx.Err(). It never cancels the work on the server:
// the response runs on, to be waited for again or cancelled explicitly with
// [Service.Cancel]. An error of a poll (such as a *[client.APIError], after
// the client's retries) is returned as is. For per-call options, such as a
// bound on each poll, wait with a Service made by [Service.With].
func (s *Service) Wait(ctx context.Context, id string, opts ...WaitOption) (*Response, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	cfg := waitConfig{first: defaultPollFirst, max: defaultPollMax}
	for _, o := range opts {
		o(&cfg)
	}
	bo := backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(cfg.first),
		backoff.WithMaxInterval(max(cfg.max, cfg.first)),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.25),
		backoff.WithMaxElapsedTime(0), // ctx bounds the wait, not the backoff
	)
	var get []client.Option
	if len(cfg.include) > 0 {
		get = []client.Option{WithInclude(cfg.include...)}
	}
	var last *Response
	for {
		r, err := s.Get(ctx, id, get...)
		if err != nil {
			if ctx.Err() != nil {
				return last, waitDone(id, last, ctx)
			}
			return last, err
		}
		last = r
		switch r.Status {
		case StatusCompleted, StatusIncomplete, StatusCancelled:
			return r, nil
		case StatusFailed:
			if r.Error != nil {
				return r, r.Error
			}
			return r, &ResponseError{Message: "the response failed without saying why"}
		}
		d, ok := pollHint(r.Header(), time.Now())
		if !ok {
			d = bo.NextBackOff()
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, waitDone(id, last, ctx)
		case <-t.C:
		}
	}
}

// waitDone is the error of a Wait whose context ended.
func waitDone(id string, last *Response, ctx context.Context) error {
	if last == nil {
		return fmt.Errorf("responses: wait for %s: %w", id, context.Cause(ctx))
	}
	return fmt.Errorf("responses: wait for %s (still %s): %w", id, last.Status, context.Cause(ctx))
}

// pollHint returns the wait the headers of a poll ask for: retry-after-ms,
// else openai-poll-after-ms, else retry-after (see [client.RetryAfter]).
func pollHint(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Openai-Poll-After-Ms"); v != "" && h.Get("Retry-After-Ms") == "" {
		// The poll hint counts milliseconds, as retry-after-ms does.
		if d, ok := client.RetryAfter(http.Header{"Retry-After-Ms": {v}}, now); ok {
			return d, true
		}
	}
	return client.RetryAfter(h, now)
}
