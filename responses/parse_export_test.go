package responses_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// TestParseSteps checks that ParseRequest, DecodeOutput and Reask do what
// Parse does, step by step: the same request, the same value or error, the
// same re-ask.
func TestParseSteps(t *testing.T) {
	t.Parallel()
	replies := []struct {
		name  string
		reply responsestest.Reply
	}{
		{"ok", responsestest.Text(invoiceText)},
		{"refusal", responsestest.Refusal("No.")},
		{"incomplete", responsestest.Incomplete("max_output_tokens", `{"number"`)},
		{"failed", responsestest.Failed("server_error", "crash")},
		{"undecodable", responsestest.Text(badQty)},
	}
	for _, tt := range replies {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(tt.reply, tt.reply)
			req := &responses.Request{Model: "m", Input: responses.Text("x")}
			want, resp, werr := responses.Parse[invoice](t.Context(), rs, req)

			r, err := responses.ParseRequest[invoice](req)
			if err != nil {
				t.Fatal(err)
			}
			if r == req || req.Text.Format != nil {
				t.Error("ParseRequest modified or returned the caller's request")
			}
			sent, _ := srv.Requests()[0].Request()
			if diff := cmp.Diff(formatOf(t, sent), formatOf(t, r)); diff != "" {
				t.Errorf("ParseRequest format differs from Parse's (-Parse +ParseRequest):\n%s", diff)
			}
			got, gerr := responses.DecodeOutput[invoice](resp)
			if !cmp.Equal(got, want) {
				t.Errorf("DecodeOutput() = %+v, Parse() = %+v", got, want)
			}
			pe, _ := errors.AsType[*responses.ParseError](werr)
			if (werr == nil) != (gerr == nil) || werr != nil && (pe == nil || fmt.Sprintf("%T %v", pe.Err, pe.Err) != fmt.Sprintf("%T %v", gerr, gerr)) {
				t.Errorf("DecodeOutput() error = %v, want Parse's %v", gerr, werr)
			}
			if de, ok := errors.AsType[*schema.DecodeError](gerr); ok {
				next, err := responses.Reask(r, resp, de)
				if err != nil {
					t.Fatal(err)
				}
				if next.PreviousResponseID != resp.ID || len(next.Input) != 1 {
					t.Fatalf("Reask() = previous %q, %d input items; want %q and the message", next.PreviousResponseID, len(next.Input), resp.ID)
				}
				checkReaskMessage(t, next.Input[0], "$.lines[0]", "qty must be at least 1")
			}
		})
	}
	if _, err := responses.DecodeOutput[invoice](nil); err == nil {
		t.Error("DecodeOutput(nil) did not fail")
	}
	if _, err := responses.Reask(nil, nil, nil); err == nil {
		t.Error("Reask(nil, nil, nil) did not fail")
	}
	if _, err := responses.ParseRequest[invoice](nil); err == nil {
		t.Error("ParseRequest(nil) did not fail")
	}
}
