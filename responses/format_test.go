package responses_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/respkit/respkit/responses"
)

// TestFormatHidesBookkeeping pins what fmt prints for API structs: every
// exported field, and none of what a decoded value remembers about its JSON.
func TestFormatHidesBookkeeping(t *testing.T) {
	var resp responses.Response
	if err := json.Unmarshal([]byte(`{"id":"resp_1","status":"completed","x_new":1,"output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hi","annotations":null}]}]}`), &resp); err != nil {
		t.Fatal(err)
	}
	req := &responses.Request{Model: "m", Reasoning: &responses.Reasoning{Effort: responses.EffortLow}}
	msg := &responses.Message{Role: responses.RoleUser, Content: responses.PlainText("hi")}
	tests := []struct {
		format string
		v      any
		want   string
	}{
		{"%v", msg, `{  user [{hi <nil>}]  }`},
		{"%+v", msg, `{Type: ID: Role:user Content:[{Text:hi CacheBreakpoint:<nil>}] Status: Phase:}`},
		{"%+v", *msg, `{Type: ID: Role:user Content:[{Text:hi CacheBreakpoint:<nil>}] Status: Phase:}`},
		{"%#v", msg, `responses.Message{Type:"", ID:"", Role:"user", Content:responses.Content{responses.InputText{Text:"hi", CacheBreakpoint:(*responses.CacheBreakpoint)(nil)}}, Status:"", Phase:""}`},
		{"%+v", req.Reasoning, `{Effort:low Mode: Context: Summary: GenerateSummary:}`},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf(tt.format, tt.v); got != tt.want {
			t.Errorf("Sprintf(%q, %T) =\n%s\nwant\n%s", tt.format, tt.v, got, tt.want)
		}
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{&resp, resp, req, *req, resp.Output[0]} {
			out := fmt.Sprintf(format, v)
			for _, bad := range []string{"meta", "present", "extra", "x_new"} {
				if strings.Contains(out, bad) {
					t.Errorf("Sprintf(%q, %T) shows %q: %s", format, v, bad, out)
				}
			}
		}
	}
	if out := fmt.Sprintf("%+v", &resp); !strings.Contains(out, "ID:resp_1") || !strings.Contains(out, "Status:completed") ||
		!strings.Contains(out, "Output:[{Type:message ID: Role:assistant Content:[{Text:hi") || !strings.Contains(out, "Text:{Format:<nil> Verbosity:}") {
		t.Errorf("%%+v of a response = %s, want its fields and its output's", out)
	}
}
