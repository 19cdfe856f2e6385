package responsestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// A Replayer serves recorded exchanges (see [Exchange] and [Recorder]) in
// tests, as an [http.RoundTripper] for a client's HTTP client or as an
// [http.Handler] for a server:
//
//	exs, err := responsestest.ReadExchanges("testdata/summary.json")
//	...
//	rp := responsestest.NewReplayer(exs, t)
//	c, err := client.New(client.WithAPIKey("sk-test"),
//		client.WithHTTPClient(&http.Client{Transport: rp}))
//
// A request matches an exchange with the same method, path, query and
// body; JSON bodies are compared as values, so the order of members does
// not matter, and query parameters in any order match.
// Each exchange answers one request, in the order of the recording; when
// the matching exchanges are used up, the last one answers again (a
// retried request, say). A request that matches none is answered with
// HTTP 400, an [UnmatchedError]'s message naming the closest recorded
// request and how it differs, and x-should-retry: false, so that the
// client returns that error at once; the test, when given, fails with
// it. A Replayer is safe for concurrent use.
type Replayer struct {
	tb        testing.TB
	exchanges []Exchange

	mu        sync.Mutex
	used      []bool
	unmatched []*UnmatchedError
}

// NewReplayer returns a Replayer of the exchanges. When tb is not nil, an
// unmatched request fails the test with tb.Error.
func NewReplayer(exchanges []Exchange, tb testing.TB) *Replayer {
	return &Replayer{tb: tb, exchanges: exchanges, used: make([]bool, len(exchanges))}
}

// An UnmatchedError reports a request that matches no recorded exchange.
type UnmatchedError struct {
	Method, Path string
	// Closest is the index of the closest recorded exchange, -1 if there
	// is none.
	Closest int
	// ClosestMethod and ClosestPath are the closest exchange's.
	ClosestMethod, ClosestPath string
	// Diffs says how the request differs from the closest one, one entry
	// per difference, such as `body member "model": recorded "gpt-5", sent "gpt-4.1"`.
	Diffs []string
}

func (e *UnmatchedError) Error() string {
	if e.Closest < 0 {
		return fmt.Sprintf("responsestest: no recorded exchange for %s %s: the recording is empty", e.Method, e.Path)
	}
	return fmt.Sprintf("responsestest: no recorded exchange matches %s %s; the closest is exchange %d (%s %s), which differs in %s",
		e.Method, e.Path, e.Closest, e.ClosestMethod, e.ClosestPath, strings.Join(e.Diffs, "; "))
}

// Unmatched returns the errors of the requests that matched no exchange so
// far.
func (rp *Replayer) Unmatched() []*UnmatchedError {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return slices.Clone(rp.unmatched)
}

// RoundTrip answers req with the matching recorded exchange.
func (rp *Replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("responsestest: replay: read the request body: %w", err)
		}
		body = b
	}
	code, h, b := rp.answer(req.Method, req.URL.Path, req.URL.RawQuery, body)
	return &http.Response{
		Status:        strconv.Itoa(code) + " " + http.StatusText(code),
		StatusCode:    code,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       req,
	}, nil
}

// ServeHTTP answers r with the matching recorded exchange.
func (rp *Replayer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	code, h, b := rp.answer(r.Method, r.URL.Path, r.URL.RawQuery, body)
	maps.Copy(w.Header(), h)
	w.WriteHeader(code)
	w.Write(b)
}

// answer returns the status, headers and body that answer a request.
func (rp *Replayer) answer(method, path, query string, body []byte) (int, http.Header, []byte) {
	ex, err := rp.match(method, path, query, body)
	if err != nil {
		if rp.tb != nil {
			rp.tb.Error(err)
		}
		b := Error(http.StatusBadRequest, ErrorBody{Type: "invalid_request_error", Code: "unmatched_request", Message: err.Error()}).Body
		h := http.Header{"Content-Type": {"application/json"}, "X-Should-Retry": {"false"}, "Content-Length": {strconv.Itoa(len(b))}}
		return http.StatusBadRequest, h, b
	}
	b := ex.responseBody()
	h := ex.ResponseHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Content-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	code := ex.Status
	if code == 0 {
		code = http.StatusOK
	}
	return code, h, b
}

