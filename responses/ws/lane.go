package ws

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"time"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// A Lane is one lane of a [Conn]: its requests run one at a time, in
// order, and share the lane's last response for continuations.
type Lane struct {
	c    *Conn
	id   string
	busy chan struct{} // holds a token while a response is in flight

	// The lane's last response, for continuations: its id, the
	// connection it lives on, and the conversation it ends (its full
	// input, then its output as input), or nil when unknown.
	last    string
	lastGen int
	covered []responses.Item
}

// ID returns the lane's stream_id; "" for the default lane.
func (l *Lane) ID() string { return l.id }

// Create sends req and returns its response, as
// [responses.Service.Create] does: a failed response is returned with a
// nil error (see its Status and Error), an error event as an error.
func (l *Lane) Create(ctx context.Context, req *responses.Request) (*responses.Response, error) {
	var resp *responses.Response
	for ev, err := range l.stream(ctx, req, false, true) {
		if err != nil {
			if se, ok := errors.AsType[*responses.StreamError](err); ok {
				if _, failed := se.Event.(*responses.FailedEvent); failed && se.Response != nil {
					return se.Response, nil
				}
			}
			return nil, err
		}
		switch ev := ev.(type) {
		case *responses.CompletedEvent:
			resp = ev.Response
		case *responses.IncompleteEvent:
			resp = ev.Response
		}
	}
	if resp == nil {
		return nil, errors.New("ws: the stream ended without its response")
	}
	return resp, nil
}

// Warm sends req with generate false: the server prepares its state (the
// instructions, tools and input) without running the model, so that the
// next turn, which continues from the returned response, starts faster.
func (l *Lane) Warm(ctx context.Context, req *responses.Request) (*responses.Response, error) {
	var resp *responses.Response
	for ev, err := range l.stream(ctx, req, true, true) {
		if err != nil {
			return nil, err
		}
		if c, ok := ev.(*responses.CompletedEvent); ok {
			resp = c.Response
		}
	}
	if resp == nil {
		return nil, errors.New("ws: the warm-up ended without its response")
	}
	return resp, nil
}

// Stream sends req on the lane and yields the events of its response, as
// [responses.Service.Stream] does: the same events, each once and in
// order, and the same *responses.StreamError for an error event, a failed
// response or a connection that broke after the first event. The request
// is not modified.
//
// A request that repeats the lane's conversation so far is sent as a
// continuation of its last response (see the package documentation); one
// the server cannot continue is sent again whole. A request that breaks
// before its first event is sent again on a new connection, within the
// client's retry budget. The lane is busy until the response's last event
// has arrived, also when the caller leaves the loop early: the server
// finishes the response, which is read and dropped.
func (l *Lane) Stream(ctx context.Context, req *responses.Request) iter.Seq2[responses.Event, error] {
	return l.stream(ctx, req, false, false)
}

// stream sends req and yields its events; warm sets generate to false;
// final yields only the last event (and decodes only that one).
func (l *Lane) stream(ctx context.Context, req *responses.Request, warm, final bool) iter.Seq2[responses.Event, error] {
	return func(yield func(responses.Event, error) bool) {
		switch {
		case req == nil:
			yield(nil, errors.New("ws: Stream called with a nil request"))
			return
		case req.Background:
			yield(nil, errors.New("ws: background requests are not supported over WebSocket; use Service.Create"))
			return
		}
		select {
		case l.busy <- struct{}{}:
		case <-ctx.Done():
			yield(nil, ctx.Err())
			return
		}
		held := true
		defer func() {
			if held {
				<-l.busy
			}
		}()

		whole := false // send the whole input: the server lost the previous response
	send:
		for sent := 0; ; {
			s, err := l.c.socket(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			msg, cont, err := l.message(req, s.gen, whole, warm)
			if err != nil {
				yield(nil, err)
				return
			}
			r, err := s.route(l.id)
			if err == nil {
				err = s.write(ctx, msg)
			}
			sent++
			l.c.n.requests.Add(1)
			l.c.n.bytes.Add(int64(len(msg)))
			if cont {
				l.c.n.continuations.Add(1)
			}
			if whole {
				l.c.n.resent.Add(1)
			}
			if err != nil {
				s.unroute(l.id, r)
				if ctx.Err() == nil && sent <= l.c.c.MaxRetries() {
					l.c.drop(s)
					continue send
				}
				yield(nil, err)
				return
			}
			dec := responses.NewEventDecoder(l.c.c, req)
			for {
				m, more, err := r.next(ctx)
				if err != nil {
					if ctx.Err() != nil {
						// The caller left: the server finishes the
						// response, which is read and dropped.
						held = false
						go l.drain(s, r, dec)
						yield(nil, dec.Broken(err))
						return
					}
					s.unroute(l.id, r)
					l.c.drop(s)
					if dec.Events() == 0 && sent <= l.c.c.MaxRetries() {
						continue send // on a new connection
					}
					l.forget()
					yield(nil, dec.Broken(err))
					return
				}
				if final && !terminal(m.Bytes()) {
					err := dec.Skip(m.Bytes())
					m.free()
					if err != nil {
						s.unroute(l.id, r)
						l.forget()
						l.c.drop(s)
						yield(nil, err)
						return
					}
					continue
				}
				ev, err := dec.Decode(m.Bytes(), more)
				m.free()
				if err != nil {
					s.unroute(l.id, r)
					l.forget()
					switch code := errorCode(err); {
					case dec.Events() > 0:
					case code == "previous_response_not_found" && cont && !whole:
						whole = true
						sent--
						continue send
					case code == "websocket_connection_limit_reached" && sent <= l.c.c.MaxRetries():
						l.c.drop(s)
						continue send
					}
					if !dec.Done() {
						// An event that does not decode, or out of
						// sequence: the lane's messages can no longer be
						// told apart.
						l.c.drop(s)
					}
					yield(nil, err)
					return
				}
				if dec.Done() {
					s.unroute(l.id, r)
					l.remember(req, cont, s.gen, dec.Response())
					yield(ev, nil)
					return
				}
				if !yield(ev, nil) {
					held = false
					go l.drain(s, r, dec)
					return
				}
			}
		}
	}
}

// drain reads and drops the rest of a response whose caller left, then
// frees the lane.
func (l *Lane) drain(s *socket, r *route, dec *responses.EventDecoder) {
	defer func() { <-l.busy }()
	defer s.unroute(l.id, r)
	l.forget()
	ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	for !dec.Done() {
		m, more, err := r.next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				// The response does not end: the connection cannot be
				// used for this lane again.
				l.c.drop(s)
			}
			return
		}
		_, err = dec.Decode(m.Bytes(), more)
		m.free()
		if err != nil && !dec.Done() {
			l.c.drop(s)
			return
		}
	}
}

