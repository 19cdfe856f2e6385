package responsestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// Server is a fake Responses API on a local HTTP server. It answers
// POST /responses with the replies given to [Server.Enqueue], in order, and
// then with its model (see [Server.SetModel]). It stores the responses it
// creates, so Get, Delete, Cancel and InputItems work on them, and it
// records every request. It also serves the Files and Batch APIs and can
// impose rate limits (see the package documentation). It is safe for
// concurrent use.
type Server struct {
	// URL is the base URL of the API, such as "http://127.0.0.1:1234/v1".
	URL string

	srv *httptest.Server

	mu       sync.Mutex
	queue    []Reply
	model    func(*responses.Request) Reply
	requests []Recorded
	stored   map[string]*stored
	convs    map[string]*conversation // the Conversations API (conversations.go)
	seq      int
	now      func() time.Time

	handler http.Handler // what serves every request
	bulk    bulkState    // files, batches and rate limits
	hooks   *hooks       // the webhooks it sends, or nil (webhook.go)
	ws      wsState      // the WebSocket mode (websocket.go)
}

type stored struct {
	resp    *responses.Response
	input   []responses.Item
	history []responses.Item    // the whole input the model saw: earlier turns and this one
	final   *responses.Response // what a background response becomes
	events  []responses.Event   // a streamed background response's events
	polls   int
	deleted bool
}

// Recorded is a request the server received.
type Recorded struct {
	Method string
	Path   string // such as "/v1/responses"
	Query  string
	Header http.Header
	Body   []byte // nil for an upload to POST /files, read as a stream
}

// Request decodes the recorded body as a [responses.Request].
func (r Recorded) Request() (*responses.Request, error) {
	req := new(responses.Request)
	if err := json.Unmarshal(r.Body, req); err != nil {
		return nil, err
	}
	return req, nil
}

// Streamed reports whether the request asked for a stream: a body whose
// "stream" member is true, as [responses.Service.Stream] sends, or a query
// with stream=true, as a resumed stream sends.
func (r Recorded) Streamed() bool {
	return gjson.GetBytes(r.Body, "stream").Bool() || strings.Contains("&"+r.Query+"&", "&stream=true&")
}

// NewServer starts a Server, on a free port of the loopback interface unless
// an option says otherwise. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{stored: map[string]*stored{}, now: time.Now, model: Default}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/responses", s.create)
	mux.HandleFunc("GET /v1/responses", s.responsesGet) // the WebSocket mode
	mux.HandleFunc("GET /v1/responses/{id}", s.get)
	mux.HandleFunc("DELETE /v1/responses/{id}", s.delete)
	mux.HandleFunc("POST /v1/responses/{id}/cancel", s.cancel)
	mux.HandleFunc("GET /v1/responses/{id}/input_items", s.inputItems)
	mux.HandleFunc("POST /v1/responses/compact", s.compact)
	mux.HandleFunc("POST /v1/responses/input_tokens", s.countTokens)
	mux.HandleFunc("POST /v1/conversations", s.createConversation)
	mux.HandleFunc("GET /v1/conversations/{id}", s.getConversation)
	mux.HandleFunc("POST /v1/conversations/{id}", s.updateConversation)
	mux.HandleFunc("DELETE /v1/conversations/{id}", s.deleteConversation)
	mux.HandleFunc("POST /v1/conversations/{id}/items", s.addConversationItems)
	mux.HandleFunc("GET /v1/conversations/{id}/items", s.listConversationItems)
	mux.HandleFunc("GET /v1/conversations/{id}/items/{item}", s.getConversationItem)
	mux.HandleFunc("DELETE /v1/conversations/{id}/items/{item}", s.deleteConversationItem)
	mux.HandleFunc("POST /v1/files", s.uploadFile)
	mux.HandleFunc("GET /v1/files", s.listFiles)
	mux.HandleFunc("GET /v1/files/{id}", s.getFile)
	mux.HandleFunc("DELETE /v1/files/{id}", s.deleteFile)
	mux.HandleFunc("GET /v1/files/{id}/content", s.fileContent)
	mux.HandleFunc("POST /v1/batches", s.createBatch)
	mux.HandleFunc("GET /v1/batches", s.listBatches)
	mux.HandleFunc("GET /v1/batches/{id}", s.getBatch)
	mux.HandleFunc("POST /v1/batches/{id}/cancel", s.cancelBatch)
	mux.HandleFunc("/", s.invalidURL) // what no route above serves, wrong methods included
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s.handler = s.record(mux)
	s.hooks = newHooks(&o)
	if o.inProcess {
		s.URL = inProcessURL
		return s
	}
	s.srv = o.start(s.handler)
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close shuts the server down, after the webhooks in flight.
func (s *Server) Close() {
	s.closeWS()
	s.hooks.close()
	if s.srv != nil {
		s.srv.Close()
	}
}

