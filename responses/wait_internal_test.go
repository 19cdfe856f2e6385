package responses

import (
	"math"
	"net/http"
	"testing"
	"time"
)

func TestPollHint(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"none", http.Header{}, 0, false},
		{"retry-after-ms", http.Header{"Retry-After-Ms": {"250"}}, 250 * time.Millisecond, true},
		{"fractional ms", http.Header{"Retry-After-Ms": {"1.5"}}, 1500 * time.Microsecond, true},
		{"openai-poll-after-ms", http.Header{"Openai-Poll-After-Ms": {"2000"}}, 2 * time.Second, true},
		{"retry-after-ms first", http.Header{"Retry-After-Ms": {"10"}, "Retry-After": {"9"}}, 10 * time.Millisecond, true},
		{"retry-after seconds", http.Header{"Retry-After": {" 3 "}}, 3 * time.Second, true},
		{"retry-after date", http.Header{"Retry-After": {now.Add(4 * time.Second).Format(http.TimeFormat)}}, 4 * time.Second, true},
		{"retry-after past date", http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0, true},
		{"bad ms falls back", http.Header{"Retry-After-Ms": {"soon"}, "Retry-After": {"1"}}, time.Second, true},
		{"negative", http.Header{"Retry-After": {"-1"}}, 0, false},
		{"NaN", http.Header{"Retry-After-Ms": {"NaN"}}, 0, false},
		{"Inf", http.Header{"Retry-After-Ms": {"Inf"}}, 0, false},
		{"huge", http.Header{"Retry-After": {"1e300"}}, math.MaxInt64, true},
		{"garbage", http.Header{"Retry-After": {"tomorrow"}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := pollHint(tt.header, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("pollHint = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzPollHint(f *testing.F) {
	for _, s := range []string{"1", "0.5", "1e400", "-0", ".", "Mon, 02 Jan 2006 15:04:05 GMT", "NaN"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, ms, secs string) {
		d, ok := pollHint(http.Header{"Retry-After-Ms": {ms}, "Retry-After": {secs}}, time.Now())
		if d < 0 || !ok && d != 0 {
			t.Errorf("pollHint(%q, %q) = %v, %v", ms, secs, d, ok)
		}
	})
}
