package extract_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/extract"
	"github.com/respkit/respkit/responses"
)

// Num is what the tests extract: the number the input holds.
type Num struct {
	N int `json:"n"`
}

// requests returns n requests whose inputs are "0", "1", …, with ids "id-0"….
func requests(n int) iter.Seq2[string, *responses.Request] {
	return func(yield func(string, *responses.Request) bool) {
		for i := range n {
			req := &responses.Request{Model: "gpt-test", Input: responses.Text(strconv.Itoa(i))}
			if !yield("id-"+strconv.Itoa(i), req) {
				return
			}
		}
	}
}

func collect[T any](seq iter.Seq[extract.Result[T]]) []extract.Result[T] {
	var out []extract.Result[T]
	for r := range seq {
		out = append(out, r)
	}
	return out
}

// checkValues fails unless every result is a success whose value matches its
// id.
func checkValues(t *testing.T, res []extract.Result[Num]) {
	t.Helper()
	for _, r := range res {
		if r.Err != nil {
			t.Errorf("%s: %v", r.ID, r.Err)
			continue
		}
		if want := "id-" + strconv.Itoa(r.Value.N); r.ID != want || r.Index != r.Value.N {
			t.Errorf("result %d %s has value %d", r.Index, r.ID, r.Value.N)
		}
	}
}

func TestRunOrder(t *testing.T) {
	for _, ordered := range []bool{false, true} {
		t.Run("ordered="+strconv.FormatBool(ordered), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				// Later inputs answer sooner, so the finishing order is not
				// the input order.
				f := &fakeAPI{latency: func(n int) time.Duration { return time.Duration(50-n) * 100 * time.Millisecond }}
				res := collect(extract.ParseAll[Num](t.Context(), f.client(t), requests(50), &extract.Options[*responses.Request]{MaxInFlight: 50, Ordered: ordered}))
				if len(res) != 50 {
					t.Fatalf("got %d results, want 50", len(res))
				}
				checkValues(t, res)
				inOrder := true
				for i, r := range res {
					if r.Index != i {
						inOrder = false
					}
				}
				if inOrder != ordered {
					t.Errorf("results in input order = %v, want %v", inOrder, ordered)
				}
			})
		})
	}
}

func TestRunMaxInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeAPI{latency: func(n int) time.Duration { return time.Duration(1+n%3) * time.Second }}
		res := collect(extract.ParseAll[Num](t.Context(), f.client(t), requests(40), &extract.Options[*responses.Request]{MaxInFlight: 5}))
		checkValues(t, res)
		if len(res) != 40 {
			t.Errorf("got %d results, want 40", len(res))
		}
		if f.maxInFlight != 5 {
			t.Errorf("at most %d calls in flight, want 5", f.maxInFlight)
		}
	})
}

// TestRunAdapts runs the runner against limits of 600 requests and 600,000
// tokens per minute, 1,000 tokens a request and 1 s a call, for four
// simulated minutes. After the first minute it must reach at least 90% of the
// allowed throughput, with fewer than 1% of the requests answered 429. The
// runner is told nothing of the limits: it learns them from the headers.
func TestRunAdapts(t *testing.T) {
	tests := []struct {
		name   string
		tpm    int
		other  float64 // requests per minute of another client on the same limits
		tokens func(*responses.Request) int
	}{
		{"estimate given", 600_000, 0, func(*responses.Request) int { return 1000 }},
		{"estimate from the request", 600_000, 0, nil}, // far below the 1,000 charged
		// Tokens bind first: 300 requests a minute.
		{"tokens bind, estimate given", 300_000, 0, func(*responses.Request) int { return 1000 }},
		{"tokens bind, estimate from the request", 300_000, 0, nil},
		// Another client takes a third: only the headers tell.
		{"shared limits", 600_000, 200, func(*responses.Request) int { return 1000 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { testAdapts(t, tt.tpm, tt.other, tt.tokens) })
		})
	}
}

func testAdapts(t *testing.T, tpm int, other float64, tokens func(*responses.Request) int) {
	f := &fakeAPI{rpm: 600, tpm: tpm, other: other, cost: 1000, latency: func(int) time.Duration { return time.Second }}
	allowed := min(600, float64(tpm)/1000) - other
	start := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	opts := &extract.Options[*responses.Request]{MaxInFlight: 64, Tokens: tokens}
	failed := 0
	for r := range extract.ParseAll[Num](ctx, f.client(t), requests(10_000), opts) {
		if r.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		t.Errorf("%d inputs failed", failed)
	}
	var ok, limited, total, limitedFirst int
	for _, s := range f.log {
		if s.at.Sub(start) < time.Minute {
			if s.status == 429 {
				limitedFirst++
			}
			continue
		}
		total++
		switch s.status {
		case 200:
			ok++
		case 429:
			limited++
		}
	}
	minutes := 3.0
	throughput := float64(ok) / minutes / allowed
	share := float64(limited) / float64(max(total, 1))
	t.Logf("after the first minute: %d requests in %.0f min, %d answered, %.1f%% of %.0f/min; %d answered 429 (%.2f%%); in the first minute %d requests, %d answered 429",
		total, minutes, ok, 100*throughput, allowed, limited, 100*share, len(f.log)-total, limitedFirst)
	if throughput < 0.9 {
		t.Errorf("throughput %.1f%% of the limit, want at least 90%%", 100*throughput)
	}
	if share >= 0.01 {
		t.Errorf("%.2f%% of the requests answered 429, want under 1%%", 100*share)
	}
}