// Client returns a client of the server, with a test API key and the given
// options (for example client.WithMaxRetries).
// A server made with [InProcess] gives a client that uses its
// [Server.Transport].
func (s *Server) Client(opts ...client.Option) (*client.Client, error) {
	base := []client.Option{client.WithBaseURL(s.URL), client.WithAPIKey("sk-responsestest")}
	if s.srv == nil {
		base = append(base, client.WithHTTPClient(&http.Client{Transport: s.Transport()}))
	}
	return client.New(append(base, opts...)...)
}

// Enqueue adds replies that answer the next POST /responses requests, in
// order.
func (s *Server) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// SetModel sets what answers POST /responses once the enqueued replies are
// used up. The default is [Default].
func (s *Server) SetModel(model func(*responses.Request) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.model = model
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.requests...)
}

func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if !isUpload(r) { // an upload is read as a stream, and not recorded
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		s.mu.Lock()
		s.requests = append(s.requests, Recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		s.mu.Unlock()
		if r.Header.Get("Authorization") == "" && r.Header.Get("api-key") == "" {
			s.writeError(w, http.StatusUnauthorized, "invalid_request_error", "", "You didn't provide an API key.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// next returns the reply for req.
func (s *Server) next(req *responses.Request) Reply {
	s.mu.Lock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r
	}
	model := s.model
	s.mu.Unlock()
	return model(req)
}

// newID returns an id shaped like the API's: the prefix, an underscore and
// 48 hex digits (24 for call ids).
func (s *Server) newID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if prefix == "call" {
		return fmt.Sprintf("call_%024x", s.seq)
	}
	return fmt.Sprintf("%s_%048x", prefix, s.seq)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if e := validate(body); e != nil {
		s.writeAPIError(w, e)
		return
	}
	req := new(responses.Request)
	if err := json.Unmarshal(body, req); err != nil {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	stream := gjson.GetBytes(body, "stream").Bool()
	if r.Context().Value(batchLineKey{}) == nil && !s.admit(w, req) {
		return // rate limited (see ratelimit.go)
	}
	if e := s.checkState(r.Context(), body); e != nil {
		s.writeAPIError(w, e)
		return
	}
	// The model sees the conversation so far, as the API keeps it.
	seen := req
	if id := req.PreviousResponseID; id != "" {
		if earlier, ok := s.earlier(r.Context(), id); ok {
			cp := *req
			cp.Input = append(earlier, req.Input...)
			seen = &cp
		}
	}
	if req.Conversation != nil {
		history, e := s.conversationItems(req.Conversation.ID)
		if e != nil {
			s.writeAPIError(w, e)
			return
		}
		cp := *seen
		cp.Input = append(history, req.Input...)
		seen = &cp
	}
	reply := s.next(seen)
	if !s.wait(w, r, reply) {
		return
	}
	if reply.StatusCode != 0 && reply.StatusCode != http.StatusOK || reply.Body != nil {
		s.storeRaw(reply, seen)
		reply.done = r.Context().Done()
		s.writeRaw(w, reply)
		return
	}
	if reply.ErrorEvent != nil && !stream {
		s.writeError(w, http.StatusInternalServerError, "server_error", reply.ErrorEvent.Code, reply.ErrorEvent.Message)
		return
	}
	resp := s.build(req, reply)
	st := &stored{resp: resp, input: s.withIDs(req.Input), history: seen.Input}
	if req.Conversation != nil {
		s.appendToConversation(req.Conversation.ID, st.input, resp.Output)
	}
	if stream {
		evs := events(resp, reply)
		if f, ok := evs[len(evs)-1].(*responses.FailedEvent); ok && f.Response != nil {
			// A stream that fails leaves a failed response, as Get tells.
			st.resp = f.Response
		}
		if req.Background && (req.Store == nil || *req.Store) {
			st.events = evs
			s.mu.Lock()
			s.stored[resp.ID] = st
			s.mu.Unlock()
		} else if req.Store == nil || *req.Store {
			s.mu.Lock()
			s.stored[resp.ID] = st
			s.mu.Unlock()
		}
		if req.Background {
			s.responseEnded(st.resp)
		}
		s.writeStream(w, r, reply, evs, 0)
		return
	}
	if req.Background {
		st.final = resp
		st.resp = pendingCopy(resp, responses.StatusQueued)
		resp = st.resp
	}
	if req.Store == nil || *req.Store {
		s.mu.Lock()
		s.stored[resp.ID] = st
		s.mu.Unlock()
		if req.Background {
			s.endBackground(st)
		}
	}
	reply.done = r.Context().Done()
	s.writeJSON(w, reply, resp)
}

// storeRaw stores the response that a raw reply holds (a response body or a
// recorded stream), so that a later request can continue it with
// previous_response_id, as it could a response the server built.
func (s *Server) storeRaw(reply Reply, seen *responses.Request) {
	if reply.StatusCode != 0 && reply.StatusCode != http.StatusOK {
		return
	}
	var resp *responses.Response
	if strings.HasPrefix(reply.Header.Get("Content-Type"), "text/event-stream") {
		for ev, err := range responses.ReadEvents(bytes.NewReader(reply.Body)) {
			if err != nil {
				break
			}
			switch ev := ev.(type) {
			case *responses.CompletedEvent:
				resp = ev.Response
			case *responses.IncompleteEvent:
				resp = ev.Response
			}
		}
	} else {
		r := new(responses.Response)
		if json.Unmarshal(reply.Body, r) == nil && r.Object == "response" {
			resp = r
		}
	}
	if resp == nil || resp.ID == "" {
		return
	}
	st := &stored{resp: resp, input: s.withIDs(seen.Input), history: seen.Input}
	s.mu.Lock()
	s.stored[resp.ID] = st
	s.mu.Unlock()
}

// wait applies the reply's delay, and reports false when the client went
// away meanwhile.
func (s *Server) wait(w http.ResponseWriter, r *http.Request, reply Reply) bool {
	if reply.Delay <= 0 {
		return true
	}
	t := time.NewTimer(reply.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) writeRaw(w http.ResponseWriter, reply Reply) {
	code := reply.StatusCode
	if code == 0 {
		code = http.StatusOK
	}
	for k, vs := range reply.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	s.writeBody(w, code, reply, reply.Body)
}

func (s *Server) writeJSON(w http.ResponseWriter, reply Reply, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.writeError(w, http.StatusInternalServerError, "server_error", "", err.Error())
		return
	}
	for k, vs := range reply.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	s.writeBody(w, http.StatusOK, reply, b)
}

// writeBody writes the headers every API response has and the body, or only
// its first DropAfter bytes before dropping the connection.
func (s *Server) writeBody(w http.ResponseWriter, code int, reply Reply, body []byte) {
	h := w.Header()
	h.Set("x-request-id", s.newID("req"))
	h.Set("openai-processing-ms", "42")
	s.rateHeaders(h)
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if reply.Stall != nil && reply.done != nil {
		stallBody(w, code, reply, body)
		return
	}
	w.WriteHeader(code)
	if reply.DropAfter > 0 && reply.DropAfter < len(body) {
		w.Write(body[:reply.DropAfter])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // closes the connection mid-body
	}
	w.Write(body)
}

// writeError answers with an API error, and the headers every answer has.
func (s *Server) writeError(w http.ResponseWriter, code int, typ, errCode, message string) {
	r := Error(code, ErrorBody{Type: typ, Code: errCode, Message: message})
	w.Header().Set("Content-Type", "application/json")
	s.writeBody(w, code, r, r.Body)
}

// lookup returns the stored response id, or writes a 404 and returns nil.
func (s *Server) lookup(w http.ResponseWriter, id string) *stored {
	s.mu.Lock()
	st := s.stored[id]
	s.mu.Unlock()
	if st == nil || st.deleted {
		s.writeError(w, http.StatusNotFound, "invalid_request_error", "", fmt.Sprintf("Response with id '%s' not found.", id))
		return nil
	}
	return st
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	st := s.lookup(w, r.PathValue("id"))
	if st == nil {
		return
	}
	if r.URL.Query().Get("stream") == "true" || streamInBody(r) {
		s.streamStored(w, r, st)
		return
	}
	s.mu.Lock()
	var ended *responses.Response
	if st.final != nil {
		// A background response is in progress at the first poll and done at
		// the second.
		st.polls++
		switch {
		case st.resp.Status == responses.StatusCancelled:
		case st.polls == 1:
			st.resp = pendingCopy(st.final, responses.StatusInProgress)
		default:
			st.resp, st.final = st.final, nil
			ended = st.resp
		}
	}
	resp := st.resp
	s.mu.Unlock()
	s.responseEnded(ended)
	s.writeJSON(w, Reply{}, resp)
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st := s.lookup(w, id)
	if st == nil {
		return
	}
	s.mu.Lock()
	st.deleted = true
	s.mu.Unlock()
	s.writeJSON(w, Reply{}, map[string]any{"id": id, "object": "response", "deleted": true})
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	st := s.lookup(w, r.PathValue("id"))
	if st == nil {
		return
	}
	s.mu.Lock()
	if st.final == nil {
		s.mu.Unlock()
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "Only background responses that have not finished can be cancelled.")
		return
	}
	st.resp = pendingCopy(st.final, responses.StatusCancelled)
	st.final = nil
	resp := st.resp
	s.mu.Unlock()
	s.responseEnded(resp)
	s.writeJSON(w, Reply{}, resp)
}

// invalidURL answers a request that no route serves, or a route with
// another method, as the API does: 404 and an invalid_request_error that
// names the method and the path, never the mux's plain-text 404 or 405.
func (s *Server) invalidURL(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, http.StatusNotFound, "invalid_request_error", "", fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path))
}

