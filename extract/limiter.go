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
// continuously at the limit per minute, as the API's limits are (or per day,
// when the reset times say so); it learns the limits and the levels from the
// x-ratelimit-* headers of every answer, pauses
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
	limit int           // per window; 0 while unknown
	per   time.Duration // the window: a minute unless the reset times say longer
	level float64       // what is left
	at    time.Time     // when level was last brought up to date

	// foreign is what others take from the limit per second: other
	// processes on the same key, or calls that cost more than estimated.
	// It is measured between two answers at least sampleEvery apart, from
	// the server's remaining counts and what this run sent in between.
	foreign  float64
	measured bool     // whether foreign was measured
	ref      snapshot // the answer the next measure starts from
	refunded int64    // what was sent and answered 429, so not counted
}

// A snapshot is the server's remaining count as an answer reported it.
type snapshot struct {
	at        time.Time // when the call was sent (and counted by the server)
	remaining int
	sent      int64 // what this run had sent by then, the call included
}

// sampleEvery is the least time between the two answers that measure
// foreign use: the remaining counts are whole numbers, so a sample is off by
// up to 2/sampleEvery per second, which measure discounts.
const sampleEvery = 20 * time.Second

// refill brings b's level up to now.
func (b *bucket) refill(now time.Time) {
	if b.limit <= 0 {
		return
	}
	b.level = min(b.level+b.rate()*now.Sub(b.at).Seconds(), float64(b.limit))
	b.at = now
}

// nominal is b's refill rate per second by its limit.
func (b *bucket) nominal() float64 {
	per := b.per
	if per <= 0 {
		per = time.Minute
	}
	return float64(b.limit) / per.Seconds()
}

// learnWindow reads the window of a limit from a reset time: the API's
// limits are per minute, but a limit per day reports a reset time far longer
// than a minute for what is missing. It needs a tenth of the limit used for a
// precise reading.
func (b *bucket) learnWindow(limit, remaining int, reset time.Duration) {
	used := limit - remaining
	if reset <= 0 || used < limit/10 || used <= 0 {
		return
	}
	if w := time.Duration(float64(reset) * float64(limit) / float64(used)); w > 2*time.Minute {
		b.per = w.Round(time.Minute)
	} else {
		b.per = time.Minute
	}
}

// rate is b's refill rate per second, less what others take (but never
// below a twentieth of the limit, so that a bad measure cannot stop a run).
func (b *bucket) rate() float64 {
	nominal := b.nominal()
	if b.foreign == 0 {
		return nominal
	}
	return max(nominal-b.foreign, nominal/20)
}

// need returns how long to wait for b to hold n, 0 if it does.
func (b *bucket) need(n float64) time.Duration {
	if b.limit <= 0 || b.level >= n {
		return 0
	}
	// Round up, so that the wait is never a nanosecond short.
	return time.Duration(math.Ceil((n-b.level)/b.rate()*float64(time.Second))) + 1
}

// sync lowers b to what the server reported at the start of a call, sent at
// t when this run had sent sent (the call included): remaining after that
// call, less what was sent since, plus what refilled since. It also measures
// what others take.
func (b *bucket) sync(limit, remaining int, reset time.Duration, t time.Time, sent, sentNow int64, now time.Time) {
	if limit <= 0 {
		return
	}
	b.learnWindow(limit, remaining, reset)
	known := b.limit > 0
	b.limit = limit
	if !known {
		b.level, b.at = float64(limit), now
	}
	b.measure(snapshot{at: t, remaining: remaining, sent: sent - b.refunded})
	b.refill(now)
	want := float64(remaining) - float64(sentNow-sent) + b.rate()*now.Sub(t).Seconds()
	b.level = min(b.level, max(want, 0), float64(limit))
}

// measure updates what others take from the answers s and b.ref. It measures
// only while the bucket is well below full at both ends: a full bucket stops
// refilling, and the refill it missed would count as taken.
func (b *bucket) measure(s snapshot) {
	r := b.ref
	if r.at.IsZero() || !s.at.After(r.at) {
		if r.at.IsZero() {
			b.ref = s
		}
		return
	}
	d := s.at.Sub(r.at)
	if d < sampleEvery {
		return
	}
	b.ref = s
	high := 0.9 * float64(b.limit)
	if float64(r.remaining) >= high || float64(s.remaining) >= high {
		// The server's bucket is nearly full: whatever others take, this
		// run leaves capacity unused. Forget half of what was measured, or
		// a measure too high would keep the run slow (and the bucket full,
		// so never measured again).
		if float64(r.remaining) >= high && float64(s.remaining) >= high {
			b.foreign = 0
		} else {
			b.foreign /= 2
		}
		return
	}
	nominal := b.nominal()
	expected := float64(r.remaining) + nominal*d.Seconds() - float64(s.sent-r.sent)
	// The remaining counts are whole numbers and the server may count a
	// call a little before or after this run thinks: a sample within that
	// error is no use by others, and one above it counts only what is
	// beyond the error, so that noise does not slow a run that is alone.
	sample := max((expected-float64(s.remaining)-2)/d.Seconds(), 0)
	if b.measured {
		b.foreign = (b.foreign + sample) / 2
	} else {
		b.foreign, b.measured = sample, true
	}
}

// A ticket stands for one call in flight.
type ticket struct {
	at   time.Time
	cost int64
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
			t := ticket{at: now, cost: int64(cost), reqs: l.sentReqs, toks: l.sentToks}
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
	l.reqs.sync(rl.LimitRequests, rl.RemainingRequests, rl.ResetRequests, t.at, t.reqs, l.sentReqs, now)
	l.toks.sync(rl.LimitTokens, rl.RemainingTokens, rl.ResetTokens, t.at, t.toks, l.sentToks, now)
	if errors.Is(err, client.ErrRateLimited) {
		l.reqs.refunded++
		l.toks.refunded += t.cost
	}
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
