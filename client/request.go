package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Request is one API call. The client adds the base URL, authentication, the
// default headers and, for a body, "Content-Type: application/json".
type Request struct {
	// Method is the HTTP method, such as http.MethodGet, http.MethodPost or
	// http.MethodDelete.
	Method string
	// Path is relative to the base URL, such as "responses" or
	// "responses/resp_1/cancel"; a leading slash is ignored. It is used as is:
	// escape caller-supplied segments with url.PathEscape. It must not be an
	// absolute URL, nor hold a query or fragment (use Query).
	Path string
	// Query holds query parameters; it may be nil.
	Query url.Values
	// Header holds extra headers, such as "Accept: text/event-stream"; it may
	// be nil. A header here replaces the client's header of the same name.
	// Like the client's own headers, it is not sent to another origin on a
	// redirect (see [WithHTTPClient]).
	Header http.Header
	// Body is the JSON body, or nil for none. It is sent with
	// "Content-Type: application/json" and replayed, without being copied,
	// on every attempt; it must not change until the call returns.
	Body []byte
	// GetBody, when not nil, opens the body of each attempt instead of Body,
	// for a body too large to hold in memory, such as a file upload streamed
	// from disk. It is called once before each attempt; the client closes
	// what it returns once the attempt is done with it. The body is sent as
	// is, with the client's headers but no Content-Type of its own: set one
	// in Header. A body that cannot be produced again, such as one read from
	// a pipe, makes a call that cannot be retried: GetBody then returns an
	// error on its second call, and the call ends with the error of the
	// attempt before, as when the retries are used up. An error on its first
	// call ends the call with that error, wrapped. (Its json tag lets a
	// request be logged as JSON.)
	GetBody func() (io.ReadCloser, error) `json:"-"`
	// ContentLength is the length of the body GetBody returns, sent as the
	// Content-Length header; zero means unknown, and the body is then sent
	// in chunks (Transfer-Encoding: chunked). It is ignored without GetBody.
	ContentLength int64
	// Attempts is the number of requests already sent for the same call by
	// a caller that sends it again itself, such as a stream that broke
	// before its first event. They count against the retries of
	// [WithMaxRetries], so that the call as a whole sends at most
	// MaxRetries+1 requests; the request is still sent at least once. Zero
	// for a new call.
	Attempts int
	// Secrets are values of this call that a server may echo, such as
	// tokens carried in Body, to scrub from its errors and log lines
	// besides the client's own secrets; see [APIError]. It may be nil;
	// values shorter than 6 bytes are ignored. Values of headers in Header
	// whose names mark them as secrets (Authorization, …Key, …Token…) are
	// scrubbed without being listed here. Printing or logging a Request
	// does not show them either (see [Request.LogValue]).
	Secrets []string
}

// Response is the successful (2xx) answer to a [Request].
type Response struct {
	StatusCode int
	Header     http.Header
	RequestID  string    // the x-request-id header
	RateLimit  RateLimit // the parsed x-ratelimit-* headers
	Body       []byte    // the whole body, for Send; nil for Open
	// Attempts is the number of requests sent for the call, this one and
	// Request.Attempts included.
	Attempts int
}

// Send performs req, retrying as described in the package documentation, and
// returns the whole response body. The body is read inside the retry loop, so
// a connection dropped mid-body is retried like any connection error. A non-2xx
// answer is an [*APIError]; a body larger than the limit set by
// [WithMaxBodySize] is an error wrapping [ErrBodyTooLarge]. Options, if any,
// apply to this call only, on top of the client's (see [Option]).
func (c *Client) Send(ctx context.Context, req *Request, opts ...Option) (*Response, error) {
	resp, _, err := c.do(ctx, req, false, opts)
	return resp, err
}

// Open performs req, retrying until the headers of a 2xx response arrive, and
// returns the open body for streaming. The caller must close it. Options, if
// any, apply to this call only, on top of the client's (see [Option]). Nothing is
// retried after Open returns. A per-attempt timeout ([WithTimeout]) covers only
// the wait for the headers: the body stays readable until it is closed or ctx
// ends.
func (c *Client) Open(ctx context.Context, req *Request, opts ...Option) (*Response, io.ReadCloser, error) {
	return c.do(ctx, req, true, opts)
}

var (
	// errInvalidRequest marks requests that can never succeed; they are not sent.
	errInvalidRequest = errors.New("client: invalid request")
	// errLengthMismatch marks a body longer than its Content-Length.
	errLengthMismatch = errors.New("response body longer than its Content-Length")
)

