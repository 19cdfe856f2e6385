package responsestest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/respkit/respkit/responses"
)

// StallAtEnd is the [Stall.After] of a stall after a stream's last event,
// with the body not ended.
const StallAtEnd = -1

// A Stall stops a stream at a point: the server sends nothing more until the
// client goes away or For has passed, then goes on.
type Stall struct {
	// After is the number of events sent before the stall: 0 stalls right
	// after the headers, [StallAtEnd] after the last event.
	After int
	// For is how long the stall lasts; 0 lasts until the client goes away.
	For time.Duration
}

// A LargeEvent pads a stream's event so that its data is more than Size
// bytes, more than a client reads (see client.WithMaxEventSize).
type LargeEvent struct {
	// After is the number of events sent before the large one.
	After int
	// Size is the least size of the event's data, in bytes.
	Size int
}

// RateLimited replies with HTTP 429, the API's rate limit error, and the
// headers that say when to retry: retry-after-ms, and retry-after in whole
// seconds (rounded up).
func RateLimited(retryAfter time.Duration) Reply {
	return Error(http.StatusTooManyRequests, ErrorBody{
		Type:    "requests",
		Code:    "rate_limit_exceeded",
		Message: "Rate limit reached for requests. Please try again in " + retryAfter.String() + ".",
	}).
		WithRetryAfter(retryAfter)
}

// WithRetryAfter returns r with the headers retry-after-ms and retry-after
// (whole seconds, rounded up) set to d.
func (r Reply) WithRetryAfter(d time.Duration) Reply {
	r = r.WithHeader("retry-after-ms", strconv.FormatInt(d.Milliseconds(), 10))
	return r.WithHeader("retry-after", strconv.Itoa(int(math.Ceil(d.Seconds()))))
}

// WithErrorAfterEvents returns r whose stream sends n events, then an error
// event with the code and message (in the nested form, see
// [Reply.WithFlatErrorEvent]) and a response.failed event, as the API does
// when it fails midway; n ≤ 0 means after the in_progress event. The stream
// has started with HTTP 200. A request that is not streamed gets HTTP 500
// with the error instead.
func (r Reply) WithErrorAfterEvents(n int, code, message string) Reply {
	r.ErrorEvent = &responses.ResponseError{Code: code, Message: message}
	r.ErrorAfterEvents = n
	return r
}

// WithFlatErrorEvent returns r whose stream's error event (see
// [StreamFailure] and [Reply.WithErrorAfterEvents]) has the flat form of the
// OpenAPI specification, {"type":"error","code":…,"message":…,"param":null},
// instead of the nested form the API sends.
func (r Reply) WithFlatErrorEvent() Reply {
	r.FlatErrorEvent = true
	return r
}

// WithStallAfterHeaders returns r whose stream (or body) sends its headers
// and then nothing until the client goes away, or for d when d is positive.
func (r Reply) WithStallAfterHeaders(d time.Duration) Reply {
	return r.WithStallAfterEvents(0, d)
}

// WithStallAfterEvents returns r whose stream sends n events and then
// nothing until the client goes away, or for d when d is positive.
func (r Reply) WithStallAfterEvents(n int, d time.Duration) Reply {
	if n < 0 {
		panic(fmt.Sprintf("responsestest: WithStallAfterEvents: negative count %d", n))
	}
	r.Stall = &Stall{After: n, For: d}
	return r
}

// WithStallAtEnd returns r whose stream sends all its events, the last one
// included, and then neither ends the body nor sends anything until the
// client goes away, or for d when d is positive.
func (r Reply) WithStallAtEnd(d time.Duration) Reply {
	r.Stall = &Stall{After: StallAtEnd, For: d}
	return r
}

// WithLargeEvent returns r whose stream's event after the first n has more
// than size bytes of data (an unknown member pads it), so that a client
// bounding events to size bytes fails on it.
func (r Reply) WithLargeEvent(n, size int) Reply {
	r.LargeEvent = &LargeEvent{After: n, Size: size}
	return r
}
