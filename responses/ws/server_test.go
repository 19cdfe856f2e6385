package ws_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/coder/websocket"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// scripted is a small WebSocket server for the package's unit tests: it
// answers each response.create with what its answer function says, and
// records the messages it received. The end-to-end tests run against
// responsestest instead.
type scripted struct {
	t      *testing.T
	srv    *httptest.Server
	answer func(c *wsConn, msg []byte)

	mu       sync.Mutex
	received [][]byte
	conns    int
	headers  []http.Header
}

// wsConn is one accepted connection of a scripted server.
type wsConn struct {
	ws *websocket.Conn
	n  int // responses created on it
	mu sync.Mutex
}

func newScripted(t *testing.T, answer func(c *wsConn, msg []byte)) *scripted {
	s := &scripted{t: t, answer: answer}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/responses" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		if r.Header.Get("Authorization") != "Bearer sk-test" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}`)
			return
		}
		s.mu.Lock()
		s.conns++
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		c := &wsConn{ws: ws}
		for {
			_, msg, err := ws.Read(context.Background())
			if err != nil {
				return
			}
			s.mu.Lock()
			s.received = append(s.received, msg)
			s.mu.Unlock()
			s.answer(c, msg)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// service returns a Service whose client points at the server.
func (s *scripted) service(opts ...client.Option) *responses.Service {
	c, err := client.New(append([]client.Option{client.WithBaseURL(s.srv.URL + "/v1"), client.WithAPIKey("sk-test")}, opts...)...)
	if err != nil {
		s.t.Fatal(err)
	}
	return responses.New(c)
}

func (s *scripted) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *scripted) header(i int) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.headers[i]
}

func (s *scripted) messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.received...)
}

// send writes one event, with the lane of msg.
func (c *wsConn) send(msg []byte, ev map[string]any) {
	if lane := gjson.GetBytes(msg, "stream_id"); lane.Exists() {
		ev["stream_id"] = lane.Str
	}
	b, _ := json.Marshal(ev)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.Write(context.Background(), websocket.MessageText, b)
}

// reply answers msg with a completed response whose output is the text
// (split on spaces into deltas) or, when calls is not empty, function
// calls; id is the response's id.
func (c *wsConn) reply(msg []byte, id, text string, calls ...string) {
	seq := 0
	next := func(ev map[string]any) {
		ev["sequence_number"] = seq
		seq++
		c.send(msg, ev)
	}
	resp := map[string]any{"id": id, "object": "response", "status": "in_progress", "model": "m", "output": []any{}}
	next(map[string]any{"type": "response.created", "response": resp})
	var output []any
	if len(calls) > 0 {
		for i, name := range calls {
			output = append(output, map[string]any{"type": "function_call", "id": fmt.Sprintf("fc_%s_%d", id, i), "call_id": fmt.Sprintf("call_%s_%d", id, i), "name": name, "arguments": "{}", "status": "completed"})
		}
	} else {
		words := strings.SplitAfter(text, " ")
		for _, w := range words {
			next(map[string]any{"type": "response.output_text.delta", "item_id": "msg_" + id, "output_index": 0, "content_index": 0, "delta": w})
		}
		output = []any{map[string]any{"type": "message", "id": "msg_" + id, "role": "assistant", "status": "completed",
			"content": []any{map[string]any{"type": "output_text", "text": text, "annotations": []any{}}}}}
	}
	done := map[string]any{"id": id, "object": "response", "status": "completed", "model": "m", "output": output,
		"usage": map[string]any{"input_tokens": 5, "output_tokens": 3, "total_tokens": 8}}
	next(map[string]any{"type": "response.completed", "response": done})
}

// fail answers msg with an error event.
func (c *wsConn) fail(msg []byte, status int, code, message string) {
	c.send(msg, map[string]any{"type": "error", "status": status,
		"error": map[string]any{"type": "invalid_request_error", "code": code, "message": message, "param": nil}})
}