// streamInBody reports whether a GET's JSON body asks for a stream:
// openai-go (v3.98.0) sends "stream": true in the body of the GET that
// resumes a stream, where the other SDKs send ?stream=true. Whether the
// API honours the body is not recorded; the fake does, so that the Go
// SDK's resumption can be tested.
func streamInBody(r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<10))
	if err != nil || len(body) == 0 {
		return false
	}
	var v struct {
		Stream bool `json:"stream"`
	}
	return json.Unmarshal(body, &v) == nil && v.Stream
}

// stallBody writes a body that is not a stream with the reply's stall:
// after the headers, in the middle of the body (a stall after one or more
// events), or with the whole body sent but not ended (StallAtEnd: the body
// is then sent without a Content-Length, so that the client waits for its
// end).
func stallBody(w http.ResponseWriter, code int, reply Reply, body []byte) {
	cut := len(body) / 2
	switch reply.Stall.After {
	case 0:
		cut = 0
	case StallAtEnd:
		cut = len(body)
		w.Header().Del("Content-Length")
	}
	w.WriteHeader(code)
	w.Write(body[:cut])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if !wait(reply.done, reply.Stall.For) {
		return
	}
	w.Write(body[cut:])
}

// wait waits d, or until done when d is not positive, and reports whether
// done is still open.
func wait(done <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		<-done
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-done:
		return false
	}
}
