package responses_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// parsedSeen is what a StreamParse loop saw: the JSON of each partial value
// when it was yielded, and the final value or the error.
type parsedSeen[T any] struct {
	partials []string
	attempts []int // Attempt of each partial
	final    *responses.Parsed[T]
	err      error
}

func collectParsed[T any](t *testing.T, seq iter.Seq2[responses.Parsed[T], error]) parsedSeen[T] {
	t.Helper()
	var c parsedSeen[T]
	for p, err := range seq {
		if c.final != nil || c.err != nil {
			t.Fatalf("value %+v, %v yielded after the end", p, err)
		}
		if err != nil {
			if p.Value != nil || p.Done {
				t.Errorf("error %v yielded with a value %+v", err, p)
			}
			c.err = err
			continue
		}
		if p.Value == nil {
			t.Fatalf("nil value yielded: %+v", p)
		}
		if p.Done {
			c.final = &p
			continue
		}
		if p.Response != nil {
			t.Errorf("partial value yielded with a response")
		}
		b, err := json.Marshal(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		c.partials = append(c.partials, string(b))
		c.attempts = append(c.attempts, p.Attempt)
	}
	return c
}

func TestStreamParse(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(invoiceText))
	req := &responses.Request{Model: "m", Input: responses.Text("Invoice A-17.")}
	c := collectParsed(t, responses.StreamParse[invoice](t.Context(), rs, req))
	if c.err != nil {
		t.Fatal(c.err)
	}
	if c.final == nil {
		t.Fatal("no final value")
	}
	if diff := cmp.Diff(wantInvoice, *c.final.Value); diff != "" {
		t.Errorf("final value (-want +got):\n%s", diff)
	}
	if r := c.final.Response; r == nil || r.Status != responses.StatusCompleted || r.OutputText() != invoiceText || c.final.Attempt != 1 {
		t.Errorf("final = response %v, attempt %d; want the completed response, attempt 1", r, c.final.Attempt)
	}
	if len(c.partials) < 5 {
		t.Errorf("%d partial values, want the value to fill up in steps: %q", len(c.partials), c.partials)
	}
	for i := 1; i < len(c.partials); i++ {
		if c.partials[i] == c.partials[i-1] {
			t.Errorf("partial %d = %s, the same as the one before", i, c.partials[i])
		}
	}
	sent, err := srv.Requests()[0].Request()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sent.Text.Format.(*responses.FormatJSONSchema); !ok || !srv.Requests()[0].Streamed() {
		t.Errorf("request sent: format %T, stream %v; want a json_schema format, streamed", sent.Text.Format, srv.Requests()[0].Streamed())
	}
	if req.Text.Format != nil {
		t.Error("StreamParse modified the request")
	}
}

