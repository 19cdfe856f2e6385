package responses_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// badQty fails invoice's Validate at $.lines[0].
const badQty = `{"number":"A-17","status":"paid","lines":[{"product":"Pen","qty":0}],"total":7.5,"note":null}`

// wrongType fails to decode at $.total.
const wrongType = `{"number":"A-17","status":"paid","lines":[],"total":"7.50","note":null}`

func TestParseReaskSucceeds(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(badQty), responsestest.Text(invoiceText))
	req := &responses.Request{Model: "m", Instructions: "Extract the invoice.", Input: responses.Text("Invoice A-17.")}
	var (
		attempts []*responses.Response
		usage    = responses.Usage{InputTokens: 1000} // WithUsage adds to it
	)
	got, resp, err := responses.Parse[invoice](t.Context(), rs, req,
		responses.WithMaxAttempts(3), responses.WithAttempts(&attempts), responses.WithUsage(&usage))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantInvoice, got); diff != "" {
		t.Errorf("Parse() value (-want +got):\n%s", diff)
	}
	if len(attempts) != 2 || attempts[1] != resp || attempts[0].OutputText() != badQty {
		t.Fatalf("attempts = %v, want the bad response then %p", attempts, resp)
	}
	want := responses.Usage{InputTokens: 1000}
	want.Add(attempts[0].Usage)
	want.Add(attempts[1].Usage)
	if usage.InputTokens != want.InputTokens || usage.OutputTokens != want.OutputTokens || usage.TotalTokens != want.TotalTokens || usage.TotalTokens == 0 {
		t.Errorf("usage = %+v, want %+v", usage, want)
	}

	// The second request continues the stored response with a message that
	// says where the answer was wrong.
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	first, _ := reqs[0].Request()
	second, err := reqs[1].Request()
	if err != nil {
		t.Fatal(err)
	}
	if second.PreviousResponseID != attempts[0].ID || second.Instructions != "Extract the invoice." || second.Model != "m" {
		t.Errorf("second request: previous_response_id %q, instructions %q, model %q; want %q and the first's settings", second.PreviousResponseID, second.Instructions, second.Model, attempts[0].ID)
	}
	if diff := cmp.Diff(formatOf(t, first), formatOf(t, second)); diff != "" {
		t.Errorf("second request's format differs (-first +second):\n%s", diff)
	}
	if len(second.Input) != 1 {
		t.Fatalf("second request's input has %d items, want the re-ask message alone", len(second.Input))
	}
	checkReaskMessage(t, second.Input[0], "$.lines[0]", "qty must be at least 1")
}

