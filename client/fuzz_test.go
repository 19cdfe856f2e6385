package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func FuzzParseErrorBody(f *testing.F) {
	for _, seed := range []string{
		`{"error":{"message":"m","type":"t","param":"p","code":"c"}}`,
		`{"error":{"message":"m","code":429,"param":null}}`,
		`{"error":"text"}`,
		`{"message":"m","code":400}`,
		`{"detail":"Not Found"}`,
		`{"error":{"message":{"a":[1,2]}}}`,
		"<html><head><title>502 Bad Gateway</title></head></html>",
		"<TITLE>x</title",
		"plain \xff text",
		"",
		"null",
		`[{"error":1}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		typ, code, param, msg := parseErrorBody(body)
		for _, s := range []string{typ, code, param, msg} {
			if !utf8.ValidString(s) {
				t.Errorf("parseErrorBody(%q) returned invalid UTF-8 %q", body, s)
			}
		}
		// A body that starts with visible text always leaves a message.
		head := string(body[:min(len(body), 100)])
		if msg == "" && utf8.ValidString(head) && strings.ContainsFunc(head, func(r rune) bool { return unicode.IsGraphic(r) && !unicode.IsSpace(r) }) {
			t.Errorf("parseErrorBody(%q) lost the body: empty message", body)
		}
		e := &APIError{StatusCode: 400, Type: typ, Code: code, Param: param, Message: msg}
		if !strings.HasPrefix(e.Error(), "client: 400 Bad Request") {
			t.Errorf("Error() = %q", e.Error())
		}
	})
}

func FuzzRateLimitHeaders(f *testing.F) {
	for _, seed := range []string{"1s", "6m0s", "20ms", "0.5s", "2ms", "1d2h", "30", "-1s", "1e400", "99999999999999999999h", "1.5.5s", "", "X-RATELIMIT-XXX"} {
		f.Add(seed, "30000")
	}
	f.Fuzz(func(t *testing.T, reset, count string) {
		if d, ok := parseReset(reset); d < 0 || !ok && d != 0 {
			t.Errorf("parseReset(%q) = %v, %v", reset, d, ok)
		}
		if n, ok := parseCount(count); n < 0 || !ok && n != 0 {
			t.Errorf("parseCount(%q) = %v, %v", count, n, ok)
		}
		h := http.Header{}
		for _, k := range []string{hdrLimitRequests, hdrLimitTokens, hdrRemainingRequests, hdrRemainingTokens} {
			h.Set(k, count)
		}
		h.Set(hdrResetRequests, reset)
		h.Set(hdrResetTokens, reset)
		rl := parseRateLimit(h)
		if rl.LimitRequests < 0 || rl.ResetTokens < 0 {
			t.Errorf("parseRateLimit(%q, %q) = %+v", count, reset, rl)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{"", "250", "1.5", "NaN", "Inf", "-1", "1e400", "Fri, 02 Jan 2026 03:04:15 GMT", "Friday, 02-Jan-26 03:04:15 GMT", "0x1p4"} {
		f.Add(seed, seed)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, msValue, sValue string) {
		h := http.Header{}
		h.Set(hdrRetryAfterMs, msValue)
		h.Set(hdrRetryAfter, sValue)
		d, ok := RetryAfter(h, now)
		if d < 0 || !ok && d != 0 {
			t.Errorf("RetryAfter(ms=%q, s=%q) = %v, %v", msValue, sValue, d, ok)
		}
	})
}
