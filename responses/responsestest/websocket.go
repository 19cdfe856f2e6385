package responsestest

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respkit/respkit/internal/jsonobj"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// DefaultWebSocketLifetime is how long the fake keeps a WebSocket
// connection, as the API does.
const DefaultWebSocketLifetime = 60 * time.Minute

// wsState is the server's WebSocket connections.
type wsState struct {
	mu       sync.Mutex
	conns    map[*wsSession]bool
	lifetime time.Duration
	closed   bool // by Close: no more connections
	wg       sync.WaitGroup
	bytes    atomic.Int64 // bytes of the messages received
	messages atomic.Int64
}

// SetWebSocketLifetime sets how long a WebSocket connection lasts (default
// [DefaultWebSocketLifetime]): a response.create on an older connection is
// answered with an error event, code websocket_connection_limit_reached,
// and the connection is closed.
func (s *Server) SetWebSocketLifetime(d time.Duration) {
	s.ws.mu.Lock()
	s.ws.lifetime = d
	s.ws.mu.Unlock()
}

// webSocketLifetime returns the lifetime of a connection.
func (s *Server) webSocketLifetime() time.Duration {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if s.ws.lifetime <= 0 {
		return DefaultWebSocketLifetime
	}
	return s.ws.lifetime
}

// EvictWebSocketCaches empties the connection-local cache of every open
// WebSocket connection, as the API may at any time: a request that then
// continues a response that was not stored (store false) gets a
// previous_response_not_found error event.
func (s *Server) EvictWebSocketCaches() {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	for c := range s.ws.conns {
		c.mu.Lock()
		clear(c.cache)
		c.mu.Unlock()
	}
}

// WebSocketBytes returns the number of messages received over WebSocket
// connections and their bytes (their JSON, without framing).
func (s *Server) WebSocketBytes() (messages int, bytes int64) {
	return int(s.ws.messages.Load()), s.ws.bytes.Load()
}

// closeWS closes the open WebSocket connections (going away) and waits
// for their goroutines.
func (s *Server) closeWS() {
	s.ws.mu.Lock()
	s.ws.closed = true // no connection is added after this
	for c := range s.ws.conns {
		c.conn.close(closeGoingAway, "server closing")
	}
	s.ws.mu.Unlock()
	s.ws.wg.Wait()
}

// wsSession is one WebSocket connection of the mode.
type wsSession struct {
	s      *Server
	conn   *wsConn
	header http.Header // of the upgrade request, for the responses made on it
	opened time.Time
	ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	lanes map[string]chan []byte
	cache map[string]cached // the last response of each lane, by lane
}

// cached is a response kept in a connection's memory: its id and the
// whole conversation it ends, as input.
type cached struct {
	id      string
	history []responses.Item
}

// responsesGet serves GET /v1/responses: the WebSocket mode.
func (s *Server) responsesGet(w http.ResponseWriter, r *http.Request) {
	if !isUpgrade(r) {
		s.invalidURL(w, r)
		return
	}
	if s.srv == nil {
		s.writeError(w, http.StatusNotImplemented, "invalid_request_error", "", "The in-process fake server cannot serve the WebSocket mode: start it with a listener (without InProcess).")
		return
	}
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if s.ws.closed {
		s.writeError(w, http.StatusServiceUnavailable, "server_error", "", "The server is shutting down.")
		return
	}
	conn, err := acceptWS(w, r)
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &wsSession{s: s, conn: conn, header: r.Header.Clone(), opened: s.now(), ctx: ctx, cancel: cancel,
		lanes: map[string]chan []byte{}, cache: map[string]cached{}}
	if s.ws.conns == nil {
		s.ws.conns = map[*wsSession]bool{}
	}
	s.ws.conns[c] = true
	s.ws.wg.Add(1)
	go c.serve()
}

// serve reads the connection's messages and hands each create to its lane.
func (c *wsSession) serve() {
	var lanes sync.WaitGroup
	defer func() {
		c.cancel()
		c.mu.Lock()
		for _, q := range c.lanes {
			close(q)
		}
		c.mu.Unlock()
		lanes.Wait()
		c.conn.drop()
		c.s.ws.mu.Lock()
		delete(c.s.ws.conns, c)
		c.s.ws.mu.Unlock()
		c.s.ws.wg.Done()
	}()
	for {
		msg, err := c.conn.read()
		if err != nil {
			return
		}
		c.s.ws.messages.Add(1)
		c.s.ws.bytes.Add(int64(len(msg)))
		c.s.mu.Lock()
		c.s.requests = append(c.s.requests, Recorded{Method: "WS", Path: "/v1/responses", Header: c.header, Body: msg})
		c.s.mu.Unlock()
		if !gjson.ValidBytes(msg) || !gjson.ParseBytes(msg).IsObject() {
			c.fail("", http.StatusBadRequest, "invalid_json", "", "The message is not a JSON object.")
			continue
		}
		lane := gjson.GetBytes(msg, "stream_id").Str
		if t := gjson.GetBytes(msg, "type").Str; t != "response.create" {
			c.fail(lane, http.StatusBadRequest, "", "type", "Invalid value for 'type': "+strconv.Quote(t)+". Supported values are: 'response.create'.")
			continue
		}
		c.mu.Lock()
		q, ok := c.lanes[lane]
		if !ok {
			// Requests of a lane run one at a time, in order; lanes run
			// side by side.
			q = make(chan []byte, 64)
			c.lanes[lane] = q
			lanes.Go(func() {
				for m := range q {
					c.create(lane, m)
				}
			})
		}
		c.mu.Unlock()
		q <- msg
	}
}

