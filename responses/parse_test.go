package responses_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

type invoice struct {
	Number string  `json:"number"`
	Status string  `json:"status" jsonschema:"enum=draft,enum=paid"`
	Lines  []line  `json:"lines"`
	Total  float64 `json:"total"`
	Note   *string `json:"note"`
}

type line struct {
	Product string `json:"product"`
	Qty     int    `json:"qty"`
}

func (l line) Validate() error {
	if l.Qty < 1 {
		return errors.New("qty must be at least 1")
	}
	return nil
}

var wantInvoice = invoice{Number: "A-17", Status: "paid", Lines: []line{{"Pen", 2}, {"Ink", 1}}, Total: 7.5}

const invoiceText = `{"number":"A-17","status":"paid","lines":[{"product":"Pen","qty":2},{"product":"Ink","qty":1}],"total":7.5,"note":null}`

func TestParse(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(invoiceText))
	req := &responses.Request{Model: "gpt-test", Input: responses.Text("Invoice A-17: 2 pens, 1 ink, 7.50 paid.")}
	got, resp, err := responses.Parse[invoice](t.Context(), rs, req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantInvoice, got); diff != "" {
		t.Errorf("Parse() value (-want +got):\n%s", diff)
	}
	if resp == nil || resp.Status != responses.StatusCompleted || resp.OutputText() != invoiceText {
		t.Errorf("Parse() response = %+v", resp)
	}

	// The request sent asks for the strict schema of invoice.
	sent, err := srv.Requests()[0].Request()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := sent.Text.Format.(*responses.FormatJSONSchema)
	if !ok {
		t.Fatalf("text.format = %T, want *FormatJSONSchema", sent.Text.Format)
	}
	s, err := schema.For[invoice]()
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != s.Name || f.Strict == nil || !*f.Strict || f.Description != s.Description {
		t.Errorf("format = name %q, strict %v, description %q; want %q, true, %q", f.Name, f.Strict, f.Description, s.Name, s.Description)
	}
	if got, want := string(f.Schema), s.String(); got != want {
		t.Errorf("format schema = %s, want %s", got, want)
	}
	// "strict" is written explicitly.
	if body := string(srv.Requests()[0].Body); !strings.Contains(body, `"strict":true`) {
		t.Errorf("request body has no \"strict\":true: %s", body)
	}
}

func TestParseSchemaOptions(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(invoiceText))
	req := &responses.Request{Model: "gpt-test", Input: responses.Text("x")}
	_, _, err := responses.Parse[invoice](t.Context(), rs, req,
		responses.WithSchemaOptions(schema.WithName("bill"), schema.WithDescription("An invoice as printed.")))
	if err != nil {
		t.Fatal(err)
	}
	sent, _ := srv.Requests()[0].Request()
	f := sent.Text.Format.(*responses.FormatJSONSchema)
	if f.Name != "bill" || f.Description != "An invoice as printed." {
		t.Errorf("format name, description = %q, %q; want %q, %q", f.Name, f.Description, "bill", "An invoice as printed.")
	}
}

