package sdkcheck

import (
	"encoding/json"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestCreate(t *testing.T) {
	t.Run("text input", func(t *testing.T) {
		srv, c := newServer(t)
		srv.Enqueue(responsestest.Text("Hello back."))
		resp, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
			Model: model,
			Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Hello")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.OutputText(); got != "Hello back." {
			t.Errorf("OutputText() = %q, want %q", got, "Hello back.")
		}
		if resp.Status != responses.ResponseStatusCompleted {
			t.Errorf("Status = %q, want completed", resp.Status)
		}
		if resp.Object != "response" || resp.ID == "" || resp.Model != model {
			t.Errorf("object %q, id %q, model %q", resp.Object, resp.ID, resp.Model)
		}
		checkUsage(t, resp.Usage)
	})

	t.Run("message array, instructions, metadata", func(t *testing.T) {
		srv, c := newServer(t)
		srv.Enqueue(responsestest.Text("Paris."))
		resp, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
			Model:        model,
			Instructions: openai.String("Answer in one word."),
			Metadata:     shared.Metadata{"run": "sdkcheck", "case": "messages"},
			Input: responses.ResponseNewParamsInputUnion{OfInputItemList: responses.ResponseInputParam{
				responses.ResponseInputItemParamOfMessage("You are terse.", responses.EasyInputMessageRoleDeveloper),
				responses.ResponseInputItemParamOfMessage("What is the capital of France?", responses.EasyInputMessageRoleUser),
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.OutputText(); got != "Paris." {
			t.Errorf("OutputText() = %q", got)
		}
		if resp.Instructions.OfString != "Answer in one word." {
			t.Errorf("Instructions = %s, want the request's", resp.Instructions.RawJSON())
		}
		if resp.Metadata["run"] != "sdkcheck" || resp.Metadata["case"] != "messages" || len(resp.Metadata) != 2 {
			t.Errorf("Metadata = %v, want the request's", resp.Metadata)
		}
		req, err := srv.Requests()[0].Request()
		if err != nil {
			t.Fatal(err)
		}
		if len(req.Input) != 2 {
			t.Errorf("the fake saw %d input items, want 2", len(req.Input))
		}
		checkUsage(t, resp.Usage)
	})

	t.Run("default model", func(t *testing.T) {
		// The fake's own simulator answers when nothing is enqueued.
		_, c := newServer(t)
		resp, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
			Model: model,
			Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Say hello.")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if resp.OutputText() == "" {
			t.Errorf("OutputText() is empty; body %s", resp.RawJSON())
		}
		checkUsage(t, resp.Usage)
	})
}

// checkUsage checks that usage carries its details objects, as the API's
// always does, and that its totals add up.
func checkUsage(t *testing.T, u responses.ResponseUsage) {
	t.Helper()
	if !u.JSON.InputTokensDetails.Valid() || !u.InputTokensDetails.JSON.CachedTokens.Valid() {
		t.Errorf("usage.input_tokens_details.cached_tokens is missing: %s", u.RawJSON())
	}
	if !u.JSON.OutputTokensDetails.Valid() || !u.OutputTokensDetails.JSON.ReasoningTokens.Valid() {
		t.Errorf("usage.output_tokens_details.reasoning_tokens is missing: %s", u.RawJSON())
	}
	if u.InputTokens <= 0 || u.OutputTokens <= 0 || u.TotalTokens != u.InputTokens+u.OutputTokens {
		t.Errorf("usage = %s, want positive counts that add up", u.RawJSON())
	}
}

// jsonObject decodes a JSON object, or fails the test.
func jsonObject(t *testing.T, raw string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("not a JSON object: %v: %.200s", err, raw)
	}
	return m
}
