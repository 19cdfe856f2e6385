package responsestest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
)

// An Option configures a [Server] made by [NewServer].
type Option func(*options)

type options struct {
	addr      string
	listener  net.Listener
	inProcess bool

	webhookURL, webhookSecret string // WithWebhook (webhook.go)
}

// inProcessURL is the base URL of a server made with InProcess: a name
// that resolves nowhere, since only its Transport reaches it.
const inProcessURL = "http://responsestest.invalid/v1"

// InProcess makes a server that listens on no socket: its [Server.URL] is
// "http://responsestest.invalid/v1", only its [Server.Transport] reaches
// it, and its [Server.Client] uses that transport. Make such a server
// inside a testing/synctest bubble, where a listening socket would keep
// the bubble's time from advancing.
func InProcess() Option {
	return func(o *options) { o.inProcess = true }
}

// WithAddr makes the server listen on addr, such as "127.0.0.1:8787",
// instead of a free port of the loopback interface, so that programs in
// other languages can be pointed at a fixed base URL. [NewServer] panics if
// it cannot listen there; see [WithListener] to handle the error.
func WithAddr(addr string) Option {
	return func(o *options) { o.addr = addr }
}

// WithListener makes the server serve on l, which it closes on Close.
func WithListener(l net.Listener) Option {
	return func(o *options) { o.listener = l }
}

// start starts an httptest server of h as the options say.
func (o *options) start(h http.Handler) *httptest.Server {
	l := o.listener
	if l == nil && o.addr != "" {
		var err error
		if l, err = net.Listen("tcp", o.addr); err != nil {
			panic(fmt.Sprintf("responsestest: listen on %s: %v", o.addr, err))
		}
	}
	if l == nil {
		return httptest.NewServer(h)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	return srv
}