// Parse sends a copy: the caller's request, and the slices, maps and
// pointers it shares with the copy, stay as they were.
func TestParseDoesNotModifyRequest(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(`{"number":"A-17","status":"paid","lines":[{"product":"Pen","qty":0}],"total":1,"note":null}`), responsestest.Text(invoiceText))
	input := make(responses.Input, 2, 8) // spare capacity: an append would write into it
	input[0] = responses.DeveloperMessage("Extract the invoice.")
	input[1] = responses.UserMessage("Invoice A-17.")
	req := &responses.Request{
		Model:    "gpt-test",
		Input:    input,
		Store:    new(false), // re-ask by replaying the input
		Include:  make([]string, 0, 4),
		Metadata: map[string]string{"k": "v"},
		Text:     responses.TextConfig{Format: &responses.FormatText{}, Verbosity: "low"},
	}
	before, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	spare := input[:cap(input)]
	if _, _, err := responses.Parse[invoice](t.Context(), rs, req, responses.WithMaxAttempts(2)); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(req)
	if string(after) != string(before) {
		t.Errorf("request changed:\nbefore %s\nafter  %s", before, after)
	}
	for i, it := range spare[2:] {
		if it != nil {
			t.Errorf("Parse wrote %T into the spare capacity of the caller's input at %d", it, 2+i)
		}
	}
	if _, ok := req.Text.Format.(*responses.FormatText); !ok || len(req.Metadata) != 1 || len(req.Include) != 0 {
		t.Errorf("request fields changed: format %T, metadata %v, include %v", req.Text.Format, req.Metadata, req.Include)
	}
	// The verbosity of the caller's text config is kept in what was sent.
	sent, _ := srv.Requests()[0].Request()
	if sent.Text.Verbosity != "low" {
		t.Errorf("sent verbosity %q, want low", sent.Text.Verbosity)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply responsestest.Reply
		check func(t *testing.T, err error, resp *responses.Response)
	}{
		{"refusal", responsestest.Refusal("I can't help with that."), func(t *testing.T, err error, resp *responses.Response) {
			e, ok := errors.AsType[*responses.RefusalError](err)
			if !ok || e.Refusal != "I can't help with that." || e.Response != resp {
				t.Errorf("error = %#v, want a *RefusalError with the text and the response", err)
			}
		}},
		{"incomplete max_output_tokens", responsestest.Incomplete("max_output_tokens", `{"number":"A-1`), func(t *testing.T, err error, resp *responses.Response) {
			e, ok := errors.AsType[*responses.IncompleteError](err)
			if !ok || e.Reason != "max_output_tokens" || e.Text != `{"number":"A-1` || e.Response != resp {
				t.Errorf("error = %#v, want an *IncompleteError for max_output_tokens with the partial text", err)
			}
		}},
		{"incomplete content_filter", responsestest.Incomplete("content_filter", ""), func(t *testing.T, err error, resp *responses.Response) {
			e, ok := errors.AsType[*responses.IncompleteError](err)
			if !ok || e.Reason != "content_filter" || e.Text != "" || e.Response != resp {
				t.Errorf("error = %#v, want an *IncompleteError for content_filter", err)
			}
		}},
		{"incomplete, complete JSON", responsestest.Incomplete("max_output_tokens", invoiceText), func(t *testing.T, err error, resp *responses.Response) {
			if e, ok := errors.AsType[*responses.IncompleteError](err); !ok || e.Text != invoiceText {
				t.Errorf("error = %v, want an *IncompleteError: an incomplete response is not decoded", err)
			}
		}},
		{"failed", responsestest.Failed("server_error", "The model crashed."), func(t *testing.T, err error, resp *responses.Response) {
			e, ok := errors.AsType[*responses.ResponseError](err)
			if !ok || e.Code != "server_error" || e != resp.Error {
				t.Errorf("error = %#v, want the response's *ResponseError", err)
			}
		}},
		{"no text", responsestest.FunctionCalls(responsestest.Call{Name: "lookup", Arguments: map[string]string{"q": "A-17"}}), func(t *testing.T, err error, resp *responses.Response) {
			if !errors.Is(err, responses.ErrNoText) {
				t.Errorf("error = %v, want ErrNoText", err)
			}
		}},
		{"invalid JSON", responsestest.Text("Sure! Here is the invoice."), decodeErrorAt("$", "")},
		{"schema mismatch", responsestest.Text(`{"number":"A-17","status":"paid","lines":[{"product":"Pen","qty":"two"}],"total":1,"note":null}`), decodeErrorAt("$.lines[0].qty", `expected integer, got string "two"`)},
		{"enum mismatch", responsestest.Text(`{"number":"A-17","status":"void","lines":[],"total":1,"note":null}`), decodeErrorAt("$.status", `"void"`)},
		{"missing field", responsestest.Text(`{"number":"A-17","status":"paid","lines":[],"total":1}`), decodeErrorAt("$", `missing field "note"`)},
		{"Validate error", responsestest.Text(`{"number":"A-17","status":"paid","lines":[{"product":"Pen","qty":0}],"total":1,"note":null}`), func(t *testing.T, err error, resp *responses.Response) {
			decodeErrorAt("$.lines[0]", "qty must be at least 1")(t, err, resp)
			if _, ok := errors.AsType[*schema.ValidationError](err); !ok {
				t.Errorf("error = %v, want a *schema.ValidationError inside", err)
			}
		}},
		{"truncated JSON", responsestest.Text(`{"number":"A-17","status":"paid","lines":[`), func(t *testing.T, err error, resp *responses.Response) {
			decodeErrorAt("$.lines", "")(t, err, resp)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("error = %v, want one matching io.ErrUnexpectedEOF", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(tt.reply)
			got, resp, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")})
			if err == nil {
				t.Fatalf("Parse() = %+v, nil; want an error", got)
			}
			if !cmp.Equal(got, invoice{}) {
				t.Errorf("Parse() value = %+v, want the zero value with an error", got)
			}
			pe, ok := errors.AsType[*responses.ParseError](err)
			if !ok {
				t.Fatalf("Parse() error = %T %v, want a *ParseError", err, err)
			}
			if resp == nil || pe.Response != resp || len(pe.Attempts) != 1 || pe.Attempts[0] != resp {
				t.Errorf("ParseError holds response %p, attempts %v; want %p", pe.Response, pe.Attempts, resp)
			}
			if resp != nil && (resp.Usage == nil || pe.Usage.TotalTokens != resp.Usage.TotalTokens) {
				t.Errorf("ParseError usage = %+v, want the response's %+v", pe.Usage, resp.Usage)
			}
			if got := len(srv.Requests()); got != 1 {
				t.Errorf("%d requests sent, want 1 (no re-ask by default)", got)
			}
			tt.check(t, err, resp)
		})
	}
}

