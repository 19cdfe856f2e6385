package responses

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
)

// Compact compacts a conversation (POST /responses/compact): it returns
// output items, including an encrypted compaction item, that stand for the
// conversation in fewer tokens and can be sent as the next input.
func (s *Service) Compact(ctx context.Context, req *CompactRequest, opts ...client.Option) (*CompactedResponse, error) {
	if req == nil {
		return nil, errors.New("responses: Compact called with a nil request")
	}
	body, err := wire.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("responses: encode request: %w", err)
	}
	r := new(CompactedResponse)
	if err := s.call(ctx, http.MethodPost, "responses/compact", nil, body, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// CountInputTokens counts the input tokens a request would use
// (POST /responses/input_tokens), without running the model.
func (s *Service) CountInputTokens(ctx context.Context, req *CountTokensRequest, opts ...client.Option) (*TokenCount, error) {
	if req == nil {
		return nil, errors.New("responses: CountInputTokens called with a nil request")
	}
	body, err := wire.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("responses: encode request: %w", err)
	}
	r := new(TokenCount)
	if err := s.call(ctx, http.MethodPost, "responses/input_tokens", nil, body, toolSecrets(nil, req.Tools), r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// ListOptions selects the input items that [Service.InputItems] lists.
type ListOptions struct {
	// Order is "asc" or "desc" (the API's default).
	Order string
	// After lists the items after the item with this id.
	After string
	// PageSize is the number of items fetched per request (1 to 100; the
	// API's default is 20).
	PageSize int
	// Include asks for optional data, as [Request.Include] does.
	Include []string
}

// InputItems returns an iterator over the input items of a stored response
// (GET /responses/{id}/input_items). It fetches pages as the iteration needs
// them, and stops at the first error. Options, if any, apply to each of its
// requests.
func (s *Service) InputItems(ctx context.Context, id string, list *ListOptions, opts ...client.Option) iter.Seq2[Item, error] {
	if err := checkID(id); err != nil {
		return func(yield func(Item, error) bool) { yield(nil, err) }
	}
	return s.listItems(ctx, "responses/"+url.PathEscape(id)+"/input_items", list, opts)
}
