package batch

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// WaitOptions tune how [Service.Wait] and [Service.Run] poll.
type WaitOptions struct {
	// Interval is the first wait between two polls; default 5 s. Each wait
	// is 1.5 times the previous one, varied by ±10 %, up to MaxInterval.
	Interval time.Duration
	// MaxInterval is the longest wait between two polls; default 2 min.
	MaxInterval time.Duration
	// Progress, if not nil, is called with the batch after each poll
	// (Service.Wait), so that it sees the request counts grow.
	Progress func(*Batch)
}

// backoff returns the poll schedule of o, which may be nil.
func (o *WaitOptions) backoff() *backoff.ExponentialBackOff {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = 5 * time.Second
	b.MaxInterval = 2 * time.Minute
	if o != nil && o.Interval > 0 {
		b.InitialInterval = o.Interval
	}
	if o != nil && o.MaxInterval > 0 {
		b.MaxInterval = o.MaxInterval
	}
	if b.MaxInterval < b.InitialInterval {
		b.MaxInterval = b.InitialInterval
	}
	b.Multiplier = 1.5
	b.RandomizationFactor = 0.1
	b.MaxElapsedTime = 0 // a batch may take its whole window: the context bounds the wait
	b.Reset()
	return b
}

// Wait polls the batch id until it reaches a final status (see
// [Status.Done]) and returns it. The waits between polls grow as
// [WaitOptions] says. It returns early with the context's error when ctx
// ends, and with the error of a poll that failed (the client has retried it
// already).
func (s *Service) Wait(ctx context.Context, id string, opts *WaitOptions) (*Batch, error) {
	bo := opts.backoff()
	for {
		b, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if opts != nil && opts.Progress != nil {
			opts.Progress(b)
		}
		if b.Status.Done() {
			return b, nil
		}
		if err := sleep(ctx, bo.NextBackOff()); err != nil {
			return b, err
		}
	}
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