// decodeErrorAt checks that err is a *schema.DecodeError at path whose
// message contains msg, and that it carries the response's text.
func decodeErrorAt(path, msg string) func(*testing.T, error, *responses.Response) {
	return func(t *testing.T, err error, resp *responses.Response) {
		t.Helper()
		de, ok := errors.AsType[*schema.DecodeError](err)
		if !ok {
			t.Fatalf("error = %T %v, want a *schema.DecodeError", err, err)
		}
		if de.Path != path || !strings.Contains(de.Err.Error(), msg) || de.Text != resp.OutputText() {
			t.Errorf("DecodeError = path %q, error %q, text %q; want path %q, an error with %q, text %q", de.Path, de.Err, de.Text, path, msg, resp.OutputText())
		}
	}
}

func TestParseRequestErrors(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Error(http.StatusBadRequest, responsestest.ErrorBody{Type: "invalid_request_error", Message: "Invalid schema."}))

	// An API error is returned as it is: there is no response.
	_, resp, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")})
	if e, ok := errors.AsType[*client.APIError](err); !ok || e.StatusCode != http.StatusBadRequest || resp != nil {
		t.Errorf("Parse() = %v, %v; want a *client.APIError and no response", resp, err)
	}
	if _, ok := errors.AsType[*responses.ParseError](err); ok {
		t.Errorf("Parse() error %v is a *ParseError, want the API error alone", err)
	}

	// A type without a strict schema, a nil request, a background request:
	// nothing is sent.
	n := len(srv.Requests())
	if _, _, err := responses.Parse[map[string]int](t.Context(), rs, &responses.Request{Model: "m"}); err == nil {
		t.Error("Parse[map[string]int]() error = nil, want a schema error")
	} else if _, ok := errors.AsType[*schema.TypeError](err); !ok {
		t.Errorf("Parse[map[string]int]() error = %T %v, want a *schema.TypeError", err, err)
	}
	if _, _, err := responses.Parse[invoice](t.Context(), rs, nil); err == nil {
		t.Error("Parse(nil request) error = nil")
	}
	if _, _, err := responses.Parse[invoice](t.Context(), nil, &responses.Request{Model: "m"}); err == nil {
		t.Error("Parse(nil service) error = nil")
	}
	if _, _, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Background: true}); err == nil {
		t.Error("Parse(background request) error = nil")
	}
	if got := len(srv.Requests()); got != n {
		t.Errorf("%d requests sent for bad arguments, want none", got-n)
	}
}

