package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/respkit/respkit/client"
)

// Endpoint is the endpoint of the batches this package creates by default.
const Endpoint = "/v1/responses"

// CompletionWindow is the only completion window the API accepts.
const CompletionWindow = "24h"

// Status is the status of a batch.
type Status string

// The statuses of a batch. A batch goes from validating to in_progress,
// finalizing and completed; it may instead end failed (its input was
// rejected, see [Batch.Errors]), expired (the window ran out; what was done
// is in its files) or, after [Service.Cancel], cancelling then cancelled.
const (
	StatusValidating Status = "validating"
	StatusFailed     Status = "failed"
	StatusInProgress Status = "in_progress"
	StatusFinalizing Status = "finalizing"
	StatusCompleted  Status = "completed"
	StatusExpired    Status = "expired"
	StatusCancelling Status = "cancelling"
	StatusCancelled  Status = "cancelled"
)

// Done reports whether s is a final status: completed, failed, expired or
// cancelled. A batch in a final status changes no more.
func (s Status) Done() bool {
	switch s {
	case StatusCompleted, StatusFailed, StatusExpired, StatusCancelled:
		return true
	}
	return false
}

// Batch is a batch of requests (the API's Batch object).
type Batch struct {
	ID               string            `json:"id"`
	Object           string            `json:"object,omitempty"` // "batch"
	Endpoint         string            `json:"endpoint"`
	Model            string            `json:"model,omitempty"`
	Errors           *Errors           `json:"errors,omitempty"`
	InputFileID      string            `json:"input_file_id"`
	CompletionWindow string            `json:"completion_window"`
	Status           Status            `json:"status"`
	OutputFileID     string            `json:"output_file_id,omitempty"`
	ErrorFileID      string            `json:"error_file_id,omitempty"`
	CreatedAt        int64             `json:"created_at"` // Unix seconds, as are the other …At fields
	InProgressAt     int64             `json:"in_progress_at,omitempty"`
	ExpiresAt        int64             `json:"expires_at,omitempty"`
	FinalizingAt     int64             `json:"finalizing_at,omitempty"`
	CompletedAt      int64             `json:"completed_at,omitempty"`
	FailedAt         int64             `json:"failed_at,omitempty"`
	ExpiredAt        int64             `json:"expired_at,omitempty"`
	CancellingAt     int64             `json:"cancelling_at,omitempty"`
	CancelledAt      int64             `json:"cancelled_at,omitempty"`
	RequestCounts    RequestCounts     `json:"request_counts"`
	Usage            *Usage            `json:"usage,omitempty"`
	Metadata         map[string]string `json:"metadata,omitempty"`
}

// Errors lists why a batch failed validation.
type Errors struct {
	Object string  `json:"object,omitempty"` // "list"
	Data   []Error `json:"data"`
}

// Error is one reason a batch failed validation.
type Error struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Param   string `json:"param,omitempty"`
	Line    int    `json:"line,omitempty"` // the line of the input file, from 1, when known
}

func (e Error) String() string {
	s := e.Code + ": " + e.Message
	if e.Line > 0 {
		s += " (line " + strconv.Itoa(e.Line) + ")"
	}
	return s
}

// RequestCounts counts the requests of a batch by outcome.
type RequestCounts struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
}