// events returns a stream of the events, as Service.Stream yields them.
func events(evs ...responses.Event) iter.Seq2[responses.Event, error] {
	return func(yield func(responses.Event, error) bool) {
		for _, ev := range evs {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// textStream returns the events of a response whose output is one message
// written in the deltas, ending with end (nil for a completed event).
func textStream(deltas []string, end responses.Event) []responses.Event {
	text := strings.Join(deltas, "")
	resp := &responses.Response{
		ID:     "resp_1",
		Status: responses.StatusCompleted,
		Output: []responses.Item{&responses.Message{ID: "msg_1", Role: responses.RoleAssistant, Content: responses.Content{&responses.OutputText{Text: text}}}},
		Usage:  &responses.Usage{InputTokens: 10, OutputTokens: 20, TotalTokens: 30},
	}
	evs := []responses.Event{
		&responses.CreatedEvent{Response: &responses.Response{ID: "resp_1", Status: responses.StatusInProgress}},
		&responses.OutputItemAddedEvent{Item: &responses.Message{ID: "msg_1", Role: responses.RoleAssistant}},
	}
	for _, d := range deltas {
		evs = append(evs, &responses.OutputTextDeltaEvent{ItemID: "msg_1", Delta: d})
	}
	evs = append(evs, &responses.OutputTextDoneEvent{ItemID: "msg_1", Text: text})
	if end == nil {
		end = &responses.CompletedEvent{Response: resp}
	}
	return append(evs, end)
}

// streamOf returns a stream function that answers its nth call with the
// nth event list, and records the requests.
func streamOf(reqs *[]*responses.Request, answers ...[]responses.Event) func(context.Context, *responses.Request) iter.Seq2[responses.Event, error] {
	return func(_ context.Context, req *responses.Request) iter.Seq2[responses.Event, error] {
		n := len(*reqs)
		*reqs = append(*reqs, req)
		return events(answers[n]...)
	}
}

// A value is yielded when, and only when, it changed; enum strings and
// numbers show only once complete.
func TestStreamParsePartials(t *testing.T) {
	t.Parallel()
	deltas := []string{
		`{"number":"A-`,
		`17",`,
		`  `,                   // nothing new
		`"status":"pa`,         // an enum prefix: not shown
		`id",`,                 // the whole enum value
		`"lines":[`,            // an empty list
		`{"product":"Pen","qt`, // an element
		`y":2`,                 // a number not known to be complete
		`}],"total":7`,         // now it is
		`.5`,                   // nothing new
		`,"note":null`,         // null: as it was
		`}`,                    // the end
	}
	const head = `{"number":"A-17","status":"paid","lines":`
	want := []string{
		`{"number":"A-","status":"","lines":null,"total":0,"note":null}`,
		`{"number":"A-17","status":"","lines":null,"total":0,"note":null}`,
		`{"number":"A-17","status":"paid","lines":null,"total":0,"note":null}`,
		head + `[],"total":0,"note":null}`,
		head + `[{"product":"Pen","qty":0}],"total":0,"note":null}`,
		head + `[{"product":"Pen","qty":2}],"total":0,"note":null}`,
		head + `[{"product":"Pen","qty":2}],"total":7.5,"note":null}`,
	}
	var reqs []*responses.Request
	c := collectParsed(t, responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, textStream(deltas, nil)), &responses.Request{Model: "m"}))
	if c.err != nil {
		t.Fatal(c.err)
	}
	if diff := cmp.Diff(want, c.partials); diff != "" {
		t.Errorf("partial values (-want +got):\n%s", diff)
	}
	wantFinal := invoice{Number: "A-17", Status: "paid", Lines: []line{{"Pen", 2}}, Total: 7.5}
	if c.final == nil || !cmp.Equal(*c.final.Value, wantFinal) || c.final.Response.ID != "resp_1" {
		t.Errorf("final = %+v, want %+v with the response", c.final, wantFinal)
	}
}

func TestStreamParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reply    responsestest.Reply
		response bool // whether the error is a *ParseError with the response
		check    func(t *testing.T, err error)
	}{
		{"refusal", responsestest.Refusal("I can't help with that."), true, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*responses.RefusalError](err); !ok || e.Refusal != "I can't help with that." {
				t.Errorf("error = %v, want a *RefusalError", err)
			}
		}},
		{"incomplete max_output_tokens", responsestest.Incomplete("max_output_tokens", `{"number":"A-1`), true, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*responses.IncompleteError](err); !ok || e.Reason != "max_output_tokens" || e.Text != `{"number":"A-1` {
				t.Errorf("error = %v, want an *IncompleteError with the partial text", err)
			}
		}},
		{"incomplete content_filter", responsestest.Incomplete("content_filter", `{"number":"A-1`), true, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*responses.IncompleteError](err); !ok || e.Reason != "content_filter" {
				t.Errorf("error = %v, want an *IncompleteError for content_filter", err)
			}
		}},
		{"failed response", responsestest.Failed("server_error", "The model crashed."), true, func(t *testing.T, err error) {
			e, ok := errors.AsType[*responses.ResponseError](err)
			if _, isStream := errors.AsType[*responses.StreamError](err); !ok || !isStream || e.Code != "server_error" {
				t.Errorf("error = %v, want a *StreamError with the *ResponseError", err)
			}
		}},
		{"error event", responsestest.StreamFailure("server_error", "Something broke."), false, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*responses.StreamError](err); !ok || e.Event == nil {
				t.Errorf("error = %v, want a *StreamError with the error event", err)
			}
		}},
		{"connection dropped", responsestest.Text(invoiceText).WithDropAfterEvents(8), false, func(t *testing.T, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("error = %v, want one matching io.ErrUnexpectedEOF", err)
			}
		}},
		{"no text", responsestest.FunctionCalls(responsestest.Call{Name: "f", Arguments: "{}"}), true, func(t *testing.T, err error) {
			if !errors.Is(err, responses.ErrNoText) {
				t.Errorf("error = %v, want ErrNoText", err)
			}
		}},
		{"invalid JSON", responsestest.Text("Sure, here it is."), true, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*schema.DecodeError](err); !ok || e.Path != "$" {
				t.Errorf("error = %v, want a *schema.DecodeError at $", err)
			}
		}},
		{"schema mismatch", responsestest.Text(wrongType), true, func(t *testing.T, err error) {
			if e, ok := errors.AsType[*schema.DecodeError](err); !ok || e.Path != "$.total" {
				t.Errorf("error = %v, want a *schema.DecodeError at $.total", err)
			}
		}},
		{"Validate error", responsestest.Text(badQty), true, func(t *testing.T, err error) {
			if _, ok := errors.AsType[*schema.ValidationError](err); !ok {
				t.Errorf("error = %v, want a *schema.ValidationError", err)
			}
		}},
		{"truncated JSON", responsestest.Text(invoiceText[:40]), true, func(t *testing.T, err error) {
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
			c := collectParsed(t, responses.StreamParse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")}))
			if c.err == nil || c.final != nil {
				t.Fatalf("StreamParse() ended with %+v, %v; want an error", c.final, c.err)
			}
			pe, ok := errors.AsType[*responses.ParseError](c.err)
			if ok != tt.response {
				t.Errorf("StreamParse() error = %T %v; *ParseError %v, want %v", c.err, c.err, ok, tt.response)
			}
			if ok && (pe.Response == nil || len(pe.Attempts) != 1 || pe.Response.ID == "") {
				t.Errorf("ParseError = %+v, want the response", pe)
			}
			tt.check(t, c.err)
		})
	}
}

