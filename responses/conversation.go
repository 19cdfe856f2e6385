package responses

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
)

// Conversations calls the Conversations API: a conversation is kept by the
// server, and every response created with [Request.Conversation] set to it
// reads its items as history and appends its input and output items to it.
// Get one with [Service.Conversations]. It is safe for concurrent use.
type Conversations struct {
	s *Service
}

// Conversations returns the Conversations API of s.
func (s *Service) Conversations() *Conversations { return &Conversations{s: s} }

// ConversationResource is a conversation as the API stores it
// (the ConversationResource of the API). Its items are listed with
// [Conversations.ListItems]; refer to it in a request with [Conversation].
type ConversationResource struct {
	ID     string `json:"id"`
	Object string `json:"object,omitzero"` // "conversation"
	// Metadata holds up to 16 key-value pairs.
	Metadata map[string]string `json:"metadata,omitzero"`
	// CreatedAt is the creation time, in seconds since the Unix epoch.
	CreatedAt int64 `json:"created_at,omitzero"`
	meta      wire.Meta
}

// Ref returns the reference to c that [Request.Conversation] takes.
func (c *ConversationResource) Ref() *Conversation { return &Conversation{ID: c.ID} }

// ConversationRequest is what [Conversations.Create] sends.
type ConversationRequest struct {
	// Items are the initial items of the conversation (up to 20).
	Items []Item `json:"items,omitzero"`
	// Metadata holds up to 16 key-value pairs.
	Metadata map[string]string `json:"metadata,omitzero"`
	meta     wire.Meta
}

// conversationItems is the body of POST /conversations/{id}/items.
type conversationItems struct {
	Items []Item `json:"items"`
	meta  wire.Meta
}

// conversationUpdate is the body of POST /conversations/{id}.
type conversationUpdate struct {
	Metadata map[string]string `json:"metadata"`
	meta     wire.Meta
}

