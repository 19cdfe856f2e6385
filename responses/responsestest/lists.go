package responsestest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/respkit/respkit/responses"
)

func (s *Server) inputItems(w http.ResponseWriter, r *http.Request) {
	st := s.lookup(w, r.PathValue("id"))
	if st == nil {
		return
	}
	q := r.URL.Query()
	items := slices.Clone(st.input)
	if q.Get("order") != "asc" {
		slices.Reverse(items) // the API lists the newest first by default
	}
	if after := q.Get("after"); after != "" {
		for i, it := range items {
			if itemID(it) == after {
				items = items[i+1:]
				break
			}
		}
	}
	limit := 20
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 && l <= 100 {
		limit = l
	}
	page := &responses.ItemPage{Object: "list", Data: items}
	if len(items) > limit {
		page.Data, page.HasMore = items[:limit], true
	}
	if len(page.Data) > 0 {
		page.FirstID, page.LastID = itemID(page.Data[0]), itemID(page.Data[len(page.Data)-1])
	}
	if page.Data == nil {
		page.Data = []responses.Item{}
	}
	s.writeJSON(w, Reply{}, page)
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
