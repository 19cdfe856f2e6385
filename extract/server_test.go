package extract_test

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/extract"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// These tests run the runner against responsestest's server, the fake the
// users of the package test with, in process and in virtual time.

// Invoice is what the tests against the server extract.
type Invoice struct {
	Number   string  `json:"number"`
	Customer string  `json:"customer"`
	Total    float64 `json:"total"`
}

// newServer returns a server in process whose model answers after latency,
// and a Service on it that leaves retries to the runner. It must be called
// inside the synctest bubble.
func newServer(t *testing.T, latency time.Duration) (*responsestest.Server, *responses.Service) {
	t.Helper()
	srv := responsestest.NewServer(responsestest.InProcess())
	t.Cleanup(srv.Close)
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		return responsestest.Default(req).WithDelay(latency)
	})
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, responses.New(c)
}

// invoices returns n requests of realistic size: instructions, a document
// of about 1,600 characters (400 tokens) and max_output_tokens.
func invoices(n, maxOutput int) iter.Seq2[string, *responses.Request] {
	line := "Item: consulting services, 8 hours at 150.00 EUR per hour, delivered on site in Lyon. "
	body := strings.Repeat(line, 18)
	return func(yield func(string, *responses.Request) bool) {
		for i := range n {
			doc := fmt.Sprintf("Invoice INV-%05d for Customer %d.\n\n%s\n\nTotal: %d.50 EUR", i, i%97, body, 100+i)
			req := &responses.Request{
				Model:           "gpt-5-mini",
				Instructions:    "Extract the invoice number, the customer and the total.",
				Input:           responses.Text(doc),
				MaxOutputTokens: maxOutput,
			}
			if !yield(fmt.Sprintf("inv-%05d", i), req) {
				return
			}
		}
	}
}

// TestRunnerThroughput runs ParseAll over thousands of requests against the
// server's rate limits for several simulated minutes. After the first minute
// it must reach at least 90% of the throughput the limits allow, with fewer
// than 1% of the requests answered 429. The runner is told nothing of the
// limits: it learns them from the x-ratelimit-* headers.
func TestRunnerThroughput(t *testing.T) {
	tests := []struct {
		name      string
		rpm, tpm  int
		maxOutput int // the request's max_output_tokens; 0 counts 256
		n         int
		latency   time.Duration
	}{
		// About 675 tokens a request (419 of input, 256 of output): the
		// 600 requests a minute bind first.
		{"requests bind", 600, 600_000, 0, 3000, time.Second},
		// About 1,000 tokens a request: 300,000 tokens a minute let 300
		// requests through.
		{"tokens bind", 600, 300_000, 580, 1500, time.Second},
		// Both limits about equal: 600 requests or 600 of 1,000 tokens.
		{"both bind", 600, 600_000, 580, 3000, time.Second},
		// Calls slower than the pace: the runner needs many in flight.
		{"slow calls", 600, 600_000, 0, 3000, 5 * time.Second},
		// A limit below the calls the runner starts with: the first wave
		// runs into 429s, and the runner keeps under the limit afterwards.
		// Ten minutes, so that the recovery from that wave (up to half a
		// minute at a pace of one call a second) does not decide the ratio.
		{"small limit", 60, 0, 0, 600, time.Second},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if raceEnabled && i != len(tests)-1 {
				// Each case simulates minutes of thousands of calls; under
				// the race detector the smallest checks the concurrency.
				t.Skip("one case under the race detector")
			}
			synctest.Test(t, func(t *testing.T) {
				srv, rs := newServer(t, tt.latency)
				srv.SetRateLimit(tt.rpm, tt.tpm)
				start := time.Now()
				// The counts at the end of the first minute and at the end.
				var first responsestest.Stats
				time.AfterFunc(time.Minute, func() { first = srv.Stats() })

				var last extract.Progress
				opts := &extract.Options[*responses.Request]{MaxInFlight: 128, MaxRetries: 10, Progress: func(p extract.Progress) { last = p }}
				done, failed := 0, 0
				for r := range extract.ParseAll[Invoice](t.Context(), rs, invoices(tt.n, tt.maxOutput), opts) {
					if r.Err != nil {
						failed++
						if failed <= 3 {
							t.Errorf("%s: %v", r.ID, r.Err)
						}
						continue
					}
					done++
				}
				end := srv.Stats()
				elapsed := time.Since(start)
				if done != tt.n {
					t.Errorf("%d of %d inputs succeeded, %d failed", done, tt.n, failed)
				}
				if last.RateLimited != end.RateLimited {
					t.Errorf("Progress.RateLimited = %d, want the server's %d", last.RateLimited, end.RateLimited)
				}

				// The last calls are drawn out by the latency; measure the
				// admissions from the first minute to the last one.
				admitted := func(s responsestest.Stats) int { return s.Requests - s.RateLimited - s.FlexUnavailable }
				cost := float64(end.Tokens) / float64(admitted(end))
				allowed := float64(tt.rpm) // per minute
				if tt.tpm > 0 {
					allowed = min(allowed, float64(tt.tpm)/cost)
				}
				// The last admission happened one latency before the end.
				minutes := (elapsed - tt.latency - time.Minute).Minutes()
				got := float64(admitted(end)-admitted(first)) / minutes
				requests := end.Requests - first.Requests
				limited := end.RateLimited - first.RateLimited
				share := float64(limited) / float64(max(requests, 1))
				t.Logf("%.0f tokens a request, %.0f requests/min allowed; after the first minute: %.1f/min (%.1f%%) over %.2f min, %d requests, %d answered 429 (%.2f%%); first minute: %d requests, %d answered 429",
					cost, allowed, got, 100*got/allowed, minutes, requests, limited, 100*share, first.Requests, first.RateLimited)
				if got < 0.9*allowed {
					t.Errorf("throughput %.1f/min, %.1f%% of the %.0f allowed, want at least 90%%", got, 100*got/allowed, allowed)
				}
				if share >= 0.01 {
					t.Errorf("%.2f%% of the requests after the first minute answered 429, want under 1%%", 100*share)
				}
			})
		})
	}
}

