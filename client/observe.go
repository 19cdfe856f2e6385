package client

import (
	"context"
	"time"
)

// An Observer watches the HTTP attempts of a client's requests, for
// tracing and metrics (package github.com/respkit/respkit/otel makes one
// for OpenTelemetry). Set it with [WithObserver]; a client without one
// pays nothing for it.
type Observer struct {
	// Attempt, if set, is called as each attempt of a request starts, on
	// the goroutine that makes the call. It returns the context the
	// attempt runs in (where an observer keeps its span) and a function
	// that the client calls once when the attempt ends: when its response's
	// headers arrive or it fails.
	Attempt func(ctx context.Context, a AttemptInfo) (context.Context, func(AttemptResult))
}

// AttemptInfo describes an attempt that starts.
type AttemptInfo struct {
	Method string
	Path   string // the request's path, such as "/responses"
	// Attempt is 1 for the first attempt of a request, 2 for its first
	// retry, and so on.
	Attempt int
}

// AttemptResult describes an attempt that ended.
type AttemptResult struct {
	Status    int    // the response's status, 0 when none arrived
	RequestID string // the x-request-id header
	RateLimit RateLimit
	Duration  time.Duration
	// Err is the attempt's error (an *[APIError] for a status that is not
	// 2xx), with secrets scrubbed, or nil.
	Err error
	// Retried reports that the attempt failed and the request may be
	// sent again (unless the wait the server asks for is too long or the
	// context ends first).
	Retried bool
}

// WithObserver sets the observer of the client's HTTP attempts; nil
// removes it.
func WithObserver(o *Observer) Option {
	return func(cfg *config) error {
		cfg.observer = o
		return nil
	}
}
