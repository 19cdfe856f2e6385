package responsestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
)

// An Exchange is one HTTP request and its answer, as a [Recorder] writes
// it and a [Replayer] serves it. A recording file is a JSON array of
// exchanges:
//
//	[
//	  {
//	    "method": "POST",
//	    "path": "/v1/responses",
//	    "request_headers": {"Authorization": ["REDACTED"], "Content-Type": ["application/json"]},
//	    "request_body": {"model": "gpt-5-mini", "input": "Hi", "stream": true},
//	    "status": 200,
//	    "response_headers": {"Content-Type": ["text/event-stream; charset=utf-8"]},
//	    "response_text": "event: response.created\ndata: {...}\n\n..."
//	  }
//	]
//
// A body that is JSON is kept as JSON (request_body, response_body), any
// other body, such as a stream of server-sent events, as text
// (request_text, response_text).
type Exchange struct {
	Method         string          `json:"method"`
	Path           string          `json:"path"`
	Query          string          `json:"query,omitempty"`
	RequestHeader  http.Header     `json:"request_headers,omitempty"`
	RequestBody    json.RawMessage `json:"request_body,omitempty"`
	RequestText    string          `json:"request_text,omitempty"`
	Status         int             `json:"status"`
	ResponseHeader http.Header     `json:"response_headers,omitempty"`
	ResponseBody   json.RawMessage `json:"response_body,omitempty"`
	ResponseText   string          `json:"response_text,omitempty"`
}

// requestBody returns the exchange's request body.
func (e *Exchange) requestBody() []byte {
	if e.RequestBody != nil {
		return e.RequestBody
	}
	return []byte(e.RequestText)
}

// responseBody returns the exchange's response body.
func (e *Exchange) responseBody() []byte {
	if e.ResponseBody != nil {
		return e.ResponseBody
	}
	return []byte(e.ResponseText)
}

// Redacted replaces the secrets in a recording.
const Redacted = "REDACTED"

// The headers a Recorder redacts: credentials, cookies, and the account.
var redactedHeaders = []string{"Authorization", "Api-Key", "Cookie", "Set-Cookie", "Openai-Organization", "Openai-Project", "Proxy-Authorization"}

// A Recorder is an [http.RoundTripper] that sends requests on and records
// each exchange to a file, with its secrets redacted, for a [Replayer] to
// serve in tests. Use it as the transport of the client's HTTP client:
//
//	rec := responsestest.NewRecorder("testdata/summary.json")
//	c, err := client.New(client.WithHTTPClient(&http.Client{Transport: rec}))
//	... // run the code against the API
//	err = rec.Close()
//
// The headers Authorization, api-key, Cookie, Set-Cookie,
// OpenAI-Organization, OpenAI-Project and Proxy-Authorization are written
// as [Redacted], and the API key the requests carry and the secrets given
// with [WithSecrets] are replaced by it wherever they appear. A Recorder is
// safe for concurrent use.
type Recorder struct {
	path      string
	transport http.RoundTripper
	secrets   []string

	mu        sync.Mutex
	keys      []string // the keys seen in requests
	exchanges []*Exchange
	err       error
}

// A RecordOption configures a [Recorder].
type RecordOption func(*Recorder)

// WithTransport makes the recorder send requests with rt instead of
// [http.DefaultTransport].
func WithTransport(rt http.RoundTripper) RecordOption {
	return func(r *Recorder) { r.transport = rt }
}

// WithSecrets makes the recorder replace these strings wherever they
// appear, besides the API key and the headers it always redacts. Empty
// strings are ignored.
func WithSecrets(secrets ...string) RecordOption {
	return func(r *Recorder) {
		for _, s := range secrets {
			if s != "" {
				r.secrets = append(r.secrets, s)
			}
		}
	}
}

// NewRecorder returns a Recorder that writes to the file at path. The file
// is written again after each exchange, and by Close.
func NewRecorder(path string, opts ...RecordOption) *Recorder {
	r := &Recorder{path: path, transport: http.DefaultTransport}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// RoundTrip sends req and records the exchange once its body has been read
// to the end or closed.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("responsestest: record: read the request body: %w", err)
		}
		body = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	r.learnKey(req.Header)
	res, err := r.transport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	ex := &Exchange{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Status: res.StatusCode,
		RequestHeader: req.Header.Clone(), ResponseHeader: res.Header.Clone()}
	ex.RequestBody, ex.RequestText = splitBody(body)
	res.Body = &recordedBody{ReadCloser: res.Body, done: func(b []byte) {
		ex.ResponseBody, ex.ResponseText = splitBody(b)
		r.add(ex)
	}}
	return res, nil
}

