package client

import (
	"io"
	"net/http"
	"sync"
)

// A requestBody sends the JSON body of one attempt. Once the server has
// answered a request that [Client.Open] streams, the client lets go of the
// body's bytes (see release): net/http keeps the request until the
// response body is closed, and an open stream would otherwise keep the
// request, which may be a long conversation, for as long as it is read.
type requestBody struct {
	src *bodySource
	off int
}

// A bodySource holds the bytes of a request body, for the attempt's body
// and for the copies that net/http makes with GetBody to send it again.
type bodySource struct {
	mu sync.Mutex
	b  []byte // nil once released
}

// newBody sets b as the body of req, with its length and a GetBody, and
// returns it.
func newBody(req *http.Request, b []byte) *requestBody {
	if len(b) == 0 {
		req.Body, req.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		return nil
	}
	src := &bodySource{b: b}
	rb := &requestBody{src: src}
	req.Body, req.ContentLength = rb, int64(len(b))
	req.GetBody = func() (io.ReadCloser, error) {
		src.mu.Lock()
		defer src.mu.Unlock()
		if src.b == nil {
			return nil, errReleased
		}
		return &requestBody{src: src}, nil
	}
	return rb
}

func (rb *requestBody) Read(p []byte) (int, error) {
	rb.src.mu.Lock()
	defer rb.src.mu.Unlock()
	b := rb.src.b
	if b == nil || rb.off >= len(b) {
		// Released only once read whole: net/http reads once more after
		// the Content-Length, to check that nothing is left.
		return 0, io.EOF
	}
	n := copy(p, b[rb.off:])
	rb.off += n
	return n, nil
}

func (rb *requestBody) Close() error { return nil }

// release lets go of the body's bytes if they have all been sent, as they
// have when the server answers as a rule. A server that answers before
// reading the whole body keeps them held: net/http may still be sending.
func (rb *requestBody) release() {
	if rb == nil {
		return
	}
	rb.src.mu.Lock()
	defer rb.src.mu.Unlock()
	if rb.off == len(rb.src.b) {
		rb.src.b = nil
	}
}

// errReleased is the error of GetBody after the client let go of the body.
// The client does so only once the body has been sent and answered, after
// which net/http has no reason to send it again.
var errReleased = &releasedError{}

type releasedError struct{}

func (*releasedError) Error() string { return "client: request body read after its answer" }

// A streamBody is a body opened by [Request.GetBody], closed at most once.
type streamBody struct {
	io.ReadCloser
	once sync.Once
	err  error
}

func (b *streamBody) Close() error {
	b.once.Do(func() { b.err = b.ReadCloser.Close() })
	return b.err
}
