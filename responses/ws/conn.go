package ws

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// ErrClosed is returned by the calls of a [Conn] after [Conn.Close].
var ErrClosed = errors.New("ws: connection closed")

// A Conn runs the Responses API over a WebSocket connection, opened again
// when it breaks or grows old. It is safe for concurrent use: each lane
// runs one response at a time, and lanes run side by side.
type Conn struct {
	c   *client.Client
	cfg config
	n   counters

	mu     sync.Mutex
	sock   *socket // the connection in use, nil when there is none
	gen    int     // the number of connections opened
	lanes  map[string]*Lane
	closed bool
}

// Dial opens a WebSocket connection to the Responses API of rs's client
// (GET /responses, upgraded), with its base URL, key and headers. A
// refused handshake is a *client.APIError, as a refused HTTP call is.
// Close the Conn when done.
func Dial(ctx context.Context, rs *responses.Service, opts ...Option) (*Conn, error) {
	if rs == nil {
		return nil, errors.New("ws: Dial called with a nil Service")
	}
	c := &Conn{c: rs.Client(), cfg: config{lifetime: DefaultLifetime}, lanes: map[string]*Lane{}}
	for _, o := range opts {
		o(&c.cfg)
	}
	if _, err := c.socket(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Stream sends req on the default lane and yields the events of its
// response, as [responses.Service.Stream] does; see [Lane.Stream].
func (c *Conn) Stream(ctx context.Context, req *responses.Request) iter.Seq2[responses.Event, error] {
	return c.Lane("").Stream(ctx, req)
}

// Create sends req on the default lane and returns its response; see
// [Lane.Create].
func (c *Conn) Create(ctx context.Context, req *responses.Request) (*responses.Response, error) {
	return c.Lane("").Create(ctx, req)
}

// Lane returns the lane named id (the stream_id of its requests), made on
// first use; "" is the default lane, whose requests carry no stream_id.
func (c *Conn) Lane(id string) *Lane {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.lanes[id]
	if !ok {
		l = &Lane{c: c, id: id, busy: make(chan struct{}, 1)}
		c.lanes[id] = l
	}
	return l
}

// Close closes the connection, with a closing handshake. Streams in
// progress end with an error; later calls return [ErrClosed].
func (c *Conn) Close() error {
	c.mu.Lock()
	s := c.sock
	c.sock, c.closed = nil, true
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.close(websocket.StatusNormalClosure, "")
}

// socket returns the connection to send on: the one in use, or a new one
// when there is none, it ended, or it is older than the lifetime. An old
// connection is closed once the responses in flight on it have ended.
func (c *Conn) socket(ctx context.Context) (*socket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	if s := c.sock; s != nil {
		if !s.ended() && time.Since(s.opened) < c.cfg.lifetime {
			return s, nil
		}
		s.retire()
		c.sock = nil
	}
	s, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	c.gen++
	c.n.connections.Add(1)
	s.gen = c.gen
	c.sock = s
	return s, nil
}

// drop forgets s as the connection in use, after it failed, so that the
// next request opens a new one.
func (c *Conn) drop(s *socket) {
	c.mu.Lock()
	if c.sock == s {
		c.sock = nil
	}
	c.mu.Unlock()
	s.ws.CloseNow()
	s.end(ErrClosed)
}

// open dials a new connection.
func (c *Conn) open(ctx context.Context) (*socket, error) {
	req, hc, err := c.c.Prepare(ctx, &client.Request{Method: http.MethodGet, Path: "responses"})
	if err != nil {
		return nil, err
	}
	u := req.URL.String()
	wc, resp, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPClient: hc, HTTPHeader: req.Header})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, c.c.ResponseError(resp)
		}
		return nil, fmt.Errorf("ws: open %s: %w", req.URL.Redacted(), err)
	}
	// An event may be as large as the client lets an HTTP stream's be.
	wc.SetReadLimit(int64(c.c.MaxEventSize()) + 64<<10)
	s := &socket{ws: wc, opened: time.Now(), routes: map[string]*route{}, done: make(chan struct{})}
	go s.read()
	return s, nil
}

// A socket is one WebSocket connection and the routes of the responses in
// flight on it, one per lane.
type socket struct {
	ws     *websocket.Conn
	opened time.Time
	gen    int
	wmu    sync.Mutex // serializes writes

	mu      sync.Mutex
	routes  map[string]*route
	retired bool          // replaced: close when no route is left
	done    chan struct{} // closed when reading ended
	err     error         // why reading ended
}

// read reads the messages of the connection and gives each to the route
// of its lane, until the connection ends.
func (s *socket) read() {
	for {
		typ, data, err := s.ws.Read(context.Background())
		if err == nil && typ != websocket.MessageText {
			err = errors.New("ws: the server sent a binary message")
			s.ws.Close(websocket.StatusUnsupportedData, "text messages only")
		}
		if err != nil {
			s.end(err)
			return
		}
		lane := gjson.GetBytes(data, "stream_id").Str
		s.mu.Lock()
		r := s.routes[lane]
		s.mu.Unlock()
		if r != nil {
			r.push(data)
		}
		// A message for no response in flight (a lane whose caller left)
		// is dropped.
	}
}

// end records that reading ended with err and tells every route.
func (s *socket) end(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	s.err = fmt.Errorf("ws: connection lost: %w", err)
	close(s.done)
	for _, r := range s.routes {
		r.fail(s.err)
	}
}

// ended reports whether reading ended.
func (s *socket) ended() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// route registers the route of a response on lane.
func (s *socket) route(lane string) (*route, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	r := &route{wake: make(chan struct{}, 1)}
	s.routes[lane] = r
	return r, nil
}

// unroute removes the route of lane, and closes a retired connection that
// has no route left.
func (s *socket) unroute(lane string, r *route) {
	s.mu.Lock()
	if s.routes[lane] == r {
		delete(s.routes, lane)
	}
	idle := s.retired && len(s.routes) == 0
	s.mu.Unlock()
	if idle {
		go s.close(websocket.StatusNormalClosure, "")
	}
}

// retire marks s as replaced: it is closed once no route is left.
func (s *socket) retire() {
	s.mu.Lock()
	s.retired = true
	idle := len(s.routes) == 0
	s.mu.Unlock()
	if idle {
		go s.close(websocket.StatusNormalClosure, "")
	}
}

// write sends one message.
func (s *socket) write(ctx context.Context, msg []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.ws.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("ws: send: %w", err)
	}
	return nil
}

// close closes the connection with code and reason.
func (s *socket) close(code websocket.StatusCode, reason string) error {
	err := s.ws.Close(code, reason)
	s.end(ErrClosed)
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// A route holds the messages of one response in flight until its reader
// takes them: a slow reader never blocks the connection's other lanes.
type route struct {
	mu   sync.Mutex
	msgs [][]byte
	err  error
	wake chan struct{}
}

func (r *route) push(msg []byte) {
	r.mu.Lock()
	r.msgs = append(r.msgs, msg)
	r.mu.Unlock()
	r.signal()
}

func (r *route) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
	r.signal()
}

func (r *route) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// next returns the next message, or the error that ended the connection
// once every message before it was taken, or ctx's error.
func (r *route) next(ctx context.Context) ([]byte, error) {
	for {
		r.mu.Lock()
		if len(r.msgs) > 0 {
			m := r.msgs[0]
			r.msgs[0] = nil
			r.msgs = r.msgs[1:]
			r.mu.Unlock()
			return m, nil
		}
		err := r.err
		r.mu.Unlock()
		if err != nil {
			return nil, err
		}
		select {
		case <-r.wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