// formatOf returns the JSON of the request's json_schema format.
func formatOf(t *testing.T, r *responses.Request) string {
	t.Helper()
	f, ok := r.Text.Format.(*responses.FormatJSONSchema)
	if !ok {
		t.Fatalf("text.format = %T, want *FormatJSONSchema", r.Text.Format)
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkReaskMessage checks that it is a user message that quotes the JSON
// path and the error.
func checkReaskMessage(t *testing.T, it responses.Item, path, msg string) {
	t.Helper()
	m, ok := it.(*responses.Message)
	if !ok || m.Role != responses.RoleUser {
		t.Fatalf("re-ask item = %#v, want a user message", it)
	}
	if text := m.Text(); !strings.Contains(text, "at "+path+":") || !strings.Contains(text, msg) {
		t.Errorf("re-ask message = %q, want the path %s and %q", text, path, msg)
	}
}

func TestParseReaskFails(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(badQty), responsestest.Text(wrongType), responsestest.Text("no JSON"), responsestest.Text(invoiceText))
	var attempts []*responses.Response
	got, resp, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")},
		responses.WithMaxAttempts(3), responses.WithAttempts(&attempts))
	pe, ok := errors.AsType[*responses.ParseError](err)
	if !ok {
		t.Fatalf("Parse() = %+v, %v; want a *ParseError", got, err)
	}
	if !cmp.Equal(got, invoice{}) {
		t.Errorf("Parse() value = %+v, want the zero value", got)
	}
	if len(pe.Attempts) != 3 || pe.Response != resp || pe.Attempts[2] != resp || !cmp.Equal(pe.Attempts, attempts, cmp.Comparer(func(a, b *responses.Response) bool { return a == b })) {
		t.Errorf("ParseError attempts = %v, response %p; want the 3 responses, the last returned", pe.Attempts, pe.Response)
	}
	var want responses.Usage
	for _, r := range pe.Attempts {
		want.Add(r.Usage)
	}
	if pe.Usage.TotalTokens != want.TotalTokens || pe.Usage.InputTokens != want.InputTokens || want.TotalTokens <= resp.Usage.TotalTokens {
		t.Errorf("ParseError usage = %+v, want the sum %+v", pe.Usage, want)
	}
	if de, ok := errors.AsType[*schema.DecodeError](err); !ok || de.Text != "no JSON" {
		t.Errorf("error = %v, want the last attempt's *schema.DecodeError", err)
	}
	if !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("error = %q, want it to count the attempts", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	third, _ := reqs[2].Request()
	if third.PreviousResponseID != pe.Attempts[1].ID {
		t.Errorf("third request continues %q, want the second response %q", third.PreviousResponseID, pe.Attempts[1].ID)
	}
	checkReaskMessage(t, third.Input[0], "$.total", `expected number, got string "7.50"`)
}

// Without stored responses, the re-ask replays the conversation.
func TestParseReaskUnstored(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	bad := responsestest.Items(
		&responses.ReasoningItem{},                           // no encrypted content: dropped
		&responses.ReasoningItem{EncryptedContent: "gAAAAB"}, // kept
		&responses.Message{Content: responses.Content{&responses.OutputText{Text: wrongType}}},
	)
	srv.Enqueue(bad, responsestest.Text(invoiceText))
	input := responses.Items(responses.DeveloperMessage("Extract the invoice."), responses.UserMessage("Invoice A-17."))
	req := &responses.Request{Model: "m", Input: input, Store: new(false)}
	var attempts []*responses.Response
	if _, _, err := responses.Parse[invoice](t.Context(), rs, req, responses.WithMaxAttempts(2), responses.WithAttempts(&attempts)); err != nil {
		t.Fatal(err)
	}
	second, err := srv.Requests()[1].Request()
	if err != nil {
		t.Fatal(err)
	}
	if second.PreviousResponseID != "" || second.Store == nil || *second.Store {
		t.Errorf("second request: previous_response_id %q, store %v; want none, false", second.PreviousResponseID, second.Store)
	}
	var kinds []string
	for _, it := range second.Input {
		switch it := it.(type) {
		case *responses.Message:
			kinds = append(kinds, string(it.Role))
		case *responses.ReasoningItem:
			kinds = append(kinds, "reasoning:"+it.EncryptedContent)
		default:
			kinds = append(kinds, "other")
		}
	}
	if want := []string{"developer", "user", "reasoning:gAAAAB", "assistant", "user"}; !cmp.Equal(kinds, want) {
		t.Errorf("second input = %v, want %v", kinds, want)
	}
	if m, ok := second.Input[3].(*responses.Message); !ok || m.Text() != wrongType || m.ID != "" || attempts[0].Output[2].(*responses.Message).ID == "" {
		t.Errorf("second input[3] = %#v, want the model's answer without its id", second.Input[3])
	}
	if r, ok := second.Input[2].(*responses.ReasoningItem); !ok || r.ID != "" {
		t.Errorf("second input[2] = %#v, want the reasoning item without its id", second.Input[2])
	}
	checkReaskMessage(t, second.Input[4], "$.total", "expected number")
}

// In a conversation, the conversation holds the answer: the re-ask sends the
// message alone.
func TestParseReaskConversation(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(wrongType), responsestest.Text(invoiceText))
	conv, err := rs.Conversations().Create(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := &responses.Request{Model: "m", Input: responses.Text("x"), Conversation: conv.Ref()}
	if _, _, err := responses.Parse[invoice](t.Context(), rs, req, responses.WithMaxAttempts(2)); err != nil {
		t.Fatal(err)
	}
	second, _ := srv.Requests()[2].Request()
	if second.Conversation == nil || second.Conversation.ID != conv.ID || second.PreviousResponseID != "" || len(second.Input) != 1 {
		t.Fatalf("second request: conversation %v, previous_response_id %q, %d input items; want %s, none, 1", second.Conversation, second.PreviousResponseID, len(second.Input), conv.ID)
	}
	checkReaskMessage(t, second.Input[0], "$.total", "expected number")
}

// Only decoding errors are re-asked.
func TestParseReaskOnlyDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply responsestest.Reply
	}{
		{"refusal", responsestest.Refusal("No.")},
		{"incomplete", responsestest.Incomplete("max_output_tokens", `{"num`)},
		{"failed", responsestest.Failed("server_error", "crashed")},
		{"no text", responsestest.FunctionCalls(responsestest.Call{Name: "f", Arguments: "{}"})},
		{"API error", responsestest.Error(http.StatusBadRequest, responsestest.ErrorBody{Type: "invalid_request_error", Message: "bad"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(tt.reply, responsestest.Text(invoiceText))
			if _, _, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")}, responses.WithMaxAttempts(3)); err == nil {
				t.Error("Parse() error = nil, want the first reply's error")
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// An error of the re-asked request keeps the responses received before.
func TestParseReaskAPIError(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t, client.WithMaxRetries(0))
	srv.Enqueue(responsestest.Text(badQty), responsestest.Error(http.StatusBadRequest, responsestest.ErrorBody{Type: "invalid_request_error", Message: "bad"}))
	_, resp, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")}, responses.WithMaxAttempts(2))
	pe, ok := errors.AsType[*responses.ParseError](err)
	if !ok || len(pe.Attempts) != 1 || pe.Response != resp || resp.OutputText() != badQty {
		t.Fatalf("Parse() = %v, %v; want a *ParseError with the first response", resp, err)
	}
	if _, ok := errors.AsType[*client.APIError](err); !ok {
		t.Errorf("error = %v, want the *client.APIError inside", err)
	}
}