// create answers one response.create message of lane.
func (c *wsSession) create(lane string, msg []byte) {
	s := c.s
	if lifetime := s.webSocketLifetime(); s.now().Sub(c.opened) >= lifetime {
		// The API says why in an error event, then ends the connection.
		// The fake closes it with 1000 (normal closure): the server ends
		// it on purpose, by a rule of the mode, and the client did nothing
		// wrong (1008, policy violation, would say it did); a client
		// reconnects on the error event whatever the close code.
		c.fail(lane, http.StatusBadRequest, "websocket_connection_limit_reached", "", "Responses websocket connection limit reached ("+lifetime.String()+"). Create a new websocket connection to continue.")
		c.conn.close(closeNormal, "connection limit reached")
		return
	}
	switch {
	case gjson.GetBytes(msg, "stream").Exists():
		c.fail(lane, http.StatusBadRequest, "unknown_parameter", "stream", "Unknown parameter: 'stream'. Responses are always streamed over WebSocket.")
		return
	case gjson.GetBytes(msg, "background").Bool():
		c.fail(lane, http.StatusBadRequest, "", "background", "Background responses are not supported over WebSocket.")
		return
	}
	// The body POST /responses would have: without the members of the
	// mode (generate is checked here: a boolean).
	body := members(msg, map[string][]byte{"type": nil, "stream_id": nil, "generate": nil})
	generate := gjson.GetBytes(msg, "generate")
	if generate.Exists() && !generate.IsBool() {
		c.fail(lane, http.StatusBadRequest, "invalid_type", "generate", "Invalid type for 'generate': expected a boolean, but got "+got(kindOf(generate))+" instead.")
		return
	}

	// previous_response_id: the connection's cache first, then the stored
	// responses. base is the conversation before this request's input;
	// a hit in the cache goes to the create handler with the request's
	// context, so that it finds what the store does not have.
	ctx := c.ctx
	var base []responses.Item
	if prev := gjson.GetBytes(body, "previous_response_id"); prev.Type == gjson.String && prev.Str != "" {
		if h, ok := c.lookup(prev.Str); ok {
			base = h
			ctx = context.WithValue(ctx, wsBaseKey{}, wsBase{id: prev.Str, items: h})
		} else {
			base, _ = s.earlier(ctx, prev.Str) // nil if unknown: the handler says so
		}
	}
	// The connection remembers the response before it says it is done,
	// so that the next turn finds it.
	w := &wsWriter{c: c, lane: lane, onFinal: func(resp []byte) {
		var final struct {
			ID     string          `json:"id"`
			Output responses.Input `json:"output"`
		}
		var req struct {
			Input responses.Input `json:"input"`
		}
		if json.Unmarshal(resp, &final) != nil || final.ID == "" || json.Unmarshal(body, &req) != nil {
			return
		}
		h := append(append(base[:len(base):len(base)], req.Input...), responses.ToInput(final.Output)...)
		c.mu.Lock()
		c.cache[lane] = cached{id: final.ID, history: h}
		c.mu.Unlock()
	}}
	if generate.Exists() && !generate.Bool() {
		c.warm(ctx, w, body, base)
		return
	}
	body = members(body, map[string][]byte{"stream": []byte("true")})
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/responses", bytes.NewReader(body))
	r.Header = c.header.Clone()
	func() {
		defer func() {
			if v := recover(); v != nil {
				if v != http.ErrAbortHandler {
					panic(v)
				}
				// A reply that drops its connection after n events.
				c.conn.drop()
			}
		}()
		s.create(w, r)
	}()
	w.done()
}

// wsBaseKey is the context key of a create made over WebSocket whose
// previous_response_id the connection's cache resolves; its value is a
// wsBase.
type wsBaseKey struct{}

// wsBase is a response the connection's cache has: its id and the
// conversation it ends.
type wsBase struct {
	id    string
	items []responses.Item
}

// wsCached returns the conversation that the response id ends if ctx is
// that of a create made over WebSocket whose connection has it cached.
func wsCached(ctx context.Context, id string) ([]responses.Item, bool) {
	b, ok := ctx.Value(wsBaseKey{}).(wsBase)
	if !ok || b.id != id {
		return nil, false
	}
	return b.items, true
}

