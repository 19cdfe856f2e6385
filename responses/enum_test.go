package responses_test

import (
	"encoding/json"
	"testing"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/responses"
)

// TestEnumsUnknownValues checks that a value of an enum-like field that this
// version has no constant for decodes as it is and is written back
// unchanged.
func TestEnumsUnknownValues(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		v     any
		check func(t *testing.T, v any)
	}{
		{"request", `{"model":"m","reasoning":{"effort":"ultra","summary":"verbose","generate_summary":"terse","mode":"deep","context":"some_turns"},"service_tier":"hyper","truncation":"smart","text":{"verbosity":"chatty"},"prompt_cache_retention":"1w"}`,
			new(responses.Request), func(t *testing.T, v any) {
				r := v.(*responses.Request)
				if r.Reasoning.Effort != "ultra" || r.Reasoning.Summary != "verbose" || r.Reasoning.GenerateSummary != "terse" ||
					r.Reasoning.Mode != "deep" || r.Reasoning.Context != "some_turns" || r.PromptCacheRetention != "1w" {
					t.Errorf("Reasoning = %+v", *r.Reasoning)
				}
				if r.ServiceTier != "hyper" || r.Truncation != "smart" || r.Text.Verbosity != "chatty" {
					t.Errorf("ServiceTier %q, Truncation %q, Verbosity %q", r.ServiceTier, r.Truncation, r.Text.Verbosity)
				}
			}},
		{"response", `{"id":"resp_1","status":"pondering","service_tier":"hyper","truncation":"smart","output":[{"type":"message","role":"critic","phase":"aside","status":"drafting","content":[]}]}`,
			new(responses.Response), func(t *testing.T, v any) {
				r := v.(*responses.Response)
				if r.Status != "pondering" || r.ServiceTier != "hyper" || r.Truncation != "smart" {
					t.Errorf("Status %q, ServiceTier %q, Truncation %q", r.Status, r.ServiceTier, r.Truncation)
				}
				m := r.Output[0].(*responses.Message)
				if m.Role != "critic" || m.Phase != "aside" || m.Status != "drafting" {
					t.Errorf("Message Role %q, Phase %q, Status %q", m.Role, m.Phase, m.Status)
				}
			}},
		{"image and file detail", `[{"type":"input_image","detail":"ultra","image_url":"https://x/a.png"},{"type":"input_file","detail":"fine","file_id":"file_1"}]`,
			new(responses.Content), func(t *testing.T, v any) {
				c := *v.(*responses.Content)
				if d := c[0].(*responses.InputImage).Detail; d != "ultra" {
					t.Errorf("InputImage.Detail = %q", d)
				}
				if d := c[1].(*responses.InputFile).Detail; d != "fine" {
					t.Errorf("InputFile.Detail = %q", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tt.json), tt.v); err != nil {
				t.Fatal(err)
			}
			tt.check(t, tt.v)
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if d := jsontest.Diff([]byte(tt.json), got); d != "" {
				t.Errorf("re-encoded JSON differs:\n%s", d)
			}
		})
	}
}

// TestEnumsKnownValues checks that the constants are the API's strings.
func TestEnumsKnownValues(t *testing.T) {
	r := &responses.Request{
		Reasoning: &responses.Reasoning{Effort: responses.EffortXHigh, Summary: responses.SummaryConcise,
			Mode: responses.ReasoningPro, Context: responses.ReasoningContextAllTurns},
		ServiceTier:          responses.ServiceTierFlex,
		PromptCacheRetention: responses.CacheRetention24h,
		Truncation:           responses.TruncationAuto,
		Text:                 responses.TextConfig{Verbosity: responses.VerbosityLow},
		Input: responses.Items(&responses.Message{Role: responses.RoleDeveloper, Content: responses.Content{
			&responses.InputImage{Detail: responses.DetailOriginal, ImageURL: "https://x/a.png"},
		}}),
	}
	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"input":[{"role":"developer","content":[{"type":"input_image","detail":"original","image_url":"https://x/a.png"}]}],"text":{"verbosity":"low"},"reasoning":{"effort":"xhigh","mode":"pro","context":"all_turns","summary":"concise"},"truncation":"auto","service_tier":"flex","prompt_cache_retention":"24h"}`
	if d := jsontest.Diff([]byte(want), got); d != "" {
		t.Errorf("json.Marshal = %s\n%s", got, d)
	}
}
