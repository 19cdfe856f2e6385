package client

import (
	"errors"
	"net/http"
)

// Middleware wraps each attempt of a request. It receives the fully built
// request (URL, headers including authentication, replayable body) and next,
// which sends it on; it returns next's result or its own.
//
// Middleware given to [WithMiddleware] runs in order, the first one outermost:
// with WithMiddleware(a, b), a sees the request first and the response last.
// It runs once per attempt, so a retried request passes through it again with a
// fresh *http.Request; the client's logging and retry decision see what the
// outermost middleware returns. A middleware may change the request (it is not
// shared with other attempts) but must not read its body unless it restores it.
//
// An error returned by middleware is treated as a connection error and retried,
// unless it wraps a [backoff.PermanentError] (github.com/cenkalti/backoff/v4),
// which ends the call at once.
type Middleware func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error)

// errNoResponse is what a middleware chain that returns neither a response
// nor an error gets turned into.
var errNoResponse = errors.New("client: middleware returned neither a response nor an error")

// chain builds the function that sends one attempt through mw and then do.
// It is built once in New so that requests allocate no closures.
func chain(do func(*http.Request) (*http.Response, error), mw []Middleware) func(*http.Request) (*http.Response, error) {
	for i := len(mw) - 1; i >= 0; i-- {
		m, next := mw[i], do
		do = func(r *http.Request) (*http.Response, error) { return m(r, next) }
	}
	return do
}
