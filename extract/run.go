package extract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// A Call does the work for one input: typically it builds a request and calls
// responses.Parse, whose results it returns as they are. The response, even
// with an error, is how the runner sees the rate-limit headers; nil is
// allowed. It must be safe for concurrent use.
type Call[In, Out any] func(ctx context.Context, in In) (Out, *responses.Response, error)

// Result is the outcome of one input.
type Result[Out any] struct {
	ID    string // the input's id
	Index int    // the input's position, from 0
	// Value is the output of the call, the zero value when Err is not nil.
	Value Out
	// Response is the last response received for the input, nil if none.
	Response *responses.Response
	// Err is the error of the last attempt, nil on success.
	Err error
	// Attempts is the number of times the call was made.
	Attempts int
}

// Run calls call for each input, with at most Options.MaxInFlight calls in
// flight, paced to stay under the server's rate limits, and yields a Result
// for each input: as the calls finish, or in input order with
// Options.Ordered. The inputs are id → input pairs; the ids are carried to
// the results as they are (Run does not check that they are unique).
//
// It returns a single-use iterator. The inputs are read, and the calls made,
// while the iteration runs, from other goroutines; the results are yielded
// in the iterating goroutine, as is Options.Progress.
//
// Pacing: the runner keeps a bucket of requests and one of tokens per minute,
// refilled continuously, whose limits and levels it takes from the
// x-ratelimit-* headers of every answer (see client.RateLimit); a call starts
// only when both hold enough, and when they do not the runner waits for them
// to refill rather than sending into a 429. A 429 pauses every call for the
// wait the server asks for (retry-after-ms, retry-after, else 1 s), halves the
// calls in flight, and is retried (Options.MaxRetries); each success raises
// the bound back, by one per round of calls.
//
// The client's own retries must not fight the runner's: build the client with
// client.WithMaxRetries(0), so that every 429 reaches the runner, which
// retries it, and the 408, 409 and 5xx answers and connection errors the
// client would have retried, itself. With the client's retries left on, a 429
// the client retries is invisible to the runner, which then adapts only to the
// headers.
//
// When ctx ends, no new call starts (calls waiting for a retry stop with their
// last error), the calls in flight run to their end with a context that keeps
// ctx's values but not its cancellation, their results are yielded, and the
// iteration ends: the inputs not started have no result. Bound a call's time
// with client.WithTimeout. Breaking out of the loop cancels the calls in
// flight and waits for them.
func Run[In, Out any](ctx context.Context, inputs iter.Seq2[string, In], call Call[In, Out], opts *Options[In]) iter.Seq[Result[Out]] {
	return func(yield func(Result[Out]) bool) {
		o := opts.withDefaults()
		r := &runner[In, Out]{
			opts:  o,
			call:  call,
			lim:   newLimiter(o.MaxInFlight, o.RequestsPerMinute, o.TokensPerMinute),
			out:   make(chan Result[Out]),
			start: time.Now(),
		}
		// feed stops new work: it ends with ctx or when the loop breaks.
		feed, stopFeed := context.WithCancel(ctx)
		// work runs the calls: it ends only when the loop breaks.
		work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
		defer func() {
			stopFeed()
			stopWork()
			for range r.out { // let the calls in flight end
			}
		}()
		go r.feed(feed, work, inputs)

		var p Progress
		next := 0
		pending := map[int]Result[Out]{}
		for res := range r.out {
			if res.Err == nil {
				p.Done++
			} else {
				p.Failed++
			}
			if o.Progress != nil {
				p.InFlight, p.RateLimited = r.lim.state()
				p.Elapsed = time.Since(r.start)
				if m := p.Elapsed.Minutes(); m > 0 {
					p.PerMinute = float64(p.Done+p.Failed) / m
				}
				o.Progress(p)
			}
			if !o.Ordered {
				if !yield(res) {
					return
				}
				continue
			}
			pending[res.Index] = res
			for {
				res, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				if !yield(res) {
					return
				}
			}
		}
		// Every input started has a result, so nothing should be left; if
		// something is, yield it in order rather than lose it.
		for len(pending) > 0 {
			if res, ok := pending[next]; ok {
				delete(pending, next)
				if !yield(res) {
					return
				}
			}
			next++
		}
	}
}

type runner[In, Out any] struct {
	opts  Options[In]
	call  Call[In, Out]
	lim   *limiter
	out   chan Result[Out]
	start time.Time

	mu     sync.Mutex
	tokens float64 // total tokens of the responses so far
	calls  int     // responses that reported usage
}

// feed reads the inputs and starts a call for each, as the limiter allows,
// until feed ends; then it waits for the calls and closes r.out.
func (r *runner[In, Out]) feed(feed, work context.Context, inputs iter.Seq2[string, In]) {
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
		close(r.out)
	}()
	i := 0
	for id, in := range inputs {
		if feed.Err() != nil {
			return
		}
		t, err := r.lim.acquire(feed, r.cost(in))
		if err != nil {
			return
		}
		idx := i
		wg.Go(func() { r.out <- r.do(feed, work, t, idx, id, in) })
		i++
	}
}

// cost estimates the tokens a call for in costs.
func (r *runner[In, Out]) cost(in In) int {
	if r.opts.Tokens != nil {
		return max(r.opts.Tokens(in), 0)
	}
	n := 0
	if req, ok := any(in).(*responses.Request); ok {
		n = estimate(req)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls > 0 {
		n = max(n, int(r.tokens/float64(r.calls)))
	}
	return n
}

// safeCall calls r.call, turning a panic into an error.
func (r *runner[In, Out]) safeCall(ctx context.Context, in In) (out Out, resp *responses.Response, err error) {
	defer func() {
		if v := recover(); v != nil {
			var zero Out
			out, resp, err = zero, nil, fmt.Errorf("extract: call panicked: %v", v)
		}
	}()
	return r.call(ctx, in)
}

// do runs the call for one input, whose first attempt holds t, with its
// retries and the flex fallback.
func (r *runner[In, Out]) do(feed, work context.Context, t ticket, i int, id string, in In) Result[Out] {
	res := Result[Out]{ID: id, Index: i}
	flex := r.opts.Flex
	retries := 0
	for {
		ctx := work
		if flex {
			ctx = context.WithValue(work, tierKey{}, responses.ServiceTierFlex)
		}
		res.Attempts++
		out, resp, err := r.safeCall(ctx, in)
		var rl client.RateLimit
		if resp != nil {
			rl = resp.RateLimit()
			res.Response = resp
			if resp.Usage != nil && resp.Usage.TotalTokens > 0 {
				r.mu.Lock()
				r.tokens += float64(resp.Usage.TotalTokens)
				r.calls++
				r.mu.Unlock()
			}
		}
		r.lim.release(t, rl, err)
		if err == nil {
			res.Value, res.Err = out, nil
			return res
		}
		res.Err = err
		switch {
		case flex && isFlexUnavailable(err):
			flex = false
		case retryable(err) && retries < r.opts.MaxRetries:
			retries++
			if !isRateLimited(err) {
				if sleep(feed, backoff(retries)) != nil {
					return res
				}
			}
		default:
			return res
		}
		// A retry waits for the limiter like a new call, so it does not start
		// once ctx has ended.
		if t, err = r.lim.acquire(feed, r.cost(in)); err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				res.Err = errors.Join(res.Err, err)
			}
			return res
		}
	}
}
