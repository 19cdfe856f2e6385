package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
)

// Service calls the Files API. It is safe for concurrent use.
type Service struct {
	c *client.Client
}

// New returns a Service that sends its requests with c. It panics if c is
// nil.
func New(c *client.Client) *Service {
	if c == nil {
		panic("files: New called with a nil client")
	}
	return &Service{c: c}
}

// Client returns the client s sends its requests with.
func (s *Service) Client() *client.Client { return s.c }

// Get retrieves a file's metadata (GET /files/{file_id}).
//
// An error from the API is a *[client.APIError]; an unknown id is one with
// status 404 that matches [client.ErrNotFound].
func (s *Service) Get(ctx context.Context, id string, opts ...client.Option) (*File, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	f := new(File)
	if err := s.call(ctx, http.MethodGet, "files/"+url.PathEscape(id), nil, f, opts); err != nil {
		return nil, err
	}
	return f, nil
}

// Delete deletes a file (DELETE /files/{file_id}). An answer that says the
// file was not deleted is an error.
func (s *Service) Delete(ctx context.Context, id string, opts ...client.Option) error {
	if err := checkID(id); err != nil {
		return err
	}
	var d deleted
	if err := s.call(ctx, http.MethodDelete, "files/"+url.PathEscape(id), nil, &d, opts); err != nil {
		return err
	}
	if !d.Deleted {
		return fmt.Errorf("files: file %s was not deleted", id)
	}
	return nil
}

// Content opens the content of a file (GET /files/{file_id}/content) for
// reading as it downloads: the file is never held in memory whole. The
// caller must close it. A connection lost while reading is an error of
// Read; nothing is retried once Content has returned.
func (s *Service) Content(ctx context.Context, id string, opts ...client.Option) (io.ReadCloser, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	_, body, err := s.c.Open(ctx, &client.Request{
		Method: http.MethodGet,
		Path:   "files/" + url.PathEscape(id) + "/content",
		Header: http.Header{"Accept": {"*/*"}},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return body, nil
}

// Order is the order in which [Service.List] returns files, by creation
// time.
type Order string

// The orders of a list.
const (
	Asc  Order = "asc"
	Desc Order = "desc" // the API's default
)

// ListOptions selects the files that [Service.List] lists. The zero value
// lists every file, newest first.
type ListOptions struct {
	// Purpose lists only the files of this purpose.
	Purpose Purpose
	// Order is Asc or Desc (the default).
	Order Order
	// After lists the files after the file with this id.
	After string
	// PageSize is the number of files fetched per request (1 to 10,000;
	// the API's default is 10,000).
	PageSize int
}

// List returns an iterator over the files selected by opts, which may be
// nil (GET /files). It fetches pages as the iteration needs them, following
// the after cursor, and stops at the first error; breaking out of the loop
// fetches no further page. The iterator may be used again: each use lists
// from the start.
func (s *Service) List(ctx context.Context, list *ListOptions, opts ...client.Option) iter.Seq2[*File, error] {
	var o ListOptions
	if list != nil {
		o = *list
	}
	return func(yield func(*File, error) bool) {
		after := o.After
		for {
			q := url.Values{}
			if o.Purpose != "" {
				q.Set("purpose", string(o.Purpose))
			}
			if o.Order != "" {
				q.Set("order", string(o.Order))
			}
			if o.PageSize > 0 {
				q.Set("limit", strconv.Itoa(o.PageSize))
			}
			if after != "" {
				q.Set("after", after)
			}
			var p page
			if err := s.call(ctx, http.MethodGet, "files", q, &p, opts); err != nil {
				yield(nil, err)
				return
			}
			for _, f := range p.Data {
				if f == nil {
					continue
				}
				if !yield(f, nil) {
					return
				}
			}
			last := p.LastID
			if last == "" && len(p.Data) > 0 && p.Data[len(p.Data)-1] != nil {
				last = p.Data[len(p.Data)-1].ID
			}
			// A page that does not move the cursor would be fetched again
			// forever.
			if !p.HasMore || len(p.Data) == 0 || last == "" || last == after {
				return
			}
			after = last
		}
	}
}

// call sends a request without a body with opts and decodes the answer
// into out.
func (s *Service) call(ctx context.Context, method, path string, q url.Values, out any, opts []client.Option) error {
	res, err := s.c.Send(ctx, &client.Request{Method: method, Path: path, Query: q}, opts...)
	if err != nil {
		return err
	}
	return decode(res, out)
}

// decode decodes the body of res into out.
func decode(res *client.Response, out any) error {
	// The body belongs to this call alone, so strings may share its memory.
	if err := wire.UnmarshalAlias(res.Body, out); err != nil {
		if res.RequestID != "" {
			return fmt.Errorf("files: decode response body (request id %s): %w", res.RequestID, err)
		}
		return fmt.Errorf("files: decode response body: %w", err)
	}
	return nil
}

func checkID(id string) error {
	if id == "" {
		return errors.New("files: empty file id")
	}
	return nil
}