// target checks r and returns the URL it goes to.
func (cfg *config) target(r *Request) (string, error) {
	if r == nil {
		return "", fmt.Errorf("%w: nil *Request", errInvalidRequest)
	}
	if !validHeaderKey(r.Method) {
		return "", fmt.Errorf("%w: method %q", errInvalidRequest, r.Method)
	}
	p := r.Path
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
		return "", fmt.Errorf("%w: path %q is an absolute URL; paths are relative to the base URL", errInvalidRequest, p)
	}
	if strings.ContainsAny(p, "?#") {
		return "", fmt.Errorf("%w: path %q holds a query or fragment; use Request.Query", errInvalidRequest, p)
	}
	for k, vv := range r.Header {
		if !validHeaderKey(k) {
			return "", fmt.Errorf("%w: header name %q", errInvalidRequest, k)
		}
		for _, v := range vv {
			if err := checkHeaderValue(v); err != nil {
				return "", fmt.Errorf("%w: header %s %w", errInvalidRequest, k, err)
			}
		}
	}
	u := cfg.base + strings.TrimPrefix(p, "/")
	q := ""
	if len(r.Query) > 0 {
		q = r.Query.Encode()
	}
	if len(cfg.extraQuery) > 0 {
		qv := maps.Clone(r.Query)
		if qv == nil {
			qv = make(url.Values, len(cfg.extraQuery))
		}
		for k, vv := range cfg.extraQuery {
			if len(vv) == 0 {
				delete(qv, k)
			} else {
				qv[k] = vv
			}
		}
		q = qv.Encode()
	}
	if cfg.query != "" && !r.Query.Has("api-version") {
		if q == "" {
			q = cfg.query
		} else {
			q += "&" + cfg.query
		}
	}
	if q != "" {
		u += "?" + q
	}
	return u, nil
}

// newHTTPRequest builds the request of one attempt, and returns its body
// (nil for none). The body is not copied.
func (cfg *config) newHTTPRequest(ctx context.Context, r *Request, target string, stream io.ReadCloser) (*http.Request, *requestBody, error) {
	req, err := http.NewRequestWithContext(ctx, r.Method, target, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errInvalidRequest, err)
	}
	h := cfg.cred.plain
	var body *requestBody
	switch {
	case stream != nil:
		req.Body, req.ContentLength = stream, max(r.ContentLength, 0)
	case r.Body != nil:
		h = cfg.cred.json
		body = newBody(req, r.Body)
	}
	req.Header = h.Clone()
	for k, vv := range r.Header {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vv...)
	}
	return req, body, nil
}

// outcome is the result of one attempt.
type outcome struct {
	resp       *Response
	body       io.ReadCloser // the open body, for Open
	err        error
	retry      bool          // err may be retried
	serverWait time.Duration // the wait the server asked for, if any
	status     int           // 0 when no response arrived
	requestID  string
	reqHeader  http.Header // for logging
}

// attempt sends r once, bounded by the per-attempt timeout if there is one.
// stream is the body GetBody opened for it, if any; it is closed once the
// attempt is done with it.
func (cfg *config) attempt(ctx context.Context, r *Request, target string, open bool, stream io.ReadCloser) (o outcome) {
	if stream != nil {
		// net/http closes the body it sends, but a middleware that answers
		// by itself may not: close it here too, once, unless a stream is
		// open and net/http may still be sending it.
		sb := &streamBody{ReadCloser: stream}
		stream = sb
		defer func() {
			if o.body == nil {
				sb.Close()
			}
		}()
	}
	if cfg.timeout <= 0 {
		return cfg.exchange(ctx, ctx, r, target, open, nil, nil, stream)
	}
	// The attempt's context is cancelled by a timer rather than given a
	// deadline, so that Open can stop the timer once the headers are in and
	// leave the body readable. It stays apart from ctx: when it expires, ctx
	// is still alive and the attempt is retried.
	actx, cancel := context.WithCancelCause(ctx)
	d := cfg.timeout
	timer := time.AfterFunc(d, func() { cancel(&timeoutError{d}) })
	o = cfg.exchange(ctx, actx, r, target, open, timer, cancel, stream)
	if o.body == nil {
		timer.Stop()
		cancel(nil)
	}
	return o
}

