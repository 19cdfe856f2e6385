package client

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is the rate-limit state a response reports in its x-ratelimit-*
// headers. A header that is absent or malformed leaves its field zero.
type RateLimit struct {
	LimitRequests     int           // x-ratelimit-limit-requests
	LimitTokens       int           // x-ratelimit-limit-tokens
	RemainingRequests int           // x-ratelimit-remaining-requests
	RemainingTokens   int           // x-ratelimit-remaining-tokens
	ResetRequests     time.Duration // x-ratelimit-reset-requests, such as "1s" or "6m0s"
	ResetTokens       time.Duration // x-ratelimit-reset-tokens
}

// Canonical header keys, so that lookups index the map directly.
const (
	hdrRequestID         = "X-Request-Id"
	hdrShouldRetry       = "X-Should-Retry"
	hdrRetryAfter        = "Retry-After"
	hdrRetryAfterMs      = "Retry-After-Ms"
	hdrLimitRequests     = "X-Ratelimit-Limit-Requests"
	hdrLimitTokens       = "X-Ratelimit-Limit-Tokens"
	hdrRemainingRequests = "X-Ratelimit-Remaining-Requests"
	hdrRemainingTokens   = "X-Ratelimit-Remaining-Tokens"
	hdrResetRequests     = "X-Ratelimit-Reset-Requests"
	hdrResetTokens       = "X-Ratelimit-Reset-Tokens"
)

// header returns the first value of h[key], where key is canonical.
func header(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseRateLimit reads the x-ratelimit-* headers of h. It never fails: bad
// values are ignored.
func parseRateLimit(h http.Header) RateLimit {
	var rl RateLimit
	rl.LimitRequests, _ = parseCount(header(h, hdrLimitRequests))
	rl.LimitTokens, _ = parseCount(header(h, hdrLimitTokens))
	rl.RemainingRequests, _ = parseCount(header(h, hdrRemainingRequests))
	rl.RemainingTokens, _ = parseCount(header(h, hdrRemainingTokens))
	rl.ResetRequests, _ = parseReset(header(h, hdrResetRequests))
	rl.ResetTokens, _ = parseReset(header(h, hdrResetTokens))
	return rl
}

// parseCount parses a non-negative decimal count.
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false // also rejects signs, which Atoi would accept
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return n, true
}

// parseReset parses a reset duration as the API writes it: a Go-style duration
// ("1s", "6m0s", "20ms", "0.5s", "1h2m3.5s"), optionally led by whole days
// ("1d2h"), or a bare number of seconds ("30", "0.5").
func parseReset(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" || (s[0] < '0' || s[0] > '9') && s[0] != '.' {
		return 0, false // empty or signed
	}
	if c := s[len(s)-1]; '0' <= c && c <= '9' || c == '.' {
		return seconds(s)
	}
	var days time.Duration
	if before, after, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.Atoi(before)
		if err != nil || n > 36500 {
			return 0, false
		}
		days, s = time.Duration(n)*24*time.Hour, after
		if s == "" {
			return days, true
		}
		if s[0] < '0' || s[0] > '9' {
			return 0, false
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || days > math.MaxInt64-d {
		return 0, false
	}
	return days + d, true
}

// seconds parses a non-negative, finite number of seconds that fits a Duration.
func seconds(s string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f*float64(time.Second) >= math.MaxInt64 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}
