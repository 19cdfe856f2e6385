package responses

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
)

// Service calls the Responses API. It is safe for concurrent use.
type Service struct {
	c      *client.Client
	obs    *Observer // see WithObserver
	resume int       // see WithResume
	err    error     // an invalid option given to With
}

// New returns a Service that sends its requests with c.
func New(c *client.Client) *Service {
	if c == nil {
		panic("responses: New called with a nil client")
	}
	return &Service{c: c}
}

// Client returns the client s sends its requests with.
func (s *Service) Client() *client.Client { return s.c }

// Create creates a model response (POST /responses) and waits for it. The
// request is not modified.
//
// An error from the API is a *[client.APIError]; the response's own status
// (completed, incomplete, failed) is in [Response.Status]. Options, if any,
// apply to this call only (see [client.Option]).
func (s *Service) Create(ctx context.Context, req *Request, opts ...client.Option) (*Response, error) {
	if req == nil {
		return nil, errors.New("responses: Create called with a nil request")
	}
	body, err := encodeRequest(req, false)
	if err != nil {
		return nil, err
	}
	ctx, end := s.observeCall(ctx, "create", req)
	r := new(Response)
	err = s.call(ctx, http.MethodPost, "responses", nil, body, toolSecrets(nil, req.Tools), r, opts)
	if err != nil {
		r = nil
	}
	if end != nil {
		end(r, err, 0)
	}
	return r, err
}

// encodeRequest encodes req, with "stream":true first when stream is set,
// without modifying req. A "stream" member that req kept from the JSON it
// was decoded from is dropped: the call decides.
func encodeRequest(req *Request, stream bool) ([]byte, error) {
	req = withoutStream(req)
	// Most requests fit in 1 KiB: start there rather than grow from nothing.
	b := make([]byte, 0, 1<<10)
	if stream {
		b = append(b, `{"stream":true`...)
	}
	n := len(b)
	b, err := wire.Append(b, req)
	if err != nil {
		return nil, fmt.Errorf("responses: encode request: %w", err)
	}
	if stream {
		// b is {"stream":true{…}: join the two objects.
		if b[n+1] == '}' {
			b = append(b[:n], '}')
		} else {
			b[n] = ','
		}
	}
	return b, nil
}

// withoutStream returns req, or a copy of it without the "stream" member it
// kept from the JSON it was decoded from.
func withoutStream(req *Request) *Request {
	if wire.ExtraOf(req) == nil {
		return req
	}
	cp := *req
	wire.DropExtra(&cp, "stream")
	return &cp
}

// Get retrieves a stored response by id (GET /responses/{id}), for example to
// poll a background response. [WithInclude] asks for optional output data,
// as [Request.Include] does.
func (s *Service) Get(ctx context.Context, id string, opts ...client.Option) (*Response, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	r := new(Response)
	if err := s.call(ctx, http.MethodGet, "responses/"+url.PathEscape(id), nil, nil, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// Delete deletes a stored response (DELETE /responses/{id}).
func (s *Service) Delete(ctx context.Context, id string, opts ...client.Option) error {
	if err := checkID(id); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, "responses/"+url.PathEscape(id), nil, nil, nil, nil, opts)
}

// Cancel cancels a background response (POST /responses/{id}/cancel) and
// returns it.
func (s *Service) Cancel(ctx context.Context, id string, opts ...client.Option) (*Response, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	r := new(Response)
	if err := s.call(ctx, http.MethodPost, "responses/"+url.PathEscape(id)+"/cancel", nil, nil, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// call sends one request with opts and decodes the JSON answer into out,
// unless out is nil. secrets are those the body carries, for the client to
// scrub from errors and logs.
func (s *Service) call(ctx context.Context, method, path string, q url.Values, body []byte, secrets []string, out any, opts []client.Option) error {
	if s.err != nil {
		return s.err
	}
	res, err := s.c.Send(ctx, &client.Request{Method: method, Path: path, Query: q, Body: body, Secrets: secrets}, opts...)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	// The body belongs to this call alone, so strings may share its memory.
	if err := wire.UnmarshalAlias(res.Body, out); err != nil {
		return &ProtocolError{What: "response body", RequestID: res.RequestID, Err: err}
	}
	if r, ok := out.(*Response); ok {
		r.http = res
	}
	return nil
}

func checkID(id string) error {
	if id == "" {
		return errors.New("responses: empty response id")
	}
	return nil
}

// A ProtocolError reports a response body or stream event that the server
// sent but that is not the JSON it should be: the server (or a proxy in
// between) broke the protocol. It is not the error of a model's output that
// does not decode into a Go type, which is a *schema.DecodeError.
type ProtocolError struct {
	What      string // "response body", "event response.output_text.delta", …
	RequestID string // the x-request-id, when known
	Err       error  // the underlying error, with the byte offset
}

func (e *ProtocolError) Error() string {
	if e.RequestID != "" {
		return fmt.Sprintf("responses: decode %s (request id %s): %v", e.What, e.RequestID, e.Err)
	}
	return fmt.Sprintf("responses: decode %s: %v", e.What, e.Err)
}

func (e *ProtocolError) Unwrap() error { return e.Err }