// exchange sends one attempt on actx, the attempt's context derived from the
// caller's ctx, and reads its answer.
func (cfg *config) exchange(ctx, actx context.Context, r *Request, target string, open bool, timer *time.Timer, cancel context.CancelCauseFunc, stream io.ReadCloser) outcome {
	req, body, err := cfg.newHTTPRequest(actx, r, target, stream)
	if err != nil {
		return outcome{err: err}
	}
	var o outcome
	if cfg.logger != nil {
		o.reqHeader = req.Header
	}
	resp, err := cfg.send(req)
	if err == nil && resp == nil {
		err = errNoResponse
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		// The error may name what the server chose, such as the URL it
		// redirected to, and so echo a secret.
		o.err = cfg.scrubberFor(r).error(attemptError(ctx, actx, err))
		o.retry = retryableTransport(o.err)
		return o
	}
	o.status = resp.StatusCode
	o.requestID = header(resp.Header, hdrRequestID)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Read past the cut by the longest form of a secret, so that one
		// that straddles it is scrubbed whole before the body is cut.
		sc := cfg.scrubberFor(r)
		limit := maxErrorBody + sc.slack
		data, _ := io.ReadAll(io.LimitReader(resp.Body, int64(limit)))
		resp.Body.Close()
		apiErr := newAPIError(resp, data, len(data) == limit, sc)
		o.err, o.retry, o.serverWait = apiErr, shouldRetry(resp, apiErr), apiErr.RetryAfter
		o.requestID = apiErr.RequestID // scrubbed
		return o
	}

	if open {
		if timer != nil && !timer.Stop() {
			// The attempt ran out of time just as the headers came in.
			resp.Body.Close()
			o.err, o.retry = &timeoutError{cfg.timeout}, true
			return o
		}
		// The request is answered: what it sent need not be kept while
		// the stream is read.
		body.release()
		o.body = resp.Body
		if cancel != nil {
			o.body = &openBody{ReadCloser: resp.Body, cancel: cancel}
		}
		o.resp = newResponse(resp, nil)
		return o
	}

	var data []byte
	if req.Method != http.MethodHead {
		data, err = readBody(resp, cfg.maxBodySize)
	}
	resp.Body.Close()
	if err != nil {
		o.err = cfg.scrubberFor(r).error(attemptError(ctx, actx, err))
		o.retry = retryableTransport(o.err)
		return o
	}
	o.resp = newResponse(resp, data)
	return o
}

// attemptError returns the timeout error when the attempt's own context ran
// out while the caller's is still alive, and err otherwise.
func attemptError(ctx, actx context.Context, err error) error {
	if actx != ctx && ctx.Err() == nil && actx.Err() != nil {
		var te *timeoutError
		if cause := context.Cause(actx); errors.As(cause, &te) {
			return te
		}
	}
	return err
}

func newResponse(resp *http.Response, body []byte) *Response {
	return &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  header(resp.Header, hdrRequestID),
		RateLimit:  parseRateLimit(resp.Header),
		Body:       body,
	}
}

// openBody is the body returned by Open when the attempt has its own context:
// closing the body releases that context.
type openBody struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (b *openBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel(nil)
	return err
}

// readBody reads a whole response body of at most limit bytes. With a known
// Content-Length it reads into one buffer of exactly that size.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	n := resp.ContentLength
	if n > limit {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds the limit of %d bytes", ErrBodyTooLarge, n, limit)
	}
	if n < 0 {
		return readUnknown(resp.Body, limit)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	// Check that nothing follows the announced length. (A spare byte of
	// capacity in buf would do without this small allocation, but it rounds
	// a large buffer up by a whole page.)
	switch m, err := io.ReadFull(resp.Body, make([]byte, 1)); {
	case m > 0:
		return nil, fmt.Errorf("%w (%d bytes)", errLengthMismatch, n)
	case err != nil && err != io.EOF:
		return nil, err
	}
	return buf, nil
}

// scratch holds the first chunk of a body of unknown length, so that
// reading a small one allocates only the exact-size copy it returns.
var scratch = sync.Pool{New: func() any { b := make([]byte, firstChunk); return &b }}

const (
	firstChunk = 32 << 10 // the first chunk of a body of unknown length
	maxChunk   = 4 << 20  // the largest chunk
)

// readUnknown reads a body of unknown length, up to limit bytes. It reads
// into chunks, each twice the size of the one before up to maxChunk, that
// are never copied while reading, and joins them once at the end: a body
// over the limit fails having held the limit and one chunk, not the
// doubling of a growing buffer, and a body within it costs its size twice
// at most, briefly.
func readUnknown(r io.Reader, limit int64) ([]byte, error) {
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	var (
		chunks [][]byte
		buf    = (*bp)[:0]
		total  int64 // bytes in chunks and buf
		err    error
	)
	for err == nil {
		if len(buf) == cap(buf) {
			chunks = append(chunks, buf)
			// Room for one byte past the limit, to see that it is passed.
			size := min(2*int64(cap(buf)), maxChunk, limit+1-total)
			buf = make([]byte, 0, size)
		}
		var m int
		m, err = r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if total += int64(m); total > limit {
			return nil, fmt.Errorf("%w: more than the limit of %d bytes", ErrBodyTooLarge, limit)
		}
	}
	if err != io.EOF {
		return nil, err
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, buf...), nil
}
