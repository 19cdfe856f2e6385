package responsestest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/respkit/respkit/responses"
)

// blankPage is an empty page of a list as the API writes it: every member
// present, the ids null. inputItems decodes it into each page before
// filling it in.
const blankPage = `{"object": "list", "data": [], "has_more": false, "first_id": null, "last_id": null}`

// inputItems serves GET /responses/{id}/input_items: the items of the
// response's input, as the API lists them (see listed), a page at a time.
// It honours limit (1 to 100, 20 by default), order ("desc", the default,
// or "asc"), and the cursors after and before, item ids.
func (s *Server) inputItems(w http.ResponseWriter, r *http.Request) {
	st := s.lookup(w, r.PathValue("id"))
	if st == nil {
		return
	}
	s.mu.Lock()
	items := slices.Clone(st.input)
	s.mu.Unlock()
	s.servePage(w, r, items)
}

// servePage answers a list request with a page of items (given oldest
// first), as the query's limit, order, after and before ask.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, items []responses.Item) {
	q := r.URL.Query()
	limit := 20
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		switch {
		case err != nil:
			s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", fmt.Sprintf("Invalid 'limit': expected an integer, but got %q instead.", l))
			return
		case n < 1:
			s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", fmt.Sprintf("Invalid 'limit': integer below minimum value. Expected a value >= 1, but got %d instead.", n))
			return
		case n > 100:
			s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", fmt.Sprintf("Invalid 'limit': integer above maximum value. Expected a value <= 100, but got %d instead.", n))
			return
		}
		limit = n
	}
	switch order := q.Get("order"); order {
	case "", "desc":
		slices.Reverse(items) // the newest first
	case "asc":
	default:
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", fmt.Sprintf("Invalid value for 'order': expected one of 'asc' or 'desc', but got %q instead.", order))
		return
	}
	page, problem := itemPage(items, limit, q.Get("after"), q.Get("before"))
	if problem != "" {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", problem)
		return
	}
	s.writeJSON(w, Reply{}, page)
}

// itemPage returns the page of at most limit items that comes after the
// item with id after, or before the item with id before (the items nearest
// to it), in the order of items. A cursor that names no item is a problem,
// which it returns as the message of the API's error.
func itemPage(items []responses.Item, limit int, after, before string) (page *responses.ItemPage, problem string) {
	lo, hi := 0, len(items)
	for _, c := range []struct {
		param, id string
		set       func(i int)
	}{
		{"after", after, func(i int) { lo = i + 1 }},
		{"before", before, func(i int) { hi = i }},
	} {
		if c.id == "" {
			continue
		}
		i := slices.IndexFunc(items, func(it responses.Item) bool { return itemID(it) == c.id })
		if i < 0 {
			return nil, fmt.Sprintf("Invalid '%s': no input item with id '%s'.", c.param, c.id)
		}
		c.set(i)
	}
	page = new(responses.ItemPage)
	if err := json.Unmarshal([]byte(blankPage), page); err != nil {
		panic("responsestest: blank page: " + err.Error())
	}
	var data []responses.Item
	switch {
	case lo >= hi:
	case before != "" && after == "":
		// The page just before the cursor: the items nearest to it.
		data = items[max(lo, hi-limit):hi]
		page.HasMore = hi-limit > lo
	default:
		data = items[lo:min(hi, lo+limit)]
		page.HasMore = lo+limit < hi
	}
	if len(data) > 0 {
		page.Data = data
		page.FirstID, page.LastID = itemID(data[0]), itemID(data[len(data)-1])
	}
	return page, ""
}

func itemID(it responses.Item) string {
	var v struct {
		ID string `json:"id"`
	}
	b, _ := json.Marshal(it)
	json.Unmarshal(b, &v)
	return v.ID
}

func (s *Server) compact(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := new(responses.CompactRequest)
	if err := json.Unmarshal(body, req); err != nil {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	in := 0
	for _, it := range req.Input {
		in += tokens(itemText(it)) + 4
	}
	summary, _ := json.Marshal(req.Input)
	resp := &responses.CompactedResponse{
		ID:        s.newID("resp"),
		Object:    "response.compaction",
		CreatedAt: s.now().Unix(),
		Output: []responses.Item{&responses.Compaction{
			ID:               s.newID("cmp"),
			EncryptedContent: base64.StdEncoding.EncodeToString(summary),
		}},
		Usage: &responses.Usage{InputTokens: in, OutputTokens: in / 10, TotalTokens: in + in/10},
	}
	s.writeJSON(w, Reply{}, resp)
}

func (s *Server) countTokens(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := new(responses.Request)
	if err := json.Unmarshal(body, req); err != nil {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	s.writeJSON(w, Reply{}, &responses.TokenCount{Object: "response.input_tokens", InputTokens: estimateTokens(req)})
}