// TestRunBreak checks that leaving the loop early cancels the calls in
// flight and leaves no goroutine behind (synctest fails on one).
func TestRunBreak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeAPI{latency: func(n int) time.Duration { return time.Duration(n+1) * time.Second }}
		start := time.Now()
		got := 0
		for range extract.ParseAll[Num](t.Context(), f.client(t), requests(100), &extract.Options[*responses.Request]{MaxInFlight: 8}) {
			got++
			if got == 3 {
				break
			}
		}
		if got != 3 {
			t.Errorf("got %d results, want 3", got)
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("leaving the loop took until %v", d)
		}
	})
}

func TestRunProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeAPI{
			latency: func(int) time.Duration { return time.Second },
			answer: func(n int) *http.Response {
				if n%5 == 0 {
					return reply(400, nil, errorBody("invalid_request_error", "", "bad input"))
				}
				return nil
			},
		}
		var seen []extract.Progress
		opts := &extract.Options[*responses.Request]{MaxInFlight: 4, Progress: func(p extract.Progress) { seen = append(seen, p) }}
		res := collect(extract.ParseAll[Num](t.Context(), f.client(t), requests(20), opts))
		if len(seen) != 20 {
			t.Fatalf("Progress called %d times, want 20", len(seen))
		}
		for i, p := range seen {
			if p.Done+p.Failed != i+1 || p.InFlight > 4 {
				t.Errorf("progress %d = %+v", i, p)
			}
		}
		last := seen[len(seen)-1]
		if last.Done != 16 || last.Failed != 4 || last.InFlight != 0 || last.Elapsed != 5*time.Second || last.PerMinute != 240 {
			t.Errorf("last progress = %+v, want 16 done, 4 failed, 5 s, 240/min", last)
		}
		for _, r := range res {
			if (r.Index%5 == 0) != (r.Err != nil) {
				t.Errorf("%s: error %v", r.ID, r.Err)
			}
		}
	})
}

// TestRunErrors checks the error of each input: an API error that is not
// retried, a server error that is, a refusal, and a call that runs out of
// retries.
func TestRunErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeAPI{}
		f.answer = func(n int) *http.Response {
			switch n {
			case 1:
				return reply(400, nil, errorBody("invalid_request_error", "", "bad input"))
			case 2: // a 500 the first time only
				f.mu.Lock()
				first := f.count[2] == 1
				f.mu.Unlock()
				if first {
					return reply(500, nil, errorBody("server_error", "", "oops"))
				}
			case 3:
				return reply(200, nil, refusalBody("I can't help with that."))
			case 4:
				return reply(503, nil, errorBody("server_error", "", "overloaded"))
			}
			return nil
		}
		res := collect(extract.ParseAll[Num](t.Context(), f.client(t), requests(5), &extract.Options[*responses.Request]{Ordered: true, MaxRetries: 2}))
		if len(res) != 5 {
			t.Fatalf("got %d results, want 5", len(res))
		}
		if res[0].Err != nil || res[0].Attempts != 1 {
			t.Errorf("input 0: %v after %d attempts", res[0].Err, res[0].Attempts)
		}
		if !errors.Is(res[1].Err, client.ErrBadRequest) || res[1].Attempts != 1 {
			t.Errorf("input 1: %v after %d attempts, want a bad request after 1", res[1].Err, res[1].Attempts)
		}
		if res[2].Err != nil || res[2].Value.N != 2 || res[2].Attempts != 2 {
			t.Errorf("input 2: %v, %+v after %d attempts, want {2} after 2", res[2].Err, res[2].Value, res[2].Attempts)
		}
		if _, ok := errors.AsType[*responses.RefusalError](res[3].Err); !ok || res[3].Response == nil {
			t.Errorf("input 3: %v (response %v), want a refusal with its response", res[3].Err, res[3].Response)
		}
		if !errors.Is(res[4].Err, client.ErrServer) || res[4].Attempts != 3 {
			t.Errorf("input 4: %v after %d attempts, want a server error after 3", res[4].Err, res[4].Attempts)
		}
	})
}

func refusalBody(text string) []byte {
	return []byte(`{"id":"resp_r","object":"response","created_at":0,"status":"completed","model":"gpt-test","output":[{"type":"message","id":"msg_r","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":` + strconv.Quote(text) + `}]}]}`)
}

// TestRunCancelRetry checks that a call waiting to be retried after a 429
// stops when the context ends, with both errors.
func TestRunCancelRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeAPI{answer: func(int) *http.Response {
			h := http.Header{}
			h.Set("retry-after-ms", "30000")
			return reply(429, h, errorBody("requests", "rate_limit_exceeded", "Rate limit reached for requests"))
		}}
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		res := collect(extract.ParseAll[Num](ctx, f.client(t), requests(1), nil))
		if len(res) != 1 {
			t.Fatalf("got %d results, want 1", len(res))
		}
		if err := res[0].Err; !errors.Is(err, client.ErrRateLimited) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want a rate limit and the context's end", err)
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("the run ended after %v, want 5s", d)
		}
	})
}

func TestRunPanic(t *testing.T) {
	inputs := func(yield func(string, int) bool) { _ = yield("a", 1) && yield("b", 0) }
	call := func(ctx context.Context, n int) (int, *responses.Response, error) { return 10 / n, nil, nil }
	got := map[string]string{}
	for r := range extract.Run(t.Context(), inputs, call, nil) {
		got[r.ID] = fmt.Sprint(r.Value, r.Err)
	}
	want := map[string]string{"a": "10 <nil>", "b": "0 extract: call panicked: runtime error: integer divide by zero"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}
