package responsestest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/respkit/respkit/responses"
)

// defaultOutputTokens is what a request without max_output_tokens counts
// for its output when the rate limiter estimates its tokens.
const defaultOutputTokens = 256

// Stats counts what the server answered to POST /responses.
type Stats struct {
	// Requests is the number of POST /responses requests that passed
	// validation, the ones answered 429 included (not the lines of
	// batches).
	Requests int
	// RateLimited is the number answered 429 rate_limit_exceeded.
	RateLimited int
	// FlexUnavailable is the number of flex requests answered 429
	// resource_unavailable.
	FlexUnavailable int
	// Tokens is the sum of the estimated tokens of the admitted requests.
	Tokens int
}

// Stats returns the counts of the requests so far.
func (s *Server) Stats() Stats {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	return s.bulk.stats
}

// limiter is a pair of token buckets, as the API's rate limits behave: a
// bucket holds up to its limit, refills continuously at the limit per
// minute, and a request takes one request and its estimated tokens.
type limiter struct {
	rpm, tpm   int
	reqs, toks float64 // what is left
	at         time.Time
}

// SetRateLimit imposes limits of requests and tokens per minute on POST
// /responses (0 means no limit of that kind; SetRateLimit(0, 0) removes
// them). A request counts 1 request and its estimated tokens: its input
// (about 4 characters a token) plus its max_output_tokens, or 256 without
// one. The limits refill continuously, as the API's do; a request over one
// is answered 429 rate_limit_exceeded with retry-after-ms and retry-after,
// and every answer carries the x-ratelimit-* headers of the limits. The
// lines of batches are not counted.
func (s *Server) SetRateLimit(requestsPerMinute, tokensPerMinute int) {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	if requestsPerMinute <= 0 && tokensPerMinute <= 0 {
		s.bulk.rate = nil
		return
	}
	s.bulk.rate = &limiter{
		rpm: max(requestsPerMinute, 0), tpm: max(tokensPerMinute, 0),
		reqs: float64(requestsPerMinute), toks: float64(tokensPerMinute), at: s.now(),
	}
}

// SetFlexUnavailable makes the server answer requests with service_tier
// "flex" with 429 resource_unavailable (or stop doing so), as the API does
// when flex capacity runs out.
func (s *Server) SetFlexUnavailable(unavailable bool) {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	s.bulk.flexBusy = unavailable
}

// refill adds what the buckets gained since the last time.
func (l *limiter) refill(now time.Time) {
	if dt := now.Sub(l.at); dt > 0 {
		l.reqs = math.Min(float64(l.rpm), l.reqs+float64(l.rpm)*dt.Minutes())
		l.toks = math.Min(float64(l.tpm), l.toks+float64(l.tpm)*dt.Minutes())
		l.at = now
	}
}

// untilFull is how long a bucket holding left of limit takes to refill.
func untilFull(left float64, limit int) time.Duration {
	return untilHas(left, float64(limit), limit)
}

// untilHas is how long a bucket holding left of limit takes to hold need.
func untilHas(left, need float64, limit int) time.Duration {
	if left >= need || limit <= 0 {
		return 0
	}
	return time.Duration(math.Ceil((need - left) / float64(limit) * float64(time.Minute)))
}

// formatReset writes a duration as the API's headers do: "20ms", "1s",
// "1.5s", "6m0s".
func formatReset(d time.Duration) string {
	d = d.Round(time.Millisecond)
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return d.String()
}

// rateHeaders sets the x-ratelimit-* headers: the state of the limits, or
// fixed generous values for a limit not set.
func (s *Server) rateHeaders(h http.Header) {
	if h.Get("x-ratelimit-limit-requests") != "" {
		return // set when the request was admitted
	}
	s.bulk.mu.Lock()
	l := s.bulk.rate
	var lim limiter
	if l != nil {
		l.refill(s.now())
		lim = *l
	}
	s.bulk.mu.Unlock()
	set := func(kind string, limit int, left float64, dflt [3]string) {
		if limit <= 0 {
			h.Set("x-ratelimit-limit-"+kind, dflt[0])
			h.Set("x-ratelimit-remaining-"+kind, dflt[1])
			h.Set("x-ratelimit-reset-"+kind, dflt[2])
			return
		}
		h.Set("x-ratelimit-limit-"+kind, strconv.Itoa(limit))
		h.Set("x-ratelimit-remaining-"+kind, strconv.Itoa(int(math.Floor(left))))
		h.Set("x-ratelimit-reset-"+kind, formatReset(untilFull(left, limit)))
	}
	set("requests", lim.rpm, lim.reqs, [3]string{"10000", "9999", "6ms"})
	set("tokens", lim.tpm, lim.toks, [3]string{"30000000", "29999000", "2ms"})
}