// lookup returns the conversation that the response id ends, if the
// connection keeps it.
func (c *wsSession) lookup(id string) ([]responses.Item, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.cache {
		if e.id == id {
			return e.history, true
		}
	}
	return nil, false
}

// warm answers a create with generate false: checked as any create, then
// a completed response without output and no model run, whose id later
// turns continue. base is the conversation it continues.
func (c *wsSession) warm(ctx context.Context, w *wsWriter, body []byte, base []responses.Item) {
	s := c.s
	if e := validate(body); e != nil {
		c.fail(w.lane, e.status, e.code, e.param, e.message)
		return
	}
	req := new(responses.Request)
	if err := json.Unmarshal(body, req); err != nil {
		c.fail(w.lane, http.StatusBadRequest, "", "", "We could not parse the JSON of your message: "+err.Error())
		return
	}
	if e := s.checkState(ctx, body); e != nil {
		c.fail(w.lane, e.status, e.code, e.param, e.message)
		return
	}
	resp := s.build(req, Reply{})
	resp.Output = []responses.Item{}
	if req.Store == nil || *req.Store {
		st := &stored{resp: resp, input: s.withIDs(req.Input), history: append(base[:len(base):len(base)], req.Input...)}
		s.mu.Lock()
		s.stored[resp.ID] = st
		s.mu.Unlock()
	}
	for _, ev := range number([]responses.Event{
		&responses.CreatedEvent{Response: pendingCopy(resp, responses.StatusInProgress)},
		&responses.CompletedEvent{Response: resp},
	}) {
		if w.event(encodeEvent(ev)) != nil {
			return
		}
	}
}

// fail sends an error event, as the API sends a request's error over
// WebSocket: the HTTP status and the error of the HTTP answer.
func (c *wsSession) fail(lane string, status int, code, param, message string) {
	typ := "invalid_request_error"
	if status >= 500 {
		typ = "server_error"
	}
	ev := map[string]any{"type": "error", "status": status,
		"error": map[string]any{"type": typ, "code": orNull(code), "message": message, "param": orNull(param)}}
	if lane != "" {
		ev["stream_id"] = lane
	}
	b, _ := json.Marshal(ev)
	c.conn.text(b)
}

// wsWriter is the http.ResponseWriter of a create made over WebSocket: it
// sends each event of the stream the create writes as a message, with the
// lane, and an error answer as an error event.
type wsWriter struct {
	c      *wsSession
	lane   string
	header http.Header
	status int
	buf    []byte
	// onFinal is given the response of a completed or incomplete event
	// before the event is sent.
	onFinal func(resp []byte)
}

func (w *wsWriter) Header() http.Header {
	if w.header == nil {
		w.header = http.Header{}
	}
	return w.header
}

func (w *wsWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *wsWriter) Flush() {}

func (w *wsWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.buf = append(w.buf, p...)
	if w.status != http.StatusOK {
		return len(p), nil // the error body, sent when the create returns
	}
	// Each event of the stream ends with a blank line.
	for {
		i := bytes.Index(w.buf, []byte("\n\n"))
		if i < 0 {
			return len(p), nil
		}
		block := w.buf[:i]
		w.buf = w.buf[i+2:]
		for line := range bytes.SplitSeq(block, []byte("\n")) {
			if data, ok := bytes.CutPrefix(line, []byte("data: ")); ok {
				if err := w.event(data); err != nil {
					return 0, err
				}
			}
		}
	}
}

// event sends one event's JSON with the lane.
func (w *wsWriter) event(data []byte) error {
	switch gjson.GetBytes(data, "type").Str {
	case "response.completed", "response.incomplete":
		if w.onFinal != nil {
			w.onFinal([]byte(gjson.GetBytes(data, "response").Raw))
		}
	}
	if w.lane != "" {
		id, _ := json.Marshal(w.lane)
		data = members(data, map[string][]byte{"stream_id": id})
	}
	return w.c.conn.text(data)
}

// done sends the error answer of a create that did not stream, if any.
func (w *wsWriter) done() {
	if w.status == 0 || w.status == http.StatusOK || len(w.buf) == 0 {
		return
	}
	e := gjson.GetBytes(w.buf, "error")
	w.c.fail(w.lane, w.status, e.Get("code").Str, e.Get("param").Str, e.Get("message").Str)
}

// members returns the JSON object obj with the members of set: those
// whose value is nil removed, the others set to their raw JSON value
// (after the members kept, in name order).
func members(obj []byte, set map[string][]byte) []byte {
	ms := make([]jsonobj.Member, 0, len(set))
	for _, k := range slices.Sorted(maps.Keys(set)) {
		ms = append(ms, jsonobj.Member{Name: k, Value: set[k]})
	}
	return jsonobj.Set(obj, ms...)
}
