package responsestest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/respkit/respkit/responses/responsestest"
)

// sendJSON sends a request with a JSON body to the server and returns the
// status and the body of the answer.
func sendJSON(t *testing.T, srv *responsestest.Server, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk-test")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

func TestConversationWire(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	code, b := sendJSON(t, srv, "POST", "/conversations", `{"metadata":{"k":"v"},"items":[{"type":"function_call","call_id":"call_a","name":"f","arguments":"{}"}]}`)
	if code != http.StatusOK {
		t.Fatalf("create = %d %s", code, b)
	}
	var conv struct {
		ID        string            `json:"id"`
		Object    string            `json:"object"`
		Metadata  map[string]string `json:"metadata"`
		CreatedAt int64             `json:"created_at"`
	}
	if err := json.Unmarshal(b, &conv); err != nil || !strings.HasPrefix(conv.ID, "conv_") || conv.Object != "conversation" || conv.Metadata["k"] != "v" || conv.CreatedAt == 0 {
		t.Fatalf("create = %s (%v)", b, err)
	}

	// A response in the conversation may answer a call the conversation holds.
	body := `{"model":"m","conversation":{"id":"` + conv.ID + `"},"input":[{"type":"function_call_output","call_id":"call_a","output":"42"}]}`
	if code, b := sendJSON(t, srv, "POST", "/responses", body); code != http.StatusOK {
		t.Errorf("answer a call of the conversation = %d %s", code, b)
	}
	body = `{"model":"m","conversation":"` + conv.ID + `","input":[{"type":"function_call_output","call_id":"call_b","output":"42"}]}`
	if code, b := sendJSON(t, srv, "POST", "/responses", body); code != http.StatusBadRequest || !strings.Contains(string(b), "No tool call found for function call output with call_id call_b.") {
		t.Errorf("answer a call the conversation lacks = %d %s", code, b)
	}

	code, b = sendJSON(t, srv, "GET", "/conversations/"+conv.ID+"/items?order=asc&limit=2", "")
	var page struct {
		Object  string            `json:"object"`
		Data    []json.RawMessage `json:"data"`
		FirstID string            `json:"first_id"`
		LastID  string            `json:"last_id"`
		HasMore bool              `json:"has_more"`
	}
	if err := json.Unmarshal(b, &page); code != http.StatusOK || err != nil || page.Object != "list" || len(page.Data) != 2 || !page.HasMore || page.FirstID == "" || page.LastID == "" {
		t.Errorf("list = %d %s", code, b)
	}

	if code, b := sendJSON(t, srv, "POST", "/conversations/"+conv.ID, `{}`); code != http.StatusBadRequest || !strings.Contains(string(b), "Missing required parameter: 'metadata'.") {
		t.Errorf("update without metadata = %d %s", code, b)
	}
	code, b = sendJSON(t, srv, "DELETE", "/conversations/"+conv.ID, "")
	if code != http.StatusOK || !strings.Contains(string(b), `"object":"conversation.deleted"`) {
		t.Errorf("delete = %d %s", code, b)
	}
}

func TestConversationNotFound(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	const want = `{"error":{"message":"Conversation with id 'conv_x' not found.","type":"invalid_request_error","param":null,"code":null}}`
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/conversations/conv_x", ""},
		{"POST", "/conversations/conv_x", `{"metadata":{}}`},
		{"DELETE", "/conversations/conv_x", ""},
		{"GET", "/conversations/conv_x/items", ""},
		{"POST", "/conversations/conv_x/items", `{"items":[]}`},
		{"GET", "/conversations/conv_x/items/msg_1", ""},
		{"DELETE", "/conversations/conv_x/items/msg_1", ""},
	} {
		if code, b := sendJSON(t, srv, c.method, c.path, c.body); code != http.StatusNotFound || string(b) != want {
			t.Errorf("%s %s = %d %s", c.method, c.path, code, b)
		}
	}
	code, b := sendJSON(t, srv, "POST", "/responses", `{"model":"m","input":"hi","conversation":"conv_x"}`)
	if code != http.StatusNotFound || !strings.Contains(string(b), `"param":"conversation"`) {
		t.Errorf("response in an unknown conversation = %d %s", code, b)
	}
}
