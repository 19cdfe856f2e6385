package extract

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
)

// isRateLimited reports whether err is a 429 for a rate limit: not an
// exhausted quota, which waiting does not cure, and not flex capacity.
func isRateLimited(err error) bool {
	return errors.Is(err, client.ErrRateLimited) &&
		!errors.Is(err, client.ErrQuotaExceeded) &&
		!isFlexUnavailable(err)
}

// isFlexUnavailable reports whether err is the 429 with which the flex tier
// says it has no capacity for the request ("resource unavailable"), which is
// not charged and is not a rate limit.
func isFlexUnavailable(err error) bool {
	e, ok := errors.AsType[*client.APIError](err)
	if !ok || e.StatusCode != http.StatusTooManyRequests {
		return false
	}
	const s = "resource_unavailable"
	return e.Code == s || e.Type == s ||
		strings.Contains(strings.ToLower(e.Message), "resource unavailable")
}

// retryable reports whether a call that failed with err may succeed when
// sent again: a rate limit, a timeout, a conflict, a server error or a
// connection error. Errors about the answer itself (a refusal, output that
// does not decode) are not: Parse re-asks those with WithMaxAttempts.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if _, ok := errors.AsType[*client.APIError](err); ok {
		return isRateLimited(err) || errors.Is(err, client.ErrTimeout) ||
			errors.Is(err, client.ErrConflict) || errors.Is(err, client.ErrServer)
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF)
}

// backoff returns the wait before retry n (from 1) of an error that is not a
// rate limit: 0.5 s, 1 s, 2 s, … up to 8 s.
func backoff(n int) time.Duration {
	return min(500*time.Millisecond<<min(n-1, 5), 8*time.Second)
}

// sleep waits for d or until ctx ends, and returns ctx's error if it ended.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
