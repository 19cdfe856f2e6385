package client

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseRateLimit(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   RateLimit
	}{
		{"absent", http.Header{}, RateLimit{}},
		{"all", http.Header{
			"X-Ratelimit-Limit-Requests":     {"30000"},
			"X-Ratelimit-Limit-Tokens":       {"150000000"},
			"X-Ratelimit-Remaining-Requests": {"29999"},
			"X-Ratelimit-Remaining-Tokens":   {"149999990"},
			"X-Ratelimit-Reset-Requests":     {"2ms"},
			"X-Ratelimit-Reset-Tokens":       {"6m0s"},
		}, RateLimit{30000, 150000000, 29999, 149999990, ms(2), 6 * time.Minute}},
		{"malformed ignored", http.Header{
			"X-Ratelimit-Limit-Requests":     {"X-RATELIMIT-LIMIT-REQUESTS-XXX"},
			"X-Ratelimit-Limit-Tokens":       {"-5"},
			"X-Ratelimit-Remaining-Requests": {"1e3"},
			"X-Ratelimit-Remaining-Tokens":   {"99999999999999999999999"},
			"X-Ratelimit-Reset-Requests":     {"-1s"},
			"X-Ratelimit-Reset-Tokens":       {"soon"},
		}, RateLimit{}},
		{"partial", http.Header{"X-Ratelimit-Remaining-Tokens": {" 42 "}, "X-Ratelimit-Reset-Tokens": {"0.5s"}},
			RateLimit{RemainingTokens: 42, ResetTokens: ms(500)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseRateLimit(tt.header)); diff != "" {
				t.Errorf("parseRateLimit (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseReset(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1s", time.Second, true},
		{"6m0s", 6 * time.Minute, true},
		{"20ms", ms(20), true},
		{"0.5s", ms(500), true},
		{"7.66s", ms(7660), true},
		{"1h2m3.5s", time.Hour + 2*time.Minute + ms(3500), true},
		{"0s", 0, true},
		{"2ms", ms(2), true},
		{"1d", 24 * time.Hour, true},
		{"1d2h", 26 * time.Hour, true},
		{"30", 30 * time.Second, true},
		{"0.25", ms(250), true},
		{".5s", ms(500), true},
		{"", 0, false},
		{"-1s", 0, false},
		{"+1s", 0, false},
		{"s", 0, false},
		{"1x", 0, false},
		{"d", 0, false},
		{"1d-1h", 0, false},
		{"99999999d", 0, false},
		{"1e400", 0, false},
		{"NaN", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseReset(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseReset(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestConformanceRateLimitHeaders checks that every real (not redacted)
// x-ratelimit-* value in the recorded exchanges parses.
func TestConformanceRateLimitHeaders(t *testing.T) {
	dir := conformance(t)
	files, _ := filepath.Glob(filepath.Join(dir, "exchanges", "*.exchange.json"))
	if len(files) == 0 {
		t.Fatalf("no exchanges in %s/exchanges", dir)
	}
	seen := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var ex struct {
			Response struct {
				Headers map[string][]string `json:"headers"`
			} `json:"response"`
		}
		if err := json.Unmarshal(data, &ex); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for k, vv := range ex.Response.Headers {
			k = strings.ToLower(k)
			for _, v := range vv {
				if strings.HasSuffix(v, "-XXX") {
					continue // redacted by the recording project
				}
				var ok bool
				switch k {
				case "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens":
					_, ok = parseCount(v)
				case "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens":
					_, ok = parseReset(v)
				default:
					continue
				}
				seen++
				if !ok {
					t.Errorf("%s: %s: %q does not parse", filepath.Base(file), k, v)
				}
			}
		}
	}
	if seen == 0 {
		t.Error("no unredacted x-ratelimit header found")
	}
}
