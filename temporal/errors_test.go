package temporal

import (
	"errors"
	"net/http"
	"testing"
	"time"

	sdk "go.temporal.io/sdk/temporal"

	"github.com/respkit/respkit/client"
)

// TestActivityError checks which API errors Temporal retries, and after
// what wait.
func TestActivityError(t *testing.T) {
	transport := errors.New("connection reset")
	if got := activityError(transport); got != transport {
		t.Errorf("a transport error became %v", got)
	}
	for _, tc := range []struct {
		err   *client.APIError
		retry bool
		wait  time.Duration
	}{
		{&client.APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: 7 * time.Second}, true, 7 * time.Second},
		{&client.APIError{StatusCode: http.StatusTooManyRequests, Code: "insufficient_quota"}, false, 0},
		{&client.APIError{StatusCode: http.StatusInternalServerError}, true, 0},
		{&client.APIError{StatusCode: http.StatusBadRequest}, false, 0},
		{&client.APIError{StatusCode: http.StatusUnauthorized}, false, 0},
	} {
		var ae *sdk.ApplicationError
		if !errors.As(activityError(tc.err), &ae) {
			t.Fatalf("%d: not an application error", tc.err.StatusCode)
		}
		if ae.NonRetryable() == tc.retry || ae.NextRetryDelay() != tc.wait {
			t.Errorf("%d %s: non-retryable %v, next retry delay %v; want retry %v after %v",
				tc.err.StatusCode, tc.err.Code, ae.NonRetryable(), ae.NextRetryDelay(), tc.retry, tc.wait)
		}
		if !errors.Is(ae, tc.err) && !errors.As(ae, new(*client.APIError)) {
			t.Errorf("%d: the API error is not the cause", tc.err.StatusCode)
		}
	}
}
