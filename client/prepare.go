package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Prepare builds the HTTP request of r as [Client.Send] would send it,
// without sending it: the URL with its query, and the client's headers
// (authentication included) with the call's options and r's own applied.
// It is for a transport the client does not speak itself, such as the
// handshake of a WebSocket connection. It returns the http.Client to send
// the request with: the one given to [WithHTTPClient], which removes the
// credentials on a redirect to another origin. Retries, timeouts and
// middleware do not apply; r must have no body.
func (c *Client) Prepare(ctx context.Context, r *Request, opts ...Option) (*http.Request, *http.Client, error) {
	cfg, err := c.c.callConfig(opts)
	if err != nil {
		return nil, nil, err
	}
	target, err := cfg.target(r)
	if err != nil {
		return nil, nil, err
	}
	if r.Body != nil || r.GetBody != nil {
		return nil, nil, fmt.Errorf("%w: Prepare takes a request without a body", errInvalidRequest)
	}
	req, _, err := cfg.newHTTPRequest(ctx, r, target, nil)
	if err != nil {
		return nil, nil, err
	}
	return req, cfg.redirecting, nil
}

// ResponseError returns the *APIError of resp, a non-2xx answer to a
// request built by [Client.Prepare], as Send would return it: the status,
// the API's error fields and the request id, with the client's secrets
// scrubbed. It reads a bounded part of resp's body and closes it.
func (c *Client) ResponseError(resp *http.Response) *APIError {
	sc := c.c.scrub
	limit := maxErrorBody + sc.slack
	var data []byte
	if resp.Body != nil {
		data, _ = io.ReadAll(io.LimitReader(resp.Body, int64(limit)))
		resp.Body.Close()
	}
	return newAPIError(resp, data, len(data) == limit, sc)
}