// A text that cannot decode stops the partial values; the error comes at the
// end of the response, with it.
func TestStreamParseStopsAtDecodeError(t *testing.T) {
	t.Parallel()
	deltas := []string{`{"number":"A-17",`, `"status":"paid",`, `"lines":"many",`, `"total":1,"note":null}`}
	var reqs []*responses.Request
	c := collectParsed(t, responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, textStream(deltas, nil)), &responses.Request{Model: "m"}))
	if len(c.partials) != 2 {
		t.Errorf("partials = %q, want the two before the bad value", c.partials)
	}
	pe, ok := errors.AsType[*responses.ParseError](c.err)
	if de, isDecode := errors.AsType[*schema.DecodeError](c.err); !ok || !isDecode || de.Path != "$.lines" || pe.Response.ID != "resp_1" {
		t.Errorf("error = %v, want a *ParseError with a *schema.DecodeError at $.lines and the response", c.err)
	}
}

func TestStreamParseEndedEarly(t *testing.T) {
	t.Parallel()
	evs := textStream([]string{`{"number":`}, nil)
	evs = evs[:len(evs)-1] // no completed event, and no error: a bad source
	var reqs []*responses.Request
	c := collectParsed(t, responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, evs), &responses.Request{Model: "m"}))
	if !errors.Is(c.err, io.ErrUnexpectedEOF) {
		t.Errorf("error = %v, want one matching io.ErrUnexpectedEOF", c.err)
	}
}

// The value followed is the message being written; commentary is skipped.
func TestStreamParseMessages(t *testing.T) {
	t.Parallel()
	final := &responses.Response{ID: "resp_1", Status: responses.StatusCompleted, Output: []responses.Item{
		&responses.Message{Role: responses.RoleAssistant, Phase: "commentary", Content: responses.Content{&responses.OutputText{Text: `{"number":"X"`}}},
		&responses.Message{Role: responses.RoleAssistant, Content: responses.Content{&responses.OutputText{Text: `{"number":"old","status":"draft","lines":[],"total":0,"note":null}`}}},
		&responses.Message{Role: responses.RoleAssistant, Content: responses.Content{&responses.OutputText{Text: invoiceText[:30]}, &responses.OutputText{Text: invoiceText[30:]}}},
	}}
	evs := []responses.Event{
		&responses.OutputItemAddedEvent{OutputIndex: 0, Item: &responses.Message{Role: responses.RoleAssistant, Phase: "commentary"}},
		&responses.OutputTextDeltaEvent{OutputIndex: 0, Delta: `{"number":"X"`},
		&responses.OutputItemAddedEvent{OutputIndex: 1, Item: &responses.Message{Role: responses.RoleAssistant}},
		&responses.OutputTextDeltaEvent{OutputIndex: 1, Delta: `{"number":"old","status":"draft","lines":[],"total":0,"note":null}`},
		&responses.OutputItemAddedEvent{OutputIndex: 2, Item: &responses.Message{Role: responses.RoleAssistant}},
		&responses.OutputTextDeltaEvent{OutputIndex: 2, ContentIndex: 0, Delta: invoiceText[:30]},
		&responses.OutputTextDeltaEvent{OutputIndex: 2, ContentIndex: 1, Delta: invoiceText[30:]},
		&responses.CompletedEvent{Response: final},
	}
	var reqs []*responses.Request
	c := collectParsed(t, responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, evs), &responses.Request{Model: "m"}))
	if c.err != nil {
		t.Fatal(c.err)
	}
	for _, p := range c.partials {
		if strings.Contains(p, `"X"`) {
			t.Errorf("partial %s comes from the commentary", p)
		}
	}
	if len(c.partials) != 3 || !strings.Contains(c.partials[0], `"old"`) || !strings.Contains(c.partials[2], `"total":7.5`) {
		t.Errorf("partials = %q, want the second message, then the third from its start", c.partials)
	}
	if !cmp.Equal(*c.final.Value, wantInvoice) {
		t.Errorf("final = %+v, want %+v", *c.final.Value, wantInvoice)
	}
}

