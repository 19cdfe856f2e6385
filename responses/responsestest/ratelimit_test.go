package responsestest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// create posts a request and returns the answer's status, headers and
// body.
func (a *api) create(body string) (int, http.Header, []byte) {
	a.t.Helper()
	res, b := a.do("POST", "/responses", "application/json", strings.NewReader(body))
	return res.StatusCode, res.Header, b
}

func rateHeaders(h http.Header) [6]string {
	return [6]string{
		h.Get("x-ratelimit-limit-requests"), h.Get("x-ratelimit-remaining-requests"), h.Get("x-ratelimit-reset-requests"),
		h.Get("x-ratelimit-limit-tokens"), h.Get("x-ratelimit-remaining-tokens"), h.Get("x-ratelimit-reset-tokens"),
	}
}

func TestRateLimitRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetRateLimit(3, 0)
		const body = `{"model":"gpt-5","input":"hi"}`
		for i, want := range [][6]string{
			{"3", "2", "20s", "30000000", "29999000", "2ms"},
			{"3", "1", "40s", "30000000", "29999000", "2ms"},
			{"3", "0", "1m0s", "30000000", "29999000", "2ms"},
		} {
			code, h, b := a.create(body)
			if code != 200 || rateHeaders(h) != want {
				t.Errorf("request %d: %d %v %s, want 200 %v", i, code, rateHeaders(h), b, want)
			}
		}
		code, h, b := a.create(body)
		var e errorBody
		json.Unmarshal(b, &e)
		const msg = "Rate limit reached for gpt-5 in organization org-responsestest on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more."
		if code != 429 || e.Error.Message != msg || e.Error.Type != "requests" || *e.Error.Code != "rate_limit_exceeded" || e.Error.Param != nil {
			t.Errorf("over the limit: %d %s", code, b)
		}
		if h.Get("retry-after-ms") != "20000" || h.Get("retry-after") != "20" || h.Get("x-ratelimit-remaining-requests") != "0" {
			t.Errorf("429 headers %v", h)
		}
		time.Sleep(10 * time.Second)
		if code, h, _ := a.create(body); code != 429 || h.Get("retry-after-ms") != "10000" {
			t.Errorf("after 10s: %d, retry-after-ms %s", code, h.Get("retry-after-ms"))
		}
		time.Sleep(10 * time.Second)
		if code, h, _ := a.create(body); code != 200 || h.Get("x-ratelimit-remaining-requests") != "0" {
			t.Errorf("after 20s: %d, remaining %s", code, h.Get("x-ratelimit-remaining-requests"))
		}
		if s := a.srv.Stats(); s.Requests != 6 || s.RateLimited != 2 {
			t.Errorf("stats %+v", s)
		}
		// Other answers carry the headers too.
		res, _ := a.do("GET", "/files", "", nil)
		if res.Header.Get("x-ratelimit-limit-requests") != "3" {
			t.Errorf("list headers %v", res.Header)
		}
	})
}

func TestRateLimitTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetRateLimit(0, 1000)
		// "hi" is 1 token and 4 for the item; 395 of output: 400 tokens.
		const body = `{"model":"gpt-5","input":"hi","max_output_tokens":395}`
		code, h, _ := a.create(body)
		if want := [6]string{"10000", "9999", "6ms", "1000", "600", "24s"}; code != 200 || rateHeaders(h) != want {
			t.Errorf("first: %d %v, want %v", code, rateHeaders(h), want)
		}
		a.create(body)
		code, h, b := a.create(body)
		var e errorBody
		json.Unmarshal(b, &e)
		const msg = "Rate limit reached for gpt-5 in organization org-responsestest on tokens per min (TPM): Limit 1000, Used 800, Requested 400. Please try again in 12s."
		if code != 429 || e.Error.Type != "tokens" || !strings.HasPrefix(e.Error.Message, msg) || h.Get("retry-after-ms") != "12000" {
			t.Errorf("third: %d %s %v", code, b, h)
		}
		// Without max_output_tokens, a request counts 256 for its output.
		time.Sleep(time.Minute)
		a.create(`{"model":"gpt-5","input":"hi"}`)
		if s := a.srv.Stats(); s.Tokens != 400+400+5+256 {
			t.Errorf("tokens %d", s.Tokens)
		}
		// A request larger than the limit can never run.
		code, _, b = a.create(`{"model":"gpt-5","input":"hi","max_output_tokens":2000}`)
		if code != 429 || !strings.Contains(string(b), "Request too large for gpt-5") {
			t.Errorf("too large: %d %s", code, b)
		}
		a.srv.SetRateLimit(0, 0)
		if code, h, _ := a.create(body); code != 200 || h.Get("x-ratelimit-limit-tokens") != "30000000" {
			t.Errorf("limits removed: %d %v", code, rateHeaders(h))
		}
	})
}

