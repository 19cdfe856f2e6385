package ws

import (
	"bytes"
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
	s := &socket{ws: wc, opened: time.Now(), routes: map[string]*route{}, done: make(chan struct{}), reading: make(chan struct{}, 1)}
	return s, nil
}

// A socket is one WebSocket connection and the routes of the responses in
// flight on it, one per lane.
type socket struct {
	ws     *websocket.Conn
	opened time.Time
	gen    int
	wmu    sync.Mutex // serializes writes

	// reading holds a token while a goroutine reads the connection: the
	// caller of the only response in flight reads it itself, which spares
	// a goroutine switch per event; with responses in flight on several
	// lanes, a goroutine reads for them all (see readAll).
	reading chan struct{}
	readers bool // readAll runs

	mu      sync.Mutex
	routes  map[string]*route
	retired bool          // replaced: close when no route is left
	done    chan struct{} // closed when reading ended
	err     error         // why reading ended
}

// readOne reads one message with ctx (whose end closes the connection)
// and returns it with its lane.
func (s *socket) readOne(ctx context.Context) (*message, string, error) {
	typ, rd, err := s.ws.Reader(ctx)
	if err == nil && typ != websocket.MessageText {
		err = errors.New("ws: the server sent a binary message")
		s.ws.Close(websocket.StatusUnsupportedData, "text messages only")
	}
	if err != nil {
		return nil, "", err
	}
	m := messages.Get().(*message)
	m.Reset()
	if _, err := m.ReadFrom(rd); err != nil {
		m.free()
		return nil, "", err
	}
	return m, gjson.GetBytes(m.Bytes(), "stream_id").Str, nil
}

// deliver gives m to the route of lane; a message for no response in
// flight (a lane whose caller left) is dropped.
func (s *socket) deliver(lane string, m *message) {
	s.mu.Lock()
	r := s.routes[lane]
	s.mu.Unlock()
	if r != nil {
		r.push(m)
	} else {
		m.free()
	}
}

// readAll reads for the responses in flight on several lanes, and gives
// each message to the route of its lane, until a single response is left
// (whose caller then reads for itself) or the connection ends.
func (s *socket) readAll() {
	s.reading <- struct{}{}
	for {
		s.mu.Lock()
		if len(s.routes) <= 1 {
			s.readers = false
			left := make([]*route, 0, len(s.routes))
			for _, r := range s.routes {
				left = append(left, r)
			}
			s.mu.Unlock()
			// Give the token back before telling the route left to read
			// for itself, or it could find it taken and wait for nothing.
			<-s.reading
			for _, r := range left {
				r.signal()
			}
			return
		}
		s.mu.Unlock()
		m, lane, err := s.readOne(context.Background())
		if err != nil {
			<-s.reading
			s.end(err)
			return
		}
		s.deliver(lane, m)
	}
}

// A message is the data of one message received. Its buffer is reused
// once the message is decoded.
type message struct{ bytes.Buffer }

var messages = sync.Pool{New: func() any { return new(message) }}

// free gives m back for reuse, unless its buffer grew large.
func (m *message) free() {
	if m.Cap() <= 64<<10 {
		messages.Put(m)
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
	r := &route{s: s, lane: lane, wake: make(chan struct{}, 1)}
	s.routes[lane] = r
	if len(s.routes) > 1 && !s.readers {
		s.readers = true
		go s.readAll()
	}
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
	s    *socket
	lane string
	mu   sync.Mutex
	msgs []*message
	err  error
	wake chan struct{}
}

func (r *route) push(msg *message) {
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

// next returns the next message, and whether more are queued after it;
// or the error that ended the connection once every message before it was
// taken, or ctx's error.
func (r *route) next(ctx context.Context) (*message, bool, error) {
	for {
		r.mu.Lock()
		if len(r.msgs) > 0 {
			m := r.msgs[0]
			r.msgs[0] = nil
			r.msgs = r.msgs[1:]
			more := len(r.msgs) > 0
			r.mu.Unlock()
			return m, more, nil
		}
		err := r.err
		r.mu.Unlock()
		if err != nil {
			return nil, false, err
		}
		// The only response in flight reads the connection itself.
		select {
		case r.s.reading <- struct{}{}:
			r.s.mu.Lock()
			alone := !r.s.readers
			r.s.mu.Unlock()
			if !alone {
				<-r.s.reading
				break
			}
			m, lane, err := r.s.readOne(ctx)
			<-r.s.reading
			if err != nil {
				if ctx.Err() != nil {
					err = ctx.Err()
				}
				r.s.end(err)
				continue
			}
			if lane == r.lane {
				r.mu.Lock()
				more := len(r.msgs) > 0
				r.mu.Unlock()
				if !more {
					return m, false, nil
				}
				r.push(m) // after those queued before
			} else {
				r.s.deliver(lane, m)
			}
			continue
		default:
		}
		select {
		case <-r.wake:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
}
