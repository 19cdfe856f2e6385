package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/respkit/respkit/internal/jsonobj"
	"github.com/tidwall/gjson"
)

// WithCallTimeout bounds each call as a whole: every attempt, and the waits
// between them (default 0: no bound but the caller's context). A call that
// runs out of it fails with an error matching [ErrTimeout] and
// context.DeadlineExceeded, and is not retried. For [Client.Open] the bound
// lasts until the body is closed, so it covers the reading of a stream too.
// Use it per call, as in
//
//	c.Send(ctx, req, client.WithCallTimeout(30*time.Second))
//
// or on the client for a default; compare [WithTimeout], which bounds each
// attempt and retries one that runs out.
func WithCallTimeout(d time.Duration) Option {
	return func(cfg *config) error {
		if d < 0 {
			return fmt.Errorf("client: WithCallTimeout: negative duration %v", d)
		}
		cfg.callTimeout = d
		return nil
	}
}

// WithQuery sets the query parameter key to values, replacing any value the
// call sets itself: for a parameter this module does not know yet. With no
// values it removes the parameter. On the client it applies to every call.
func WithQuery(key string, values ...string) Option {
	return func(cfg *config) error {
		if key == "" {
			return errors.New("client: WithQuery: empty parameter name")
		}
		if cfg.extraQuery == nil {
			cfg.extraQuery = make(url.Values)
		}
		cfg.extraQuery[key] = slices.Clone(values)
		return nil
	}
}

// WithBodyField sets the member name of the JSON body of the call to value,
// encoded with encoding/json (a [json.RawMessage] is sent as is), replacing
// any member of that name the call sends itself: for a parameter this module
// does not know yet. It applies to calls whose body is a JSON object: a call
// without one, such as a GET or a file upload, is sent as it is. On the
// client it applies to every such call.
func WithBodyField(name string, value any) Option {
	raw, err := json.Marshal(value)
	return func(cfg *config) error {
		if name == "" {
			return errors.New("client: WithBodyField: empty member name")
		}
		if err != nil {
			return fmt.Errorf("client: WithBodyField %s: %w", name, err)
		}
		cfg.bodyFields = append(slices.DeleteFunc(cfg.bodyFields, func(m jsonobj.Member) bool {
			return m.Name == name
		}), jsonobj.Member{Name: name, Value: raw})
		return nil
	}
}

// With returns a client that sends with c's configuration and opts applied
// on top of it: a client for one tenant, say, that shares c's connections.
// c is not modified. An invalid option is an error that names it, as for
// [New]; the environment is not read again.
func (c *Client) With(opts ...Option) (*Client, error) {
	cfg, err := c.c.with(opts)
	if err != nil {
		return nil, err
	}
	return &Client{c: cfg}, nil
}

// callConfig returns the configuration of one call: the client's, with opts
// applied to a copy.
func (cfg *config) callConfig(opts []Option) (*config, error) {
	if len(opts) == 0 {
		return cfg, nil
	}
	c, err := cfg.with(opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errInvalidRequest, err)
	}
	return c, nil
}

// with returns a copy of cfg with opts applied.
func (cfg *config) with(opts []Option) (*config, error) {
	c := *cfg
	cred := *cfg.cred
	cred.header = cfg.cred.header.Clone()
	c.cred = &cred
	c.middleware = slices.Clip(c.middleware)
	c.extraQuery = maps.Clone(c.extraQuery)
	c.bodyFields = slices.Clone(c.bodyFields)
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			errs = append(errs, errors.New("client: nil Option"))
			continue
		}
		if err := opt(&c); err != nil {
			errs = append(errs, err)
		}
	}
	if c.azure != cfg.azure {
		errs = append(errs, errors.New("client: WithAzure configures a new client; it cannot be applied to an existing one"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c.derive()
	return &c, nil
}

// withBody returns r with the members of WithBodyField merged into its body,
// or r itself when there are none.
func (cfg *config) withBody(r *Request) (*Request, error) {
	if len(cfg.bodyFields) == 0 {
		return r, nil
	}
	if r.Body == nil || r.GetBody != nil || !gjson.ValidBytes(r.Body) || !gjson.ParseBytes(r.Body).IsObject() {
		return r, nil
	}
	rr := *r
	rr.Body = jsonobj.Set(r.Body, cfg.bodyFields...)
	return &rr, nil
}

// callTimeoutError is the cause of a call that ran out of the time given by
// WithCallTimeout. It matches ErrTimeout and context.DeadlineExceeded.
type callTimeoutError struct{ d time.Duration }

func (e *callTimeoutError) Error() string   { return "call timed out after " + e.d.String() }
func (e *callTimeoutError) Timeout() bool   { return true }
func (e *callTimeoutError) Unwrap() error   { return context.DeadlineExceeded }
func (e *callTimeoutError) Is(t error) bool { return t == ErrTimeout }

// closeFunc is an open body that runs a function once it is closed.
type closeFunc struct {
	io.ReadCloser
	done func()
}

func (b *closeFunc) Close() error {
	err := b.ReadCloser.Close()
	b.done()
	return err
}
