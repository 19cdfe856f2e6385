package responsestest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Transport returns an http.RoundTripper that serves requests with the
// server's handler in the same process, with no socket: the request's body
// is passed to the handler as it is, and the response's body is streamed
// through a pipe as the handler writes it, so that streams work. It
// honours the request's context: cancelling it ends the round trip or the
// body being read, and the handler sees its request's context done.
//
// Inside a testing/synctest bubble, where time is virtual and advances only
// when every goroutine of the bubble is blocked, a client must use this
// transport (real sockets keep the bubble's time from advancing):
//
//	c, err := srv.Client(client.WithHTTPClient(&http.Client{Transport: srv.Transport()}))
//
// A server made with [InProcess] listens nowhere and its Client uses this
// transport.
func (s *Server) Transport() http.RoundTripper { return transport{s} }

type transport struct{ s *Server }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	r := req.Clone(ctx)
	r.RequestURI = req.URL.RequestURI()
	r.RemoteAddr = "127.0.0.1:1"
	if r.Body == nil {
		r.Body = http.NoBody
	}
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// A handler that panics (http.ErrAbortHandler: a connection
				// cut mid-body) ends the body with an error, as a socket
				// would.
				w.start(http.StatusInternalServerError)
				pw.CloseWithError(io.ErrUnexpectedEOF)
				return
			}
			w.start(http.StatusOK)
			pw.Close()
		}()
		defer r.Body.Close()
		t.s.handler.ServeHTTP(w, r)
	}()
	select {
	case <-w.ready:
	case <-ctx.Done():
		stop()
		pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	resp := &http.Response{
		Status:        strconv.Itoa(w.code) + " " + http.StatusText(w.code),
		StatusCode:    w.code,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		Body:          &pipeBody{pr: pr, stop: stop},
		ContentLength: -1,
		Request:       req,
	}
	if n, err := strconv.ParseInt(w.sent.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = n
	}
	return resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// pipeWriter is the http.ResponseWriter of a round trip: it sends the
// status and a copy of the headers once, then writes the body into a pipe.
type pipeWriter struct {
	header http.Header
	pw     *io.PipeWriter
	once   sync.Once
	ready  chan struct{}
	code   int
	sent   http.Header
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) { w.start(code) }

func (w *pipeWriter) start(code int) {
	w.once.Do(func() {
		w.code, w.sent = code, w.header.Clone()
		close(w.ready)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.start(http.StatusOK)
	return w.pw.Write(p)
}

// Flush sends the headers; the body needs no flushing, since each write
// waits for the reader.
func (w *pipeWriter) Flush() { w.start(http.StatusOK) }

// pipeBody is a response body; closing it ends the handler's writes.
type pipeBody struct {
	pr   *io.PipeReader
	stop func() bool
}

func (b *pipeBody) Read(p []byte) (int, error) { return b.pr.Read(p) }

func (b *pipeBody) Close() error {
	b.stop()
	return b.pr.Close()
}