func TestStreamParseReask(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(badQty), responsestest.Text(invoiceText))
	var (
		usage    responses.Usage
		attempts []*responses.Response
	)
	c := collectParsed(t, responses.StreamParse[invoice](t.Context(), rs, &responses.Request{Model: "m", Input: responses.Text("x")},
		responses.WithMaxAttempts(2), responses.WithUsage(&usage), responses.WithAttempts(&attempts)))
	if c.err != nil {
		t.Fatal(c.err)
	}
	if c.final.Attempt != 2 || !cmp.Equal(*c.final.Value, wantInvoice) {
		t.Errorf("final = attempt %d, %+v; want attempt 2, %+v", c.final.Attempt, *c.final.Value, wantInvoice)
	}
	first := 0
	for i, a := range c.attempts {
		if a == 1 {
			first = i + 1
		}
		if i > 0 && a < c.attempts[i-1] {
			t.Fatalf("attempts of the partials = %v, want them in order", c.attempts)
		}
	}
	if first == 0 || first == len(c.attempts) {
		t.Fatalf("attempts of the partials = %v, want partials of both attempts", c.attempts)
	}
	// The second attempt starts again from nothing.
	if p := c.partials[first]; strings.Contains(p, "Pen") {
		t.Errorf("first partial of attempt 2 = %s, want a value that starts again", p)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	second, _ := reqs[1].Request()
	if second.PreviousResponseID == "" || !reqs[1].Streamed() || len(second.Input) != 1 {
		t.Errorf("second request: previous_response_id %q, stream %v, %d input items", second.PreviousResponseID, reqs[1].Streamed(), len(second.Input))
	}
	checkReaskMessage(t, second.Input[0], "$.lines[0]", "qty must be at least 1")
	if len(attempts) != 2 || attempts[1] != c.final.Response || attempts[0].OutputText() != badQty {
		t.Fatalf("attempts = %v, want the bad response and the final one", attempts)
	}
	if sum := attempts[0].Usage.TotalTokens + attempts[1].Usage.TotalTokens; usage.TotalTokens != sum || attempts[0].Usage.TotalTokens == 0 {
		t.Errorf("usage = %+v, want the sum of both attempts, %d tokens", usage, sum)
	}
}

func TestStreamParseBreak(t *testing.T) {
	t.Parallel()
	var reqs []*responses.Request
	n := 0
	for _, err := range responses.StreamParseWith[invoice](t.Context(), streamOf(&reqs, textStream([]string{invoiceText[:20], invoiceText[20:]}, nil)), &responses.Request{Model: "m"}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		break
	}
	if n != 1 || len(reqs) != 1 {
		t.Errorf("%d values, %d requests after a break; want 1, 1", n, len(reqs))
	}
}

func TestStreamParseBadArguments(t *testing.T) {
	t.Parallel()
	rs, _ := newService(t)
	for name, seq := range map[string]iter.Seq2[responses.Parsed[invoice], error]{
		"nil request": responses.StreamParse[invoice](t.Context(), rs, nil),
		"nil service": responses.StreamParse[invoice](t.Context(), nil, &responses.Request{Model: "m"}),
	} {
		if c := collectParsed(t, seq); c.err == nil {
			t.Errorf("%s: error = nil", name)
		}
	}
	if c := collectParsed(t, responses.StreamParse[map[string]int](t.Context(), rs, &responses.Request{Model: "m"})); c.err == nil {
		t.Error("StreamParse[map[string]int]() error = nil, want a schema error")
	}
}
