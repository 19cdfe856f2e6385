package responsestest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/respkit/respkit/responses"
)

// conversation is a conversation of the Conversations API, as the server
// keeps it: its items, in order, include the input and output items of the
// responses created in it.
type conversation struct {
	resp    responses.ConversationResource
	items   []responses.Item
	deleted bool
}

// maxConversationItems is how many items one request may add, and
// maxMetadata how many metadata pairs a conversation may have.
const (
	maxConversationItems = 20
	maxMetadata          = 16
)

func (s *Server) createConversation(w http.ResponseWriter, r *http.Request) {
	req := new(responses.ConversationRequest)
	if !s.decodeBody(w, r, req) {
		return
	}
	if e := checkItems("items", len(req.Items)); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if e := checkMetadata(req.Metadata); e != nil {
		s.writeAPIError(w, e)
		return
	}
	id := s.newID("conv")
	items := s.withIDs(req.Items)
	s.mu.Lock()
	if s.convs == nil {
		s.convs = map[string]*conversation{}
	}
	c := &conversation{
		resp:  responses.ConversationResource{ID: id, Object: "conversation", Metadata: orEmpty(req.Metadata), CreatedAt: s.now().Unix()},
		items: items,
	}
	s.convs[id] = c
	resp := c.resp
	s.mu.Unlock()
	s.writeJSON(w, Reply{}, &resp)
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	s.mu.Lock()
	resp := c.resp
	s.mu.Unlock()
	s.writeJSON(w, Reply{}, &resp)
}

func (s *Server) updateConversation(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	var req struct {
		Metadata *map[string]string `json:"metadata"`
	}
	if !s.decodeBody(w, r, &req) {
		return
	}
	if req.Metadata == nil {
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: "metadata", message: "Missing required parameter: 'metadata'."})
		return
	}
	if e := checkMetadata(*req.Metadata); e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.mu.Lock()
	c.resp.Metadata = orEmpty(*req.Metadata)
	resp := c.resp
	s.mu.Unlock()
	s.writeJSON(w, Reply{}, &resp)
}

func (s *Server) deleteConversation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c := s.lookupConversation(w, id)
	if c == nil {
		return
	}
	s.mu.Lock()
	c.deleted = true
	s.mu.Unlock()
	s.writeJSON(w, Reply{}, map[string]any{"id": id, "object": "conversation.deleted", "deleted": true})
}

func (s *Server) addConversationItems(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	var req struct {
		Items *responses.Input `json:"items"`
	}
	if !s.decodeBody(w, r, &req) {
		return
	}
	if req.Items == nil {
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: "items", message: "Missing required parameter: 'items'."})
		return
	}
	if e := checkItems("items", len(*req.Items)); e != nil {
		s.writeAPIError(w, e)
		return
	}
	items := s.withIDs(*req.Items)
	s.mu.Lock()
	c.items = append(c.items, items...)
	s.mu.Unlock()
	page := &responses.ItemPage{Object: "list", Data: items}
	if len(items) > 0 {
		page.FirstID, page.LastID = itemID(items[0]), itemID(items[len(items)-1])
	}
	s.writeJSON(w, Reply{}, page)
}

func (s *Server) listConversationItems(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	s.mu.Lock()
	items := slices.Clone(c.items)
	s.mu.Unlock()
	s.servePage(w, r, items)
}

func (s *Server) getConversationItem(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	s.mu.Lock()
	i := c.index(r.PathValue("item"))
	var it responses.Item
	if i >= 0 {
		it = c.items[i]
	}
	s.mu.Unlock()
	if it == nil {
		s.itemNotFound(w, r.PathValue("item"))
		return
	}
	s.writeJSON(w, Reply{}, it)
}

func (s *Server) deleteConversationItem(w http.ResponseWriter, r *http.Request) {
	c := s.lookupConversation(w, r.PathValue("id"))
	if c == nil {
		return
	}
	s.mu.Lock()
	i := c.index(r.PathValue("item"))
	if i >= 0 {
		c.items = slices.Delete(c.items, i, i+1)
	}
	resp := c.resp
	s.mu.Unlock()
	if i < 0 {
		s.itemNotFound(w, r.PathValue("item"))
		return
	}
	s.writeJSON(w, Reply{}, &resp)
}

// index returns the index of the item with the given id, or -1. The
// caller holds s.mu.
func (c *conversation) index(id string) int {
	return slices.IndexFunc(c.items, func(it responses.Item) bool { return itemID(it) == id })
}

// conversationItems returns the items of the conversation a request
// belongs to, or an error as the API's when there is no such conversation.
func (s *Server) conversationItems(id string) ([]responses.Item, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.convs[id]
	if c == nil || c.deleted {
		return nil, conversationNotFound(id, "conversation")
	}
	return slices.Clone(c.items), nil
}

// appendToConversation appends the input and output items of a response
// to the conversation it was created in.
func (s *Server) appendToConversation(id string, input, output []responses.Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.convs[id]; c != nil && !c.deleted {
		c.items = append(append(c.items, input...), output...)
	}
}

// lookupConversation returns the conversation id, or writes a 404 and
// returns nil.
func (s *Server) lookupConversation(w http.ResponseWriter, id string) *conversation {
	s.mu.Lock()
	c := s.convs[id]
	s.mu.Unlock()
	if c == nil || c.deleted {
		s.writeAPIError(w, conversationNotFound(id, ""))
		return nil
	}
	return c
}

// conversationNotFound is the API's error for an unknown conversation id.
func conversationNotFound(id, param string) *apiError {
	return &apiError{status: http.StatusNotFound, param: param, message: fmt.Sprintf("Conversation with id '%s' not found.", id)}
}

func (s *Server) itemNotFound(w http.ResponseWriter, id string) {
	s.writeAPIError(w, &apiError{status: http.StatusNotFound, message: fmt.Sprintf("Item with id '%s' not found.", id)})
}

// decodeBody decodes the JSON body of r into v, or answers 400 and reports
// false.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, _ := io.ReadAll(r.Body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request: "+err.Error())
		return false
	}
	return true
}

func checkItems(param string, n int) *apiError {
	if n > maxConversationItems {
		return &apiError{status: http.StatusBadRequest, param: param,
			message: fmt.Sprintf("Invalid '%s': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", param, maxConversationItems, n)}
	}
	return nil
}

// checkMetadata checks metadata as the API does (and as batches.go does).
func checkMetadata(m map[string]string) *apiError {
	if len(m) > maxMetadata {
		return &apiError{status: http.StatusBadRequest, param: "metadata",
			message: fmt.Sprintf("Invalid 'metadata': too many properties. Expected an object with at most %d properties, but got an object with %d properties instead.", maxMetadata, len(m))}
	}
	for k, v := range m {
		if len(k) > 64 || len(v) > 512 {
			return &apiError{status: http.StatusBadRequest, param: "metadata",
				message: "Invalid 'metadata': keys can be at most 64 characters long and values at most 512 characters long."}
		}
	}
	return nil
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
