package responses

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respkit/respkit/internal/wire"
)

// toolKinds lists the tool and tool choice kinds that the Tool and
// ToolChoice unions do not know yet; their Go types are written apart from
// the items. Every other unknown kind or member is a failure.
var toolKinds = map[string]bool{
	"unknown apply_patch":               true,
	"unknown code_interpreter":          true,
	"unknown computer":                  true,
	"unknown computer_use_preview":      true,
	"unknown custom":                    true,
	"unknown file_search":               true,
	"unknown image_generation":          true,
	"unknown local_shell":               true,
	"unknown mcp":                       true,
	"unknown namespace":                 true,
	"unknown programmatic_tool_calling": true,
	"unknown shell":                     true,
	"unknown tool_search":               true,
	"unknown web_search":                true,
	"unknown web_search_preview":        true,
	"unknown allowed_tools":             true,
}

// checkBody decodes data into v, checks that encoding v gives back the same
// JSON and that nothing was left without a Go field or type, except tool
// kinds and the members listed in allowedUnmodeled.
func checkBody(t *testing.T, data []byte, v any) {
	t.Helper()
	roundTrip(t, data, v)
	for _, u := range unmodeled(v) {
		if !toolKinds[u] && !allowedUnmodeled[u] {
			t.Errorf("decoded without a Go field or type: %s", u)
		}
	}
}

// decodeBody decodes testdata/bodies/name into v, checks the round trip and
// that nothing was left without a Go field or type.
func decodeBody(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "bodies", name))
	if err != nil {
		t.Fatal(err)
	}
	checkBody(t, data, v)
}

func TestDecodeBody(t *testing.T) {
	tests := []struct {
		file  string
		new   func() any
		check func(t *testing.T, v any)
	}{
		{"response.json", func() any { return new(Response) }, func(t *testing.T, v any) {
			r := v.(*Response)
			in := as[*ModerationResult](t, r.Moderation.Input)
			if in.Flagged || !in.Categories["violence"] || in.CategoryScores["violence"] != 0.91 || len(in.CategoryAppliedInputTypes["violence"]) != 2 {
				t.Errorf("Moderation.Input = %+v", in)
			}
			if e := as[*ModerationFailure](t, r.Moderation.Output); e.Code != "moderation_unavailable" {
				t.Errorf("Moderation.Output = %+v", e)
			}
			if g := r.ToolUsage.ImageGen; g.OutputTokensDetails.ImageTokens != 8 || g.CachedTokensDetails == nil || r.ToolUsage.WebSearch.NumRequests != 0 {
				t.Errorf("ToolUsage = %+v", r.ToolUsage)
			}
			if d := r.PromptCacheDiagnostics; d.Type != CacheMiss || d.Reason != "tools_changed" || d.CacheMissedTokens != 1200 {
				t.Errorf("PromptCacheDiagnostics = %+v", d)
			}
			if d := r.Usage.InputTokensDetails; d.CacheWriteTokens != 1200 || d.CacheWriteTokensDetails.TTL12hTokens != 1200 {
				t.Errorf("InputTokensDetails = %+v", d)
			}
			if m := r.Error.Misalignment; m == nil || m.Steer.Message != "Ask first." {
				t.Errorf("Error.Misalignment = %+v", m)
			}
			if r.Image.ContextCompression != "enabled" || r.AccessPrograms != nil || wire.Present(r, "access_programs") {
				t.Errorf("Image = %+v, AccessPrograms = %+v", r.Image, r.AccessPrograms)
			}
		}},
		{"compacted.json", func() any { return new(CompactedResponse) }, func(t *testing.T, v any) {
			c := v.(*CompactedResponse)
			if len(c.Output) != 2 || c.Object != "response.compaction" || c.Image.ContextCompression != "disabled" || c.Usage == nil {
				t.Errorf("got %+v", c)
			}
			as[*Compaction](t, c.Output[1])
		}},
		{"token_count.json", func() any { return new(TokenCount) }, func(t *testing.T, v any) {
			if c := v.(*TokenCount); c.InputTokens != 0 || !wire.Present(c, "input_tokens") {
				t.Errorf("got %+v", c)
			}
		}},
		{"item_page.json", func() any { return new(ItemPage) }, func(t *testing.T, v any) {
			p := v.(*ItemPage)
			if len(p.Data) != 2 || p.LastID != "fc_1" || p.HasMore {
				t.Errorf("got %+v", p)
			}
			as[*FunctionCall](t, p.Data[1])
		}},
		{"compact_request.json", func() any { return new(CompactRequest) }, func(t *testing.T, v any) {
			r := v.(*CompactRequest)
			if len(r.Input) != 2 || r.PromptCacheOptions.Mode != "implicit" || r.ServiceTier != "flex" {
				t.Errorf("got %+v", r)
			}
			as[*ItemReference](t, r.Input[1])
		}},
		{"count_tokens_request.json", func() any { return new(CountTokensRequest) }, func(t *testing.T, v any) {
			r := v.(*CountTokensRequest)
			if r.Conversation.ID != "conv_1" || *r.ParallelToolCalls || r.ToolChoice != ToolChoiceNone || r.Input[0].(*Message).Text() != "Count me" {
				t.Errorf("got %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			v := tt.new()
			decodeBody(t, tt.file, v)
			tt.check(t, v)
		})
	}
}

func TestUsageAdd(t *testing.T) {
	var u Usage
	u.Add(&Usage{InputTokens: 10, InputTokensDetails: InputTokensDetails{CachedTokens: 1, CacheWriteTokens: 4}, TotalTokens: 10})
	u.Add(&Usage{InputTokens: 5, InputTokensDetails: InputTokensDetails{CacheWriteTokens: 2,
		CacheWriteTokensDetails: &CacheWriteTokensDetails{TTL12hTokens: 2}}, OutputTokens: 1, TotalTokens: 6})
	u.Add(nil)
	want := Usage{InputTokens: 15, InputTokensDetails: InputTokensDetails{CachedTokens: 1, CacheWriteTokens: 6,
		CacheWriteTokensDetails: &CacheWriteTokensDetails{TTL12hTokens: 2}}, OutputTokens: 1, TotalTokens: 16}
	if diff := cmp.Diff(want, u, cmpopts.IgnoreUnexported(Usage{}, InputTokensDetails{}, OutputTokensDetails{}, CacheWriteTokensDetails{})); diff != "" {
		t.Errorf("Usage.Add (-want +got):\n%s", diff)
	}
}