// TestRunnerFlexUnavailable checks that with flex out of capacity, every
// call falls back to the default tier and every input succeeds, and that
// the runner does not take the 429 "resource unavailable" for a rate limit.
func TestRunnerFlexUnavailable(t *testing.T) {
	for _, unavailable := range []bool{false, true} {
		t.Run(fmt.Sprint("unavailable=", unavailable), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, rs := newServer(t, time.Second)
				srv.SetRateLimit(600, 600_000)
				srv.SetFlexUnavailable(unavailable)
				var last extract.Progress
				opts := &extract.Options[*responses.Request]{Flex: true, Ordered: true, Progress: func(p extract.Progress) { last = p }}
				res := collect(extract.ParseAll[Invoice](t.Context(), rs, invoices(100, 0), opts))
				if len(res) != 100 {
					t.Fatalf("got %d results, want 100", len(res))
				}
				want := 1
				if unavailable {
					want = 2
				}
				for i, r := range res {
					if r.Err != nil || r.Index != i {
						t.Errorf("result %d: %s (index %d): %v", i, r.ID, r.Index, r.Err)
						continue
					}
					if r.Attempts != want {
						t.Errorf("%s: %d attempts, want %d", r.ID, r.Attempts, want)
					}
					if wantNum := fmt.Sprintf("INV-%05d", i); r.Value.Number != wantNum {
						t.Errorf("%s: number %q, want %q", r.ID, r.Value.Number, wantNum)
					}
				}
				st := srv.Stats()
				if st.FlexUnavailable != 100*(want-1) || st.Requests != 100*want || st.RateLimited != 0 {
					t.Errorf("server stats %+v, want %d requests, %d flex unavailable", st, 100*want, 100*(want-1))
				}
				if last.RateLimited != 0 {
					t.Errorf("Progress.RateLimited = %d, want 0: flex capacity is not a rate limit", last.RateLimited)
				}
				// The fallback goes at once, with no pause: 100 calls at 16 in
				// flight and 1 s each.
				if d := last.Elapsed; d > 8*time.Second {
					t.Errorf("the run took %v, want at most 8s", d)
				}
				tiers := map[responses.ServiceTier]int{}
				for _, rec := range srv.Requests() {
					if req, err := rec.Request(); err == nil {
						tiers[req.ServiceTier]++
					}
				}
				if tiers["flex"] != 100 || tiers[""] != 100*(want-1) {
					t.Errorf("requests by tier %v, want 100 flex and %d default", tiers, 100*(want-1))
				}
			})
		})
	}
}

// TestRunnerCancel checks that when the context ends, no new call starts,
// the calls in flight finish with their results, and the iteration ends.
func TestRunnerCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, rs := newServer(t, 10*time.Second)
		start := time.Now()
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(15*time.Second, cancel)
		res := collect(extract.ParseAll[Invoice](ctx, rs, invoices(20, 0), &extract.Options[*responses.Request]{MaxInFlight: 4}))
		// 4 calls finished at 10 s, 4 more started then and finish at 20 s.
		if len(res) != 8 {
			t.Errorf("got %d results, want 8", len(res))
		}
		for _, r := range res {
			if r.Err != nil {
				t.Errorf("%s: %v", r.ID, r.Err)
			}
		}
		if n := srv.Stats().Requests; n != 8 {
			t.Errorf("%d requests sent, want 8", n)
		}
		if d := time.Since(start); d != 20*time.Second {
			t.Errorf("the run ended after %v, want 20s", d)
		}
	})
}

// TestRunnerCancelPaced checks that cancelling a run paced by the rate limits
// yields every call that finished, each a success, once.
func TestRunnerCancelPaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, rs := newServer(t, 2*time.Second)
		srv.SetRateLimit(600, 600_000)
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(90*time.Second, cancel)
		seen := map[string]bool{}
		res := collect(extract.ParseAll[Invoice](ctx, rs, invoices(3000, 0), &extract.Options[*responses.Request]{MaxInFlight: 64}))
		st := srv.Stats()
		admitted := st.Requests - st.RateLimited
		t.Logf("cancelled after 90 s: %d results, %d requests admitted, %d answered 429", len(res), admitted, st.RateLimited)
		if len(res) != admitted {
			t.Errorf("got %d results for %d requests admitted", len(res), admitted)
		}
		// The burst of 600, then 600 a minute for 90 s, less the calls the
		// latency holds at the end.
		if len(res) < 1300 || len(res) > 1500 {
			t.Errorf("got %d results in 90 s at 600 a minute (with the burst of 600), want 1300 to 1500", len(res))
		}
		for _, r := range res {
			if seen[r.ID] {
				t.Errorf("%s yielded twice", r.ID)
			}
			seen[r.ID] = true
			if r.Err != nil {
				t.Errorf("%s: %v", r.ID, r.Err)
			}
		}
	})
}