// Create creates a conversation (POST /conversations). req may be nil, for
// an empty conversation without metadata.
func (c *Conversations) Create(ctx context.Context, req *ConversationRequest, opts ...client.Option) (*ConversationResource, error) {
	if req == nil {
		req = new(ConversationRequest)
	}
	body, err := wire.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("responses: encode conversation: %w", err)
	}
	r := new(ConversationResource)
	if err := c.s.call(ctx, http.MethodPost, "conversations", nil, body, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// Get retrieves a conversation (GET /conversations/{id}).
func (c *Conversations) Get(ctx context.Context, id string, opts ...client.Option) (*ConversationResource, error) {
	if err := checkConversationID(id); err != nil {
		return nil, err
	}
	r := new(ConversationResource)
	if err := c.s.call(ctx, http.MethodGet, conversationPath(id), nil, nil, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// Update replaces the metadata of a conversation (POST /conversations/{id})
// and returns the conversation.
func (c *Conversations) Update(ctx context.Context, id string, metadata map[string]string, opts ...client.Option) (*ConversationResource, error) {
	if err := checkConversationID(id); err != nil {
		return nil, err
	}
	if metadata == nil {
		metadata = map[string]string{}
	}
	body, err := wire.Marshal(&conversationUpdate{Metadata: metadata})
	if err != nil {
		return nil, fmt.Errorf("responses: encode conversation: %w", err)
	}
	r := new(ConversationResource)
	if err := c.s.call(ctx, http.MethodPost, conversationPath(id), nil, body, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// Delete deletes a conversation (DELETE /conversations/{id}). The items it
// holds are deleted with it; the responses made in it are not.
func (c *Conversations) Delete(ctx context.Context, id string, opts ...client.Option) error {
	if err := checkConversationID(id); err != nil {
		return err
	}
	return c.s.call(ctx, http.MethodDelete, conversationPath(id), nil, nil, nil, nil, opts)
}

// AddItems adds items (up to 20) to the end of a conversation
// (POST /conversations/{id}/items) and returns them, with the ids the
// server gave them. [WithInclude] asks for optional data, as
// [Request.Include] does.
func (c *Conversations) AddItems(ctx context.Context, id string, items []Item, opts ...client.Option) (*ItemPage, error) {
	if err := checkConversationID(id); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, errors.New("responses: AddItems called with no items")
	}
	body, err := wire.Marshal(&conversationItems{Items: items})
	if err != nil {
		return nil, fmt.Errorf("responses: encode items: %w", err)
	}
	page := new(ItemPage)
	if err := c.s.call(ctx, http.MethodPost, conversationPath(id)+"/items", nil, body, nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListItems returns an iterator over the items of a conversation
// (GET /conversations/{id}/items), the newest first unless opts.Order is
// "asc". It fetches pages as the iteration needs them, and stops at the
// first error. Options, if any, apply to each of its requests.
func (c *Conversations) ListItems(ctx context.Context, id string, list *ListOptions, opts ...client.Option) iter.Seq2[Item, error] {
	if err := checkConversationID(id); err != nil {
		return func(yield func(Item, error) bool) { yield(nil, err) }
	}
	return c.s.listItems(ctx, conversationPath(id)+"/items", list, opts)
}

// GetItem retrieves one item of a conversation
// (GET /conversations/{id}/items/{item_id}). [WithInclude] asks for
// optional data, as [Request.Include] does.
func (c *Conversations) GetItem(ctx context.Context, id, itemID string, opts ...client.Option) (Item, error) {
	if err := checkConversationItem(id, itemID); err != nil {
		return nil, err
	}
	var it Item
	if err := c.s.call(ctx, http.MethodGet, conversationPath(id)+"/items/"+url.PathEscape(itemID), nil, nil, nil, &it, opts); err != nil {
		return nil, err
	}
	return it, nil
}

// DeleteItem deletes one item of a conversation
// (DELETE /conversations/{id}/items/{item_id}) and returns the
// conversation.
func (c *Conversations) DeleteItem(ctx context.Context, id, itemID string, opts ...client.Option) (*ConversationResource, error) {
	if err := checkConversationItem(id, itemID); err != nil {
		return nil, err
	}
	r := new(ConversationResource)
	if err := c.s.call(ctx, http.MethodDelete, conversationPath(id)+"/items/"+url.PathEscape(itemID), nil, nil, nil, r, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// listItems returns an iterator over the items of the list at path, which
// answers with pages of items and takes the after, limit, order and
// include[] parameters.
func (s *Service) listItems(ctx context.Context, path string, list *ListOptions, opts []client.Option) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		s, err := s.using(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		var o ListOptions
		if list != nil {
			o = *list
		}
		after := o.After
		for {
			q := includeQuery(o.Include)
			if q == nil {
				q = url.Values{}
			}
			if o.Order != "" {
				q.Set("order", o.Order)
			}
			if o.PageSize > 0 {
				q.Set("limit", strconv.Itoa(o.PageSize))
			}
			if after != "" {
				q.Set("after", after)
			}
			var page ItemPage
			if err := s.call(ctx, http.MethodGet, path, q, nil, nil, &page, nil); err != nil {
				yield(nil, err)
				return
			}
			for _, it := range page.Data {
				if !yield(it, nil) {
					return
				}
			}
			if !page.HasMore || len(page.Data) == 0 || page.LastID == "" || page.LastID == after {
				return
			}
			after = page.LastID
		}
	}
}

func includeQuery(include []string) url.Values {
	if len(include) == 0 {
		return nil
	}
	return url.Values{"include[]": include}
}

func conversationPath(id string) string { return "conversations/" + url.PathEscape(id) }

func checkConversationID(id string) error {
	if id == "" {
		return errors.New("responses: empty conversation id")
	}
	return nil
}

func checkConversationItem(id, itemID string) error {
	if err := checkConversationID(id); err != nil {
		return err
	}
	if itemID == "" {
		return errors.New("responses: empty item id")
	}
	return nil
}
