package extract

import (
	"context"
	"time"

	"github.com/respkit/respkit/responses"
)

// Options configures a run. The zero value, and a nil *Options, is a run of
// at most 16 calls in flight, results as they finish, up to 4 retries of a
// call that failed for a passing reason, limits learned from the server, on
// the tier each request asks for.
type Options[In any] struct {
	// MaxInFlight is the most calls in flight at once; 0 means 16. The runner
	// lowers it after a 429 and raises it back as calls succeed.
	MaxInFlight int

	// RequestsPerMinute and TokensPerMinute are the limits the run starts
	// with, 0 if unknown. Either way, the runner follows the limits the
	// server reports in the x-ratelimit-* headers of each answer.
	RequestsPerMinute int
	TokensPerMinute   int

	// Tokens estimates how many tokens of the per-minute limit a call for in
	// costs (its input and its max_output_tokens, as the API counts them).
	// When nil, the cost is the mean total tokens of the responses so far,
	// and for a *responses.Request at least ApproxTokens of its JSON plus its
	// MaxOutputTokens.
	Tokens func(in In) int

	// MaxRetries is how many times a call that failed for a passing reason
	// (a 429 rate limit, 408, 409, 5xx, a connection error) is sent again;
	// 0 means 4, a negative value none. A 429 is retried after the wait the
	// server asks for, other errors after an exponential backoff.
	MaxRetries int

	// Ordered yields the results in the order of the inputs, rather than as
	// they finish. A slow input then holds back those after it.
	Ordered bool

	// Flex sends each call on the flex tier (service_tier "flex": cheaper,
	// slower, and sometimes without capacity). When flex answers 429
	// "resource unavailable", the call is sent again at once on the tier the
	// request asked for. See [ServiceTier].
	Flex bool

	// MaxInputTokens, when positive, makes ParseAll count the input tokens of
	// each request first (Service.CountInputTokens) and refuse a request
	// above it with a *TooLongError, without sending it.
	MaxInputTokens int

	// Progress, when not nil, is called after each input finishes, from the
	// goroutine that ranges over the results.
	Progress func(Progress)
}

// Progress is the state of a run, passed to Options.Progress.
type Progress struct {
	Done        int           // inputs that succeeded
	Failed      int           // inputs that failed
	InFlight    int           // calls in flight
	RateLimited int           // 429 answers for a rate limit, retried or not
	Elapsed     time.Duration // since the run started
	// PerMinute is the rate of finished inputs, done or failed, since the
	// run started.
	PerMinute float64
}

func (o *Options[In]) withDefaults() Options[In] {
	var c Options[In]
	if o != nil {
		c = *o
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 16
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = 4
	}
	c.MaxRetries = max(c.MaxRetries, 0)
	return c
}

type tierKey struct{}

// ServiceTier returns the service tier the runner asks a call to use:
// [responses.ServiceTierFlex] when Options.Flex is set and flex has not answered "resource
// unavailable" for this input, "" to leave the request's own tier. A Call
// given to Run sets it on its request when it is not empty; ParseAll does so
// itself.
func ServiceTier(ctx context.Context) responses.ServiceTier {
	s, _ := ctx.Value(tierKey{}).(responses.ServiceTier)
	return s
}