// admit counts a POST /responses request against the rate limits and the
// flex capacity, and answers it 429 and reports false if it is over them.
func (s *Server) admit(w http.ResponseWriter, req *responses.Request) bool {
	need := estimateTokens(req)
	if req.MaxOutputTokens > 0 {
		need += req.MaxOutputTokens
	} else {
		need += defaultOutputTokens
	}
	model := req.Model
	now := s.now()
	s.bulk.mu.Lock()
	s.bulk.stats.Requests++
	if req.ServiceTier == responses.ServiceTierFlex && s.bulk.flexBusy {
		s.bulk.stats.FlexUnavailable++
		s.bulk.mu.Unlock()
		// Inferred: OpenAI documents that flex may answer 429 "Resource
		// Unavailable"; no such body is recorded, so this one follows the
		// shape of the API's other errors.
		r := Error(http.StatusTooManyRequests, ErrorBody{
			Type:    "server_error",
			Code:    "resource_unavailable",
			Message: "Resource Unavailable: flex processing does not have the capacity for this request right now. Please try again later, or use the default service tier.",
		})
		s.writeRaw(w, r)
		return false
	}
	l := s.bulk.rate
	if l == nil {
		s.bulk.stats.Tokens += need
		s.bulk.mu.Unlock()
		return true
	}
	l.refill(now)
	var (
		kind, unit  string
		limit, used int
		requested   int
		wait        time.Duration
	)
	switch {
	case l.rpm > 0 && l.reqs < 1:
		kind, unit, limit, requested = "requests", "requests per min (RPM)", l.rpm, 1
		used = l.rpm - int(math.Floor(l.reqs))
		wait = untilHas(l.reqs, 1, l.rpm)
	case l.tpm > 0 && float64(need) > l.toks:
		kind, unit, limit, requested = "tokens", "tokens per min (TPM)", l.tpm, need
		used = l.tpm - int(math.Floor(l.toks))
		wait = untilHas(l.toks, float64(need), l.tpm)
	default:
		if l.rpm > 0 {
			l.reqs--
		}
		if l.tpm > 0 {
			l.toks -= float64(need)
		}
		s.bulk.stats.Tokens += need
		s.bulk.mu.Unlock()
		// The headers say what was left when the request was admitted, as
		// the API's do, not when its answer is ready: a slow answer would
		// otherwise report what later requests took.
		s.rateHeaders(w.Header())
		return true
	}
	s.bulk.stats.RateLimited++
	s.bulk.mu.Unlock()
	var msg string
	if kind == "tokens" && need > l.tpm {
		msg = fmt.Sprintf("Request too large for %s in organization org-responsestest on %s: Limit %d, Requested %d. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
			model, unit, limit, requested)
		wait = time.Minute
	} else {
		msg = fmt.Sprintf("Rate limit reached for %s in organization org-responsestest on %s: Limit %d, Used %d, Requested %d. Please try again in %s. Visit https://platform.openai.com/account/rate-limits to learn more.",
			model, unit, limit, used, requested, formatReset(wait))
	}
	ms := max(wait.Milliseconds(), 1)
	r := Error(http.StatusTooManyRequests, ErrorBody{Type: kind, Code: "rate_limit_exceeded", Message: msg}).
		WithHeader("retry-after-ms", strconv.FormatInt(ms, 10)).
		WithHeader("retry-after", strconv.FormatInt((ms+999)/1000, 10))
	s.writeRaw(w, r)
	return false
}