// The structured output is the last assistant message with text, not the
// commentary before a tool call.
func TestParseWhichText(t *testing.T) {
	t.Parallel()
	msg := func(phase responses.Phase, text string) *responses.Message {
		return &responses.Message{Role: responses.RoleAssistant, Phase: phase, Content: responses.Content{&responses.OutputText{Text: text}}}
	}
	tests := []struct {
		name  string
		items []responses.Item
		want  string // "" for ErrNoText
	}{
		{"one message", []responses.Item{msg("", invoiceText)}, invoiceText},
		{"two parts", []responses.Item{&responses.Message{Role: responses.RoleAssistant, Content: responses.Content{
			&responses.OutputText{Text: invoiceText[:20]}, &responses.OutputText{Text: invoiceText[20:]}}}}, invoiceText},
		{"reasoning first", []responses.Item{&responses.ReasoningItem{}, msg("final_answer", invoiceText)}, invoiceText},
		{"commentary skipped", []responses.Item{msg("commentary", "Let me look."), &responses.FunctionCall{Name: "f", Arguments: "{}"}}, ""},
		{"last message", []responses.Item{msg("", `{"number":"old"}`), msg("", invoiceText)}, invoiceText},
		{"commentary after", []responses.Item{msg("final_answer", invoiceText), msg("commentary", "Done.")}, invoiceText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(responsestest.Items(tt.items...))
			got, _, err := responses.Parse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")})
			if tt.want == "" {
				if !errors.Is(err, responses.ErrNoText) {
					t.Errorf("Parse() error = %v, want ErrNoText", err)
				}
				return
			}
			if err != nil || !cmp.Equal(got, wantInvoice) {
				t.Errorf("Parse() = %+v, %v; want %+v", got, err, wantInvoice)
			}
		})
	}
}

func TestDecodeArguments(t *testing.T) {
	t.Parallel()
	type args struct {
		City string `json:"city"`
		Days int    `json:"days"`
	}
	tests := []struct {
		name string
		args string
		want args
		path string // of the error; "" for none
	}{
		{"valid", `{"city":"Paris","days":3}`, args{"Paris", 3}, ""},
		{"wrong type", `{"city":"Paris","days":"3"}`, args{}, "$.days"},
		{"unknown field", `{"city":"Paris","days":3,"x":1}`, args{}, "$"},
		{"truncated", `{"city":"Par`, args{}, "$.city"},
		{"empty", ``, args{}, "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := responses.DecodeArguments[args](&responses.FunctionCall{Name: "forecast", Arguments: tt.args})
			if got != tt.want {
				t.Errorf("DecodeArguments(%s) = %+v, want %+v", tt.args, got, tt.want)
			}
			if tt.path == "" {
				if err != nil {
					t.Errorf("DecodeArguments(%s) error = %v", tt.args, err)
				}
				return
			}
			de, ok := errors.AsType[*schema.DecodeError](err)
			if !ok || de.Path != tt.path || !strings.Contains(err.Error(), "forecast") {
				t.Errorf("DecodeArguments(%s) error = %v, want a *schema.DecodeError at %s naming the function", tt.args, err, tt.path)
			}
		})
	}
	if _, err := responses.DecodeArguments[args](nil); err == nil {
		t.Error("DecodeArguments(nil) error = nil")
	}
}
