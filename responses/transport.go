package responses

import (
	"context"
	"errors"
	"iter"

	"github.com/respkit/respkit/client"
)

// A Transport sends a request and streams the events of its response, as
// [Service.Stream] does over HTTP: a WebSocket connection from package
// github.com/respkit/respkit/responses/ws is one. A [Loop] with a
// Transport sends its requests through it; [Loop.Run] calls the
// Transport's Create(ctx, req) (*Response, error) method instead of Stream
// when it has one, for a transport that can wait for a response more
// cheaply than by yielding its events.
type Transport interface {
	Stream(ctx context.Context, req *Request) iter.Seq2[Event, error]
}

// creator is a Transport that also waits for a response without
// yielding its events, as a WebSocket connection does more cheaply than
// by reading them (package responses/ws). Its Create returns a failed
// response with a nil error, as Service.Create does.
type creator interface {
	Create(ctx context.Context, req *Request) (*Response, error)
}

// maxTurnRetries is the number of times a loop sends a turn again after
// its stream broke on a Transport.
const maxTurnRetries = 2

// sender returns the Service of the loop's requests with opts applied, or
// nil when a Transport sends them.
func (l *Loop) sender(opts []client.Option) (*Service, error) {
	if l.Transport != nil {
		return nil, nil
	}
	return l.Service.using(opts)
}

// stream streams the response to req, through the Transport if there is
// one.
func (l *Loop) stream(ctx context.Context, s *Service, req *Request) iter.Seq2[Event, error] {
	if l.Transport != nil {
		return l.Transport.Stream(ctx, req)
	}
	return s.Stream(ctx, req)
}

// create sends req and returns its response, as [Service.Create] does: a
// failed response is returned without an error. Over a Transport, a turn
// whose stream broke is sent again.
func (l *Loop) create(ctx context.Context, s *Service, req *Request) (*Response, error) {
	if l.Transport == nil {
		return s.Create(ctx, req)
	}
	for retries := 0; ; retries++ {
		if c, ok := l.Transport.(creator); ok {
			resp, err := c.Create(ctx, req)
			if err == nil || !l.retryTurn(ctx, err, retries) {
				return resp, err
			}
			continue
		}
		var resp *Response
		var err error
		for ev, e := range l.Transport.Stream(ctx, req) {
			if e != nil {
				err = e
				break
			}
			if r := finalResponse(ev); r != nil {
				resp = r
			}
		}
		if err == nil {
			if resp == nil {
				return nil, errors.New("responses: tool loop: the stream ended without its response")
			}
			return resp, nil
		}
		if se, ok := errors.AsType[*StreamError](err); ok {
			if _, failed := se.Event.(*FailedEvent); failed && se.Response != nil {
				return se.Response, nil
			}
		}
		if !l.retryTurn(ctx, err, retries) {
			return nil, err
		}
	}
}

// retryTurn reports whether a turn whose stream ended with err, after
// retries retries, is sent again: when a Transport's stream broke before
// the response's end and ctx is alive.
func (l *Loop) retryTurn(ctx context.Context, err error, retries int) bool {
	if l.Transport == nil || retries >= maxTurnRetries || ctx.Err() != nil {
		return false
	}
	se, ok := errors.AsType[*StreamError](err)
	return ok && se.broken
}

// finalResponse returns the response that ev ends a stream with, when it is
// a completed or incomplete event; nil otherwise.
func finalResponse(ev Event) *Response {
	switch ev := ev.(type) {
	case *CompletedEvent:
		return ev.Response
	case *IncompleteEvent:
		return ev.Response
	}
	return nil
}