// match returns the exchange that answers a request: the first unused one
// that matches, else the last one that matches.
func (rp *Replayer) match(method, path, query string, body []byte) (*Exchange, error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	last := -1
	for i := range rp.exchanges {
		ex := &rp.exchanges[i]
		if ex.Method != method || ex.Path != path || !sameQuery(ex.Query, query) || !sameBody(ex.requestBody(), body) {
			continue
		}
		if !rp.used[i] {
			rp.used[i] = true
			return ex, nil
		}
		last = i
	}
	if last >= 0 {
		return &rp.exchanges[last], nil
	}
	err := rp.closest(method, path, query, body)
	rp.unmatched = append(rp.unmatched, err)
	return nil, err
}

// closest returns the error for an unmatched request, naming the recorded
// exchange with the fewest differences.
func (rp *Replayer) closest(method, path, query string, body []byte) *UnmatchedError {
	err := &UnmatchedError{Method: method, Path: path, Closest: -1}
	best := 0
	for i := range rp.exchanges {
		ex := &rp.exchanges[i]
		var diffs []string
		score := 0
		if ex.Method != method {
			diffs = append(diffs, fmt.Sprintf("method: recorded %s, sent %s", ex.Method, method))
			score += 1000
		}
		if ex.Path != path {
			diffs = append(diffs, fmt.Sprintf("path: recorded %s, sent %s", ex.Path, path))
			score += 100
		}
		if !sameQuery(ex.Query, query) {
			diffs = append(diffs, fmt.Sprintf("query: recorded %q, sent %q", ex.Query, query))
			score += 10
		}
		d := bodyDiffs(ex.requestBody(), body)
		diffs = append(diffs, d...)
		score += len(d)
		if err.Closest < 0 || score < best {
			best = score
			err.Closest, err.ClosestMethod, err.ClosestPath, err.Diffs = i, ex.Method, ex.Path, diffs
		}
	}
	if err.Closest >= 0 && len(err.Diffs) == 0 {
		err.Diffs = []string{"nothing: it matched"} // cannot happen
	}
	return err
}

// sameQuery reports whether two query strings hold the same values, in
// any order.
func sameQuery(a, b string) bool {
	if a == b {
		return true
	}
	va, erra := url.ParseQuery(a)
	vb, errb := url.ParseQuery(b)
	return erra == nil && errb == nil && maps.EqualFunc(va, vb, slices.Equal)
}

// decodeJSON decodes b, keeping numbers as written.
func decodeJSON(b []byte) (any, bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil || d.More() {
		return nil, false
	}
	return v, true
}

// sameBody reports whether two bodies are equal, as JSON values if both
// are JSON.
func sameBody(a, b []byte) bool {
	va, oka := decodeJSON(a)
	vb, okb := decodeJSON(b)
	if oka && okb {
		return reflect.DeepEqual(normNumbers(va), normNumbers(vb))
	}
	return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
}

// normNumbers replaces json.Numbers by their float64 values, so that 1 and
// 1.0 compare equal, when they are in range.
func normNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if f, err := v.Float64(); err == nil {
			return f
		}
	case []any:
		for i := range v {
			v[i] = normNumbers(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normNumbers(v[k])
		}
	}
	return v
}

// bodyDiffs describes how the sent body differs from the recorded one: by
// top-level member when both are JSON objects.
func bodyDiffs(recorded, sent []byte) []string {
	if sameBody(recorded, sent) {
		return nil
	}
	ra, oka := decodeJSON(recorded)
	sa, oks := decodeJSON(sent)
	ro, okr := ra.(map[string]any)
	so, okso := sa.(map[string]any)
	if !oka || !oks || !okr || !okso {
		return []string{fmt.Sprintf("body: recorded %s, sent %s", brief(recorded), brief(sent))}
	}
	var keys []string
	for k := range ro {
		keys = append(keys, k)
	}
	for k := range so {
		if _, ok := ro[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var diffs []string
	for _, k := range keys {
		r, inR := ro[k]
		s, inS := so[k]
		switch {
		case !inS:
			diffs = append(diffs, fmt.Sprintf("body member %q: recorded %s, not sent", k, briefValue(r)))
		case !inR:
			diffs = append(diffs, fmt.Sprintf("body member %q: not recorded, sent %s", k, briefValue(s)))
		case !reflect.DeepEqual(normNumbers(r), normNumbers(s)):
			diffs = append(diffs, fmt.Sprintf("body member %q: recorded %s, sent %s", k, briefValue(r), briefValue(s)))
		}
	}
	return diffs
}

func briefValue(v any) string {
	b, _ := json.Marshal(v)
	return brief(b)
}

// brief returns b, shortened to 80 bytes.
func brief(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "no body"
	}
	if len(b) > 80 {
		return strings.ToValidUTF8(string(b[:77]), "") + "..."
	}
	return string(b)
}