// Usage is the token usage of a batch.
type Usage struct {
	InputTokens        int `json:"input_tokens"`
	InputTokensDetails struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"input_tokens_details"`
	OutputTokens        int `json:"output_tokens"`
	OutputTokensDetails struct {
		ReasoningTokens int `json:"reasoning_tokens"`
	} `json:"output_tokens_details"`
	TotalTokens int `json:"total_tokens"`
}

// ExpiresAfter is when the output and error files of a batch expire:
// Seconds (3,600 to 2,592,000) after Anchor, which is "created_at", the
// files' creation.
type ExpiresAfter struct {
	Anchor  string `json:"anchor"`
	Seconds int64  `json:"seconds"`
}

// CreateParams are the parameters of [Service.Create].
type CreateParams struct {
	// InputFileID is the JSONL file of the requests, uploaded with purpose
	// "batch". Required.
	InputFileID string `json:"input_file_id"`
	// Endpoint is the endpoint of every request; default [Endpoint].
	Endpoint string `json:"endpoint"`
	// CompletionWindow is the time the batch may take; default
	// [CompletionWindow], the only value the API accepts.
	CompletionWindow string `json:"completion_window"`
	// Metadata is up to 16 key-value pairs stored with the batch.
	Metadata map[string]string `json:"metadata,omitempty"`
	// OutputExpiresAfter sets when the output and error files expire.
	OutputExpiresAfter *ExpiresAfter `json:"output_expires_after,omitempty"`
}

// Service calls the Batch API, and the Files API for what batches need.
// It is safe for concurrent use.
type Service struct {
	c *client.Client
}

// New returns a Service that sends its requests with c.
func New(c *client.Client) *Service {
	if c == nil {
		panic("batch: New called with a nil client")
	}
	return &Service{c: c}
}

// Create creates a batch (POST /batches) from an uploaded input file.
func (s *Service) Create(ctx context.Context, p *CreateParams, opts ...client.Option) (*Batch, error) {
	if p == nil || p.InputFileID == "" {
		return nil, errors.New("batch: Create needs an input file id")
	}
	cp := *p
	if cp.Endpoint == "" {
		cp.Endpoint = Endpoint
	}
	if cp.CompletionWindow == "" {
		cp.CompletionWindow = CompletionWindow
	}
	body, err := json.Marshal(&cp)
	if err != nil {
		return nil, fmt.Errorf("batch: encode create request: %w", err)
	}
	b := new(Batch)
	return b, s.call(ctx, http.MethodPost, "batches", nil, body, b, opts)
}

// Get retrieves a batch (GET /batches/{id}).
func (s *Service) Get(ctx context.Context, id string, opts ...client.Option) (*Batch, error) {
	if id == "" {
		return nil, errors.New("batch: empty batch id")
	}
	b := new(Batch)
	return b, s.call(ctx, http.MethodGet, "batches/"+url.PathEscape(id), nil, nil, b, opts)
}

// Cancel cancels a batch (POST /batches/{id}/cancel) and returns it, in
// status cancelling: it becomes cancelled within minutes, and what was done
// until then is in its files.
func (s *Service) Cancel(ctx context.Context, id string, opts ...client.Option) (*Batch, error) {
	if id == "" {
		return nil, errors.New("batch: empty batch id")
	}
	b := new(Batch)
	return b, s.call(ctx, http.MethodPost, "batches/"+url.PathEscape(id)+"/cancel", nil, nil, b, opts)
}

// ListOptions selects the batches that [Service.List] lists.
type ListOptions struct {
	// After lists the batches after the one with this id.
	After string
	// PageSize is the number of batches fetched per request (1 to 100;
	// the API's default is 20).
	PageSize int
}

// page is the API's ListBatchesResponse.
type page struct {
	Data    []*Batch `json:"data"`
	FirstID string   `json:"first_id"`
	LastID  string   `json:"last_id"`
	HasMore bool     `json:"has_more"`
}

// List returns an iterator over the batches of the organization
// (GET /batches), newest first. It fetches pages as the iteration needs them
// and stops at the first error.
func (s *Service) List(ctx context.Context, list *ListOptions, opts ...client.Option) iter.Seq2[*Batch, error] {
	return func(yield func(*Batch, error) bool) {
		var o ListOptions
		if list != nil {
			o = *list
		}
		after := o.After
		for {
			q := url.Values{}
			if o.PageSize > 0 {
				q.Set("limit", strconv.Itoa(o.PageSize))
			}
			if after != "" {
				q.Set("after", after)
			}
			var p page
			if err := s.call(ctx, http.MethodGet, "batches", q, nil, &p, opts); err != nil {
				yield(nil, err)
				return
			}
			for _, b := range p.Data {
				if !yield(b, nil) {
					return
				}
			}
			last := p.LastID
			if last == "" && len(p.Data) > 0 {
				last = p.Data[len(p.Data)-1].ID
			}
			if !p.HasMore || len(p.Data) == 0 || last == "" || last == after {
				return
			}
			after = last
		}
	}
}

// call sends one request with opts and decodes the JSON answer into out.
func (s *Service) call(ctx context.Context, method, path string, q url.Values, body []byte, out any, opts []client.Option) error {
	res, err := s.c.Send(ctx, &client.Request{Method: method, Path: path, Query: q, Body: body}, opts...)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(res.Body, out); err != nil {
		return fmt.Errorf("batch: decode the answer to %s %s (request id %s): %w", method, path, res.RequestID, err)
	}
	return nil
}
