package extract_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// fakeAPI is an in-process Responses API for the runner's tests: an
// http.RoundTripper, so that it runs inside a synctest bubble, whose clock is
// virtual. It imposes rate limits as the API does (buckets of requests and
// tokens per minute refilled continuously, the six x-ratelimit-* headers, 429
// with retry-after-ms), and answers a request whose input is the text "n"
// with the JSON {"n": n}.
//
// The tests that responsestest's server can serve use it (server_test.go);
// this fake stays for what the server has no knob for: a latency and an
// answer per input, a token cost that differs from the runner's estimate,
// and another client taking from the same limits.
type fakeAPI struct {
	rpm, tpm int // 0: no limit
	cost     int // tokens charged per request
	latency  func(n int) time.Duration
	other    float64                    // requests per minute another client takes from the limits
	answer   func(n int) *http.Response // overrides the answer for n when not nil

	mu          sync.Mutex
	reqs, toks  float64
	at          time.Time
	started     bool
	inFlight    int
	maxInFlight int
	log         []served
	count       map[int]int // requests per input
}

// served is one request the fake answered.
type served struct {
	at     time.Time
	n      int
	status int
}

func (f *fakeAPI) client(t testing.TB) *responses.Service {
	t.Helper()
	c, err := client.New(client.WithBaseURL("http://fake.test/v1"), client.WithAPIKey("sk-test"),
		client.WithHTTPClient(&http.Client{Transport: f}), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return responses.New(c)
}

func (f *fakeAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	var req responses.Request
	if err := json.Unmarshal(body, &req); err != nil {
		return reply(400, nil, errorBody("invalid_request_error", "", err.Error())), nil
	}
	text := ""
	if len(req.Input) > 0 {
		if m, ok := req.Input[len(req.Input)-1].(*responses.Message); ok {
			text = m.Text()
		}
	}
	n, _ := strconv.Atoi(text)

	f.mu.Lock()
	now := time.Now()
	if !f.started {
		f.started, f.reqs, f.toks, f.at = true, float64(f.rpm), float64(f.tpm), now
	}
	el := now.Sub(f.at).Seconds()
	f.reqs = min(f.reqs+float64(f.rpm)/60*el, float64(f.rpm))
	f.toks = min(f.toks+float64(f.tpm)/60*el, float64(f.tpm))
	f.reqs = max(f.reqs-f.other/60*el, 0)
	f.toks = max(f.toks-f.other/60*el*float64(f.cost), 0)
	f.at = now
	if f.count == nil {
		f.count = map[int]int{}
	}
	f.count[n]++
	h := http.Header{}
	var resp *http.Response
	switch {
	case f.rpm > 0 && f.reqs < 1:
		h.Set("retry-after-ms", waitMs(1-f.reqs, f.rpm))
		resp = reply(429, h, errorBody("requests", "rate_limit_exceeded", "Rate limit reached for requests"))
	case f.tpm > 0 && f.toks < float64(f.cost):
		h.Set("retry-after-ms", waitMs(float64(f.cost)-f.toks, f.tpm))
		resp = reply(429, h, errorBody("tokens", "rate_limit_exceeded", "Rate limit reached for tokens"))
	default:
		if f.rpm > 0 {
			f.reqs--
		}
		if f.tpm > 0 {
			f.toks -= float64(f.cost)
		}
	}
	f.setLimits(h)
	status := 200
	if resp != nil {
		status = resp.StatusCode
	}
	f.log = append(f.log, served{at: now, n: n, status: status})
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()

	if resp != nil {
		return resp, nil
	}
	if f.latency != nil {
		t := time.NewTimer(f.latency(n))
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	if f.answer != nil {
		if resp := f.answer(n); resp != nil {
			return resp, nil
		}
	}
	return reply(200, h, responseBody(fmt.Sprintf(`{"n":%d}`, n), f.cost)), nil
}

// setLimits writes the six x-ratelimit-* headers.
func (f *fakeAPI) setLimits(h http.Header) {
	for _, b := range []struct {
		name  string
		limit int
		level float64
	}{{"requests", f.rpm, f.reqs}, {"tokens", f.tpm, f.toks}} {
		if b.limit == 0 {
			continue
		}
		h.Set("x-ratelimit-limit-"+b.name, strconv.Itoa(b.limit))
		h.Set("x-ratelimit-remaining-"+b.name, strconv.Itoa(int(math.Floor(max(b.level, 0)))))
		reset := time.Duration((float64(b.limit) - b.level) / (float64(b.limit) / 60) * float64(time.Second))
		h.Set("x-ratelimit-reset-"+b.name, reset.Round(time.Millisecond).String())
	}
}

func waitMs(missing float64, perMinute int) string {
	return strconv.Itoa(int(math.Ceil(missing / (float64(perMinute) / 60) * 1000)))
}

func errorBody(typ, code, msg string) []byte {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}})
	return b
}

func responseBody(text string, tokens int) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": "resp_1", "object": "response", "created_at": 0, "status": "completed", "model": "gpt-test",
		"output": []any{map[string]any{
			"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
			"content": []any{map[string]any{"type": "output_text", "text": text, "annotations": []any{}}},
		}},
		"usage": map[string]any{"input_tokens": tokens / 2, "output_tokens": tokens - tokens/2, "total_tokens": tokens},
	})
	return b
}

func reply(status int, h http.Header, body []byte) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	h.Set("content-type", "application/json")
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
		ProtoMajor: 1, ProtoMinor: 1,
	}
}
