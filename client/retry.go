package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// The exponential backoff used when the server does not say how long to wait:
// intervals of 0.5 s, 1 s, 2 s, 4 s, then 8 s, each randomized by ±25 %.
const (
	backoffInitial    = 500 * time.Millisecond
	backoffMultiplier = 2
	backoffMax        = 8 * time.Second
	defaultJitter     = 0.25
)

// newBackOff returns the backoff for one call. Calls that succeed at once never
// build one.
func (cfg *config) newBackOff() *backoff.ExponentialBackOff {
	return backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(backoffInitial),
		backoff.WithMultiplier(backoffMultiplier),
		backoff.WithMaxInterval(backoffMax),
		backoff.WithRandomizationFactor(cfg.jitter),
		backoff.WithMaxElapsedTime(0), // the number of retries bounds the call, not the time
	)
}

// do runs the attempts of one call until one succeeds, one fails for good, the
// retries are used up, or ctx is done.
func (c *Client) do(ctx context.Context, r *Request, open bool, opts []Option) (*Response, io.ReadCloser, error) {
	cfg, err := c.c.callConfig(opts)
	if err != nil {
		if r == nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("client: %s %s: %w", r.Method, r.Path, err)
	}
	target, err := cfg.target(r)
	if err != nil {
		return nil, nil, err
	}
	if r, err = cfg.withBody(r); err != nil {
		return nil, nil, err
	}
	if cfg.callTimeout <= 0 {
		return cfg.run(ctx, r, target, open)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, cfg.callTimeout, &callTimeoutError{cfg.callTimeout})
	resp, body, err := cfg.run(ctx, r, target, open)
	if body != nil {
		return resp, &closeFunc{ReadCloser: body, done: cancel}, nil
	}
	cancel()
	return resp, nil, err
}

// run is do for the configuration of the call.
func (cfg *config) run(ctx context.Context, r *Request, target string, open bool) (*Response, io.ReadCloser, error) {
	var err error
	var stream io.ReadCloser // the body of the next attempt, from GetBody
	if r.GetBody != nil {
		if stream, err = r.GetBody(); err != nil {
			return nil, nil, fmt.Errorf("client: %s %s: open body: %w", r.Method, r.Path, err)
		}
	}
	var bo *backoff.ExponentialBackOff
	for attempt := r.Attempts + 1; ; attempt++ {
		var start time.Time
		if cfg.logger != nil || cfg.observer != nil {
			start = time.Now()
		}
		var o outcome
		if cfg.observer == nil || cfg.observer.Attempt == nil {
			o = cfg.attempt(ctx, r, target, open, stream)
		} else {
			o = cfg.observeAttempt(ctx, r, target, open, stream, attempt, start)
		}
		if o.err == nil {
			cfg.logAttempt(ctx, r, attempt, start, &o, -1)
			o.resp.Attempts = attempt
			return o.resp, o.body, nil
		}
		if ctx.Err() != nil {
			cfg.logAttempt(ctx, r, attempt, start, &o, -1)
			return nil, nil, fmt.Errorf("client: %s %s: %w (after %s; last error: %w)",
				r.Method, r.Path, ctxErr(ctx), attempts(attempt), o.err)
		}
		if !o.retry || attempt > cfg.maxRetries || o.serverWait > cfg.maxRetryDelay {
			cfg.logAttempt(ctx, r, attempt, start, &o, -1)
			return nil, nil, giveUp(r, attempt, o.err)
		}
		if bo == nil {
			bo = cfg.newBackOff()
		}
		// The backoff advances on every retry, so the schedule depends on the
		// retry number even when the server chose some of the waits.
		wait := min(bo.NextBackOff(), cfg.maxRetryDelay)
		if o.serverWait > 0 {
			wait = o.serverWait
		}
		if r.GetBody != nil {
			// Open the next body before waiting, so that a body that
			// cannot be sent again ends the call at once.
			if stream, err = r.GetBody(); err != nil {
				cfg.logAttempt(ctx, r, attempt, start, &o, -1)
				return nil, nil, giveUp(r, attempt, o.err)
			}
		}
		cfg.logAttempt(ctx, r, attempt, start, &o, wait)
		if err := sleep(ctx, wait); err != nil {
			if stream != nil {
				stream.Close()
			}
			return nil, nil, fmt.Errorf("client: %s %s: %w while waiting to retry (after %s; last error: %w)",
				r.Method, r.Path, ctxErr(ctx), attempts(attempt), o.err)
		}
	}
}