// drainTimeout bounds the wait for the end of a response whose caller left.
const drainTimeout = 10 * time.Minute

// message returns the response.create message of req for the connection
// of generation gen, and whether it continues the lane's last response
// with only the new items. whole sends the whole input; warm sets generate
// to false.
func (l *Lane) message(req *responses.Request, gen int, whole, warm bool) (msg []byte, cont bool, err error) {
	out := *req
	if !whole {
		if n, ok := l.continues(req, gen); ok {
			out.PreviousResponseID = l.last
			out.Input = req.Input[n:]
			cont = true
		}
	}
	if wire.ExtraOf(&out) != nil {
		wire.DropExtra(&out, "stream")
	}
	b := make([]byte, 0, 1<<10)
	b = append(b, `{"type":"response.create"`...)
	if l.id != "" {
		b = append(b, `,"stream_id":`...)
		b = strconv.AppendQuote(b, l.id)
	}
	if warm {
		b = append(b, `,"generate":false`...)
	}
	n := len(b)
	b, err = wire.Append(b, &out)
	if err != nil {
		return nil, false, fmt.Errorf("ws: encode request: %w", err)
	}
	// b is {"type":…{…}: join the two objects.
	if b[n+1] == '}' {
		b = append(b[:n], '}')
	} else {
		b[n] = ','
	}
	return b, cont, nil
}

// continues reports whether req repeats the conversation that the lane's
// last response ends, on connection gen, and returns its length: the
// items after it are new.
func (l *Lane) continues(req *responses.Request, gen int) (int, bool) {
	n := len(l.covered)
	if l.last == "" || l.lastGen != gen || n == 0 || len(req.Input) <= n ||
		req.PreviousResponseID != "" || req.Conversation != nil {
		return 0, false
	}
	for i, it := range l.covered {
		if !sameItem(req.Input[i], it) {
			return 0, false
		}
	}
	return n, true
}

// sameItem reports whether a and b are the same item: the same value, as
// a loop's history holds the items of earlier turns, or the same JSON.
func sameItem(a, b responses.Item) bool {
	if a == b {
		return true
	}
	ja, err := wire.Marshal(a)
	if err != nil {
		return false
	}
	jb, err := wire.Marshal(b)
	return err == nil && bytes.Equal(ja, jb)
}

// remember records resp, the response to req, as the lane's last one,
// with the conversation it ends. cont says that req was sent as a
// continuation of the lane's last response.
func (l *Lane) remember(req *responses.Request, cont bool, gen int, resp *responses.Response) {
	if resp == nil || resp.ID == "" {
		l.forget()
		return
	}
	var input []responses.Item
	switch {
	case cont, req.PreviousResponseID == "" && req.Conversation == nil:
		input = req.Input // the whole conversation
	case req.PreviousResponseID == l.last && l.covered != nil && l.lastGen == gen:
		input = append(l.covered[:len(l.covered):len(l.covered)], req.Input...)
	}
	l.last, l.lastGen = resp.ID, gen
	l.covered = nil
	if input != nil {
		l.covered = append(input[:len(input):len(input)], resp.ToInput()...)
	}
}

// forget drops the lane's last response.
func (l *Lane) forget() {
	l.last, l.lastGen, l.covered = "", 0, nil
}

// errorCode returns the code of the error event or failed response that
// err reports, if any.
func errorCode(err error) string {
	if re, ok := errors.AsType[*responses.ResponseError](err); ok {
		return re.Code
	}
	return ""
}

// terminal reports whether the event data ends a response (or reports an
// error): the events a caller of Create needs decoded.
func terminal(data []byte) bool {
	switch gjson.GetBytes(data, "type").Str {
	case "response.completed", "response.incomplete", "response.failed", "error":
		return true
	}
	return false
}
