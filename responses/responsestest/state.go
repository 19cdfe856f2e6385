package responsestest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// callOutputs are the input items that answer a call of the conversation,
// with the member that names the call. A local shell call's output names
// it by its id.
var callOutputs = map[string]string{
	"function_call_output":    "call_id",
	"custom_tool_call_output": "call_id",
	"computer_call_output":    "call_id",
	"local_shell_call_output": "id",
	"shell_call_output":       "call_id",
	"apply_patch_call_output": "call_id",
}

// checkState checks what a request body refers to against what the server
// keeps, as the API does: the previous response must be one the server
// stored (and did not delete) or, for a create made over WebSocket, one
// its connection keeps in its cache, and every tool call output must answer a
// call of the conversation it continues, made in the same input or in the
// stored responses of the previous_response_id chain or in the items of the
// conversation (which must exist). A request that refers to items by id
// (item_reference) is not checked for calls.
func (s *Server) checkState(ctx context.Context, body []byte) *apiError {
	req := gjson.ParseBytes(body)
	calls := map[string]bool{}
	approvals := map[string]bool{}
	if id := req.Get("previous_response_id"); id.Type == gjson.String && id.Str != "" {
		earlier, ok := wsCached(ctx, id.Str) // a WebSocket connection's (websocket.go)
		if !ok {
			s.mu.Lock()
			prev := s.stored[id.Str]
			if prev != nil && !prev.deleted {
				earlier = append(earlier, prev.history...)
				earlier = append(earlier, prev.resp.Output...)
				if prev.final != nil {
					earlier = append(earlier, prev.final.Output...)
				}
			}
			s.mu.Unlock()
			if prev == nil || prev.deleted {
				return &apiError{status: http.StatusBadRequest, code: "previous_response_not_found", param: "previous_response_id",
					message: fmt.Sprintf("Previous response with id '%s' not found.", id.Str)}
			}
		}
		b, err := json.Marshal(earlier)
		if err != nil {
			return nil // nothing to check against
		}
		collectCalls(gjson.ParseBytes(b), calls, approvals)
	}
	if conv := req.Get("conversation"); nonNull(conv) {
		id := conv.Str
		if conv.IsObject() {
			id = conv.Get("id").Str
		}
		earlier, e := s.conversationItems(id)
		if e != nil {
			return e
		}
		if b, err := json.Marshal(earlier); err == nil {
			collectCalls(gjson.ParseBytes(b), calls, approvals)
		}
	}
	input := req.Get("input")
	if !input.IsArray() {
		return nil
	}
	referenced := false
	input.ForEach(func(_, it gjson.Result) bool {
		if it.Get("type").Str == "item_reference" {
			referenced = true
		}
		return !referenced
	})
	if referenced {
		return nil
	}
	collectCalls(input, calls, approvals)
	var err *apiError
	input.ForEach(func(_, it gjson.Result) bool {
		typ := it.Get("type").Str
		if member, ok := callOutputs[typ]; ok {
			if id := it.Get(member).Str; id != "" && !calls[id] {
				err = &apiError{status: http.StatusBadRequest, param: "input",
					message: fmt.Sprintf("No tool call found for %s with call_id %s.", strings.ReplaceAll(typ, "_", " "), id)}
			}
		}
		if typ == "mcp_approval_response" {
			if id := it.Get("approval_request_id").Str; id != "" && !approvals[id] {
				// Inferred wording, after the one of tool call outputs.
				err = &apiError{status: http.StatusBadRequest, param: "input",
					message: fmt.Sprintf("No approval request found for mcp approval response with approval_request_id %s.", id)}
			}
		}
		return err == nil
	})
	return err
}

// collectCalls adds the call ids of the calls among items, and the ids of
// the MCP approval requests.
func collectCalls(items gjson.Result, calls, approvals map[string]bool) {
	items.ForEach(func(_, it gjson.Result) bool {
		typ := it.Get("type").Str
		switch {
		case typ == "mcp_approval_request":
			approvals[it.Get("id").Str] = true
		case strings.HasSuffix(typ, "_output"):
		default:
			if id := it.Get("call_id"); id.Type == gjson.String {
				calls[id.Str] = true
			}
		}
		return true
	})
}

// earlier returns the conversation that the response id ends: the input
// its model saw and its output, from the cache of the WebSocket connection
// that ctx comes from, else from the stored responses.
func (s *Server) earlier(ctx context.Context, id string) ([]responses.Item, bool) {
	if items, ok := wsCached(ctx, id); ok {
		return append([]responses.Item{}, items...), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.stored[id]
	if prev == nil || prev.deleted {
		return nil, false
	}
	return append(append([]responses.Item{}, prev.history...), prev.resp.Output...), true
}