// observeAttempt is attempt, told to the observer.
func (cfg *config) observeAttempt(ctx context.Context, r *Request, target string, open bool, stream io.ReadCloser, attempt int, start time.Time) outcome {
	actx, end := cfg.observer.Attempt(ctx, AttemptInfo{Method: r.Method, Path: r.Path, Attempt: attempt})
	if actx == nil {
		actx = ctx
	}
	o := cfg.attempt(actx, r, target, open, stream)
	if end != nil {
		res := AttemptResult{Status: o.status, RequestID: o.requestID, Duration: time.Since(start), Err: o.err}
		if o.resp != nil {
			res.RateLimit = o.resp.RateLimit
		}
		if apiErr, ok := o.err.(*APIError); ok {
			res.RateLimit = apiErr.RateLimit
		}
		res.Retried = o.err != nil && o.retry && attempt <= cfg.maxRetries && ctx.Err() == nil
		end(res)
	}
	return o
}

// ctxErr returns the error of the ended ctx: the call's own timeout when it
// ran out, and ctx.Err() otherwise.
func ctxErr(ctx context.Context) error {
	var te *callTimeoutError
	if cause := context.Cause(ctx); errors.As(cause, &te) {
		return te
	}
	return ctx.Err()
}

// giveUp returns the error of a call whose last attempt failed with err: an
// *APIError as is, anything else wrapped with the number of attempts.
func giveUp(r *Request, n int, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) || errors.Is(err, ErrBodyTooLarge) || errors.Is(err, errInvalidRequest) {
		return err
	}
	return fmt.Errorf("client: %s %s failed after %s: %w", r.Method, r.Path, attempts(n), err)
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// shouldRetry reports whether a non-2xx response may be retried: x-should-retry
// decides when it says true or false; otherwise 408, 409, 429 and 5xx are,
// except a 429 for an exhausted quota, which waiting does not cure.
func shouldRetry(resp *http.Response, e *APIError) bool {
	switch strings.TrimSpace(strings.ToLower(header(resp.Header, hdrShouldRetry))) {
	case "true":
		return true
	case "false":
		return false
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return !e.Is(ErrQuotaExceeded)
	case s == http.StatusRequestTimeout, s == http.StatusConflict:
		return true
	case s >= 500:
		return true
	}
	return false
}

// retryableTransport reports whether an attempt that got no usable response
// may be retried. Connection errors, bodies cut short and attempts that ran
// out of time are; errors of our own making and permanent middleware errors
// are not.
func retryableTransport(err error) bool {
	var perm *backoff.PermanentError
	switch {
	case errors.As(err, &perm),
		errors.Is(err, ErrBodyTooLarge),
		errors.Is(err, errInvalidRequest),
		errors.Is(err, errNoResponse),
		errors.Is(err, errLengthMismatch):
		return false
	}
	return true
}

// retryAfter returns the wait the server asked for: retry-after-ms (milliseconds),
// else retry-after (seconds, fractional allowed, or an HTTP date, relative to
// now). ok is false when neither header holds a valid value. A date in the past
// gives 0; a wait too long for a Duration gives the longest Duration.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if s := strings.TrimSpace(header(h, hdrRetryAfterMs)); s != "" {
		if d, ok := parseWait(s, float64(time.Millisecond)); ok {
			return d, true
		}
	}
	s := strings.TrimSpace(header(h, hdrRetryAfter))
	if s == "" {
		return 0, false
	}
	if d, ok := parseWait(s, float64(time.Second)); ok {
		return d, true
	}
	t, err := http.ParseTime(s)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// parseWait parses a non-negative finite number of units.
func parseWait(s string, unit float64) (time.Duration, bool) {
	if s == "" || (s[0] < '0' || s[0] > '9') && s[0] != '.' {
		return 0, false // also rejects signs, "NaN" and "Inf"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(f) || f < 0 {
		return 0, false
	}
	if f*unit >= math.MaxInt64 {
		return math.MaxInt64, true
	}
	return time.Duration(f * unit), true
}

// timeoutError is the error of an attempt that ran out of the time given by
// WithTimeout. It matches ErrTimeout and context.DeadlineExceeded, and is a
// net.Error whose Timeout method reports true.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string   { return "attempt timed out after " + e.d.String() }
func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Temporary() bool { return true }
func (e *timeoutError) Unwrap() error   { return context.DeadlineExceeded }

func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