// learnKey keeps the API key of a request's headers, to redact it wherever
// it appears.
func (r *Recorder) learnKey(h http.Header) {
	key := strings.TrimSpace(strings.TrimPrefix(h.Get("Authorization"), "Bearer "))
	if key == "" {
		key = h.Get("Api-Key")
	}
	if len(key) < 8 { // too short to replace safely
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.keys, key) {
		return
	}
	r.keys = append(r.keys, key)
}

// splitBody returns b as JSON when it is JSON, else as text.
func splitBody(b []byte) (json.RawMessage, string) {
	if len(b) == 0 {
		return nil, ""
	}
	if json.Valid(b) {
		return json.RawMessage(b), ""
	}
	return nil, string(b)
}

// add redacts ex, adds it and writes the file.
func (r *Recorder) add(ex *Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.redact(ex)
	r.exchanges = append(r.exchanges, ex)
	if err := r.write(); err != nil && r.err == nil {
		r.err = err
	}
}

func (r *Recorder) redact(ex *Exchange) {
	secrets := append(append([]string(nil), r.keys...), r.secrets...)
	scrub := func(s string) string {
		for _, sec := range secrets {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
		return s
	}
	for _, h := range []http.Header{ex.RequestHeader, ex.ResponseHeader} {
		for _, k := range redactedHeaders {
			if _, ok := h[k]; ok {
				h[k] = []string{Redacted}
			}
		}
		for k, vs := range h {
			for i, v := range vs {
				vs[i] = scrub(v)
			}
			h[k] = vs
		}
	}
	ex.Path, ex.Query = scrub(ex.Path), scrub(ex.Query)
	ex.RequestText, ex.ResponseText = scrub(ex.RequestText), scrub(ex.ResponseText)
	if ex.RequestBody != nil {
		ex.RequestBody = json.RawMessage(scrub(string(ex.RequestBody)))
	}
	if ex.ResponseBody != nil {
		ex.ResponseBody = json.RawMessage(scrub(string(ex.ResponseBody)))
	}
}

// write writes the exchanges to the file; r.mu is held.
func (r *Recorder) write() error {
	exs := r.exchanges
	if exs == nil {
		exs = []*Exchange{}
	}
	b, err := json.MarshalIndent(exs, "", "  ")
	if err != nil {
		return fmt.Errorf("responsestest: record: %w", err)
	}
	if err := os.WriteFile(r.path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("responsestest: record: %w", err)
	}
	return nil
}

// Exchanges returns the exchanges recorded so far, redacted.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Exchange, len(r.exchanges))
	for i, ex := range r.exchanges {
		out[i] = *ex
	}
	return out
}

// Close writes the file once more and returns the first error met writing
// it. The exchanges whose bodies were not read to the end or closed are
// not in it.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.write(); err != nil && r.err == nil {
		r.err = err
	}
	return r.err
}

// recordedBody keeps what is read of a response body and hands it to done
// at its end or when it is closed, once.
type recordedBody struct {
	io.ReadCloser
	buf  bytes.Buffer
	once sync.Once
	done func([]byte)
}

func (b *recordedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.buf.Write(p[:n])
	if err != nil {
		b.finish()
	}
	return n, err
}

func (b *recordedBody) Close() error {
	b.finish()
	return b.ReadCloser.Close()
}

func (b *recordedBody) finish() {
	b.once.Do(func() { b.done(bytes.Clone(b.buf.Bytes())) })
}

// ReadExchanges reads a recording file (see [Exchange]).
func ReadExchanges(path string) ([]Exchange, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("responsestest: %w", err)
	}
	var exs []Exchange
	if err := json.Unmarshal(b, &exs); err != nil {
		return nil, fmt.Errorf("responsestest: %s is not a recording: %w", path, err)
	}
	return exs, nil
}