// TestRateLimitOverSocket checks the limits with no virtual time: a burst
// is answered 429 once the bucket is empty.
func TestRateLimitOverSocket(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetRateLimit(2, 100000)
	cl, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	c := responses.New(cl)
	req := &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}
	for range 2 {
		if _, err := c.Create(t.Context(), req); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.Create(t.Context(), req)
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !errors.Is(err, client.ErrRateLimited) || !ok || apiErr.Code != "rate_limit_exceeded" {
		t.Errorf("third request: %v", err)
	}
}

func TestFlexUnavailable(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := m.new(t)
			a.srv.SetFlexUnavailable(true)
			code, _, b := a.create(`{"model":"gpt-5","input":"hi","service_tier":"flex"}`)
			var e errorBody
			json.Unmarshal(b, &e)
			if code != 429 || e.Error.Code == nil || *e.Error.Code != "resource_unavailable" || !strings.HasPrefix(e.Error.Message, "Resource Unavailable") {
				t.Errorf("flex: %d %s", code, b)
			}
			if code, _, b := a.create(`{"model":"gpt-5","input":"hi","service_tier":"default"}`); code != 200 {
				t.Errorf("default tier: %d %s", code, b)
			}
			a.srv.SetFlexUnavailable(false)
			if code, _, b := a.create(`{"model":"gpt-5","input":"hi","service_tier":"flex"}`); code != 200 {
				t.Errorf("flex available: %d %s", code, b)
			}
			if s := a.srv.Stats(); s.Requests != 3 || s.FlexUnavailable != 1 || s.RateLimited != 0 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

// TestRateLimitThroughput checks that a client that spaces its requests
// evenly gets the whole limit with no 429: 600 requests a minute for ten
// minutes.
func TestRateLimitThroughput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetRateLimit(600, 600000)
		for range 6000 {
			if code, _, b := a.create(`{"model":"gpt-5","input":"hi","max_output_tokens":100}`); code != 200 {
				t.Fatalf("%d %s", code, b)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if s := a.srv.Stats(); s.RateLimited != 0 || s.Requests != 6000 {
			t.Errorf("stats %+v", s)
		}
	})
}

// TestRateHeadersAtAdmission checks that an answer's rate-limit headers
// say what was left when its request was admitted, as the API's do: a slow
// answer does not report what the requests admitted after it took.
func TestRateHeadersAtAdmission(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := inProcess(t)
		a.srv.SetRateLimit(600, 0)
		a.srv.Enqueue(responsestest.Text("slow").WithDelay(time.Second))
		const body = `{"model":"gpt-5","input":"hi"}`
		slow := make(chan string, 1)
		go func() {
			_, h, _ := a.create(body)
			slow <- h.Get("x-ratelimit-remaining-requests")
		}()
		synctest.Wait() // the slow request is admitted and waits
		for range 3 {
			a.create(body)
		}
		if got := <-slow; got != "599" {
			t.Errorf("the slow answer says %s requests remain, want 599 (what was left when it was admitted)", got)
		}
	})
}
