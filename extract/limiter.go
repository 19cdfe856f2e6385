package extract

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/respkit/respkit/client"
)

// A limiter paces the calls of a run so that they stay under the server's
// rate limits. It keeps one bucket for requests and one for tokens, refilled
// continuously at the limit per minute, as the API's limits are; it learns the
// limits and the levels from the x-ratelimit-* headers of every answer, pauses
// every call for the wait a 429 asks for, and adapts the number of calls in
// flight: halved after a 429, raised by one for each round of successes, never
// above the maximum.
type limiter struct {
	mu       sync.Mutex
	max      int     // the most calls in flight
	window   float64 // the current bound on calls in flight, in [1, max]
	inFlight int
	reqs     bucket
	toks     bucket
	pause    time.Time     // no call starts before it
	wake     chan struct{} // closed and replaced when a call ends
	sentReqs int64         // requests sent so far
	sentToks int64         // tokens sent so far (estimated)
	limited  int           // 429 answers seen
}

// A bucket is a rate limit of the server, as the client sees it.
type bucket struct {
	limit int       // per minute; 0 while unknown
	level float64   // what is left
	at    time.Time // when level was last brought up to date
}

// refill brings b's level up to now.
func (b *bucket) refill(now time.Time) {
	if b.limit <= 0 {
		return
	}
	b.level = min(b.level+b.rate()*now.Sub(b.at).Seconds(), float64(b.limit))
	b.at = now
}

// rate is b's refill rate per second.
func (b *bucket) rate() float64 { return float64(b.limit) / 60 }

// need returns how long to wait for b to hold n, 0 if it does.
func (b *bucket) need(n float64) time.Duration {
	if b.limit <= 0 || b.level >= n {
		return 0
	}
	// Round up, so that the wait is never a nanosecond short.
	return time.Duration(math.Ceil((n-b.level)/b.rate()*float64(time.Second))) + 1
}

// sync lowers b to what the server reported at the start of a call: remaining
// after that call, less what was sent since, plus what refilled since.
func (b *bucket) sync(limit, remaining int, sentSince int64, elapsed time.Duration, now time.Time) {
	if limit <= 0 {
		return
	}
	known := b.limit > 0
	b.limit = limit
	if !known {
		b.level, b.at = float64(limit), now
	}
	b.refill(now)
	want := float64(remaining) - float64(sentSince) + b.rate()*elapsed.Seconds()
	b.level = min(b.level, max(want, 0), float64(limit))
}

// A ticket stands for one call in flight.
type ticket struct {
	at   time.Time
	reqs int64 // l.sentReqs once the call was counted
	toks int64
}

func newLimiter(maxInFlight, rpm, tpm int) *limiter {
	now := time.Now()
	return &limiter{
		max:    maxInFlight,
		window: float64(maxInFlight),
		reqs:   bucket{limit: rpm, level: float64(rpm), at: now},
		toks:   bucket{limit: tpm, level: float64(tpm), at: now},
		wake:   make(chan struct{}),
	}
}

// acquire waits until a call of cost tokens may start, and counts it.
func (l *limiter) acquire(ctx context.Context, cost int) (ticket, error) {
	for {
		l.mu.Lock()
		now := time.Now()
		l.reqs.refill(now)
		l.toks.refill(now)
		// A call bigger than the whole token limit waits for a full bucket
		// and then goes: the server decides.
		c := float64(cost)
		if l.toks.limit > 0 {
			c = min(c, float64(l.toks.limit))
		}
		var wait time.Duration
		full := false
		switch {
		case now.Before(l.pause):
			wait = l.pause.Sub(now)
		case l.inFlight >= int(l.window):
			full = true
		default:
			wait = max(l.reqs.need(1), l.toks.need(c))
		}
		if !full && wait == 0 {
			l.inFlight++
			l.sentReqs++
			l.sentToks += int64(cost)
			if l.reqs.limit > 0 {
				l.reqs.level--
			}
			if l.toks.limit > 0 {
				l.toks.level -= float64(cost)
			}
			t := ticket{at: now, reqs: l.sentReqs, toks: l.sentToks}
			l.mu.Unlock()
			return t, nil
		}
		wake := l.wake
		l.mu.Unlock()
		var tm *time.Timer
		var timer <-chan time.Time
		if !full {
			tm = time.NewTimer(wait)
			timer = tm.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-timer:
		}
		if tm != nil {
			tm.Stop()
		}
		if err := ctx.Err(); err != nil {
			return ticket{}, err
		}
	}
}

// release ends the call of t, which answered rl (the zero value if unknown)
// and err.
func (l *limiter) release(t ticket, rl client.RateLimit, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.inFlight--
	if apiErr, ok := errors.AsType[*client.APIError](err); ok {
		rl = apiErr.RateLimit
	}
	elapsed := now.Sub(t.at)
	l.reqs.sync(rl.LimitRequests, rl.RemainingRequests, l.sentReqs-t.reqs, elapsed, now)
	l.toks.sync(rl.LimitTokens, rl.RemainingTokens, l.sentToks-t.toks, elapsed, now)
	if isRateLimited(err) {
		l.limited++
		wait := time.Second
		if apiErr, ok := errors.AsType[*client.APIError](err); ok && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter
		}
		// Halve the window once per pause: the 429s of calls that were
		// already in flight say nothing new.
		if !now.Before(l.pause) {
			l.window = max(1, l.window/2)
		}
		l.pause = later(l.pause, now.Add(wait))
		l.reqs.level = min(l.reqs.level, 0)
		l.toks.level = min(l.toks.level, 0)
	} else if err == nil {
		l.window = min(float64(l.max), l.window+1/l.window)
	}
	close(l.wake)
	l.wake = make(chan struct{})
}

// state returns the calls in flight and the 429s seen.
func (l *limiter) state() (inFlight, limited int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inFlight, l.limited
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
