package sdkcheck

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestLifecycle(t *testing.T) {
	srv, c := newServer(t)
	srv.Enqueue(responsestest.Text("Stored."))
	created, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
		Model: model,
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Keep this.")},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("get", func(t *testing.T) {
		got, err := c.Responses.Get(t.Context(), created.ID, responses.ResponseGetParams{})
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != created.ID || got.OutputText() != "Stored." || got.Status != responses.ResponseStatusCompleted {
			t.Errorf("Get: id %q, status %q, text %q", got.ID, got.Status, got.OutputText())
		}
		checkUsage(t, got.Usage)
	})

	t.Run("delete then get is 404", func(t *testing.T) {
		if err := c.Responses.Delete(t.Context(), created.ID); err != nil {
			t.Fatal(err)
		}
		_, err := c.Responses.Get(t.Context(), created.ID, responses.ResponseGetParams{})
		e := apiError(t, err, http.StatusNotFound)
		if want := fmt.Sprintf("Response with id '%s' not found.", created.ID); e.Message != want {
			t.Errorf("Message = %q, want %q", e.Message, want)
		}
	})

	t.Run("cancel a background response", func(t *testing.T) {
		bg, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
			Model:      model,
			Background: openai.Bool(true),
			Store:      openai.Bool(true),
			Input:      responses.ResponseNewParamsInputUnion{OfString: openai.String("Take your time.")},
		})
		if err != nil {
			t.Fatal(err)
		}
		if bg.Status != responses.ResponseStatusQueued && bg.Status != responses.ResponseStatusInProgress {
			t.Errorf("a new background response is %q, want queued or in_progress", bg.Status)
		}
		if !bg.Background {
			t.Errorf("Background = false")
		}
		cancelled, err := c.Responses.Cancel(t.Context(), bg.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cancelled.ID != bg.ID || cancelled.Status != responses.ResponseStatusCancelled {
			t.Errorf("Cancel: id %q, status %q, want cancelled", cancelled.ID, cancelled.Status)
		}
		got, err := c.Responses.Get(t.Context(), bg.ID, responses.ResponseGetParams{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != responses.ResponseStatusCancelled {
			t.Errorf("Get after Cancel: status %q, want cancelled", got.Status)
		}
	})
}

func TestInputItems(t *testing.T) {
	srv, c := newServer(t)
	srv.Enqueue(responsestest.Text("Five read."))
	var input responses.ResponseInputParam
	const n = 5
	for i := range n {
		input = append(input, responses.ResponseInputItemParamOfMessage(fmt.Sprintf("message %d", i), responses.EasyInputMessageRoleUser))
	}
	resp, err := c.Responses.New(t.Context(), responses.ResponseNewParams{
		Model: model,
		Input: responses.ResponseNewParamsInputUnion{OfInputItemList: input},
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, order := range []responses.InputItemListParamsOrder{responses.InputItemListParamsOrderAsc, responses.InputItemListParamsOrderDesc} {
		t.Run("auto-paging "+string(order), func(t *testing.T) {
			pager := c.Responses.InputItems.ListAutoPaging(t.Context(), resp.ID, responses.InputItemListParams{
				Limit: openai.Int(2),
				Order: order,
			})
			var texts []string
			seen := map[string]bool{}
			for pager.Next() {
				it := pager.Current()
				if it.ID == "" || seen[it.ID] {
					t.Errorf("item %d has id %q (empty or seen before)", len(texts), it.ID)
				}
				seen[it.ID] = true
				msg := it.AsMessage()
				if it.Type != "message" || len(msg.Content) != 1 {
					t.Fatalf("item %d is not a message with a list of one content part, as the API lists one: %s", len(texts), it.RawJSON())
				}
				texts = append(texts, msg.Content[0].Text)
				if len(texts) > 2*n {
					t.Fatal("the pager does not end (has_more never false?)")
				}
			}
			if err := pager.Err(); err != nil {
				t.Fatal(err)
			}
			if len(texts) != n {
				t.Fatalf("listed %d items %q, want %d", len(texts), texts, n)
			}
			for i, text := range texts {
				j := i
				if order == responses.InputItemListParamsOrderDesc {
					j = n - 1 - i
				}
				if want := fmt.Sprintf("message %d", j); text != want {
					t.Errorf("item %d = %q, want %q", i, text, want)
				}
			}
		})
	}

	t.Run("page", func(t *testing.T) {
		page, err := c.Responses.InputItems.List(t.Context(), resp.ID, responses.InputItemListParams{Limit: openai.Int(2)})
		if err != nil {
			t.Fatal(err)
		}
		m := jsonObject(t, page.RawJSON())
		for _, k := range []string{"object", "data", "first_id", "last_id", "has_more"} {
			if _, ok := m[k]; !ok {
				t.Errorf("the page has no %q: %s", k, page.RawJSON())
			}
		}
		if !page.HasMore || len(page.Data) != 2 {
			t.Errorf("first page: has_more %v, %d items; want true, 2", page.HasMore, len(page.Data))
		}
	})
}

func TestCompactAndCount(t *testing.T) {
	_, c := newServer(t)
	input := []responses.ResponseInputItemUnionParam{
		responses.ResponseInputItemParamOfMessage("Remember that the sky is blue.", responses.EasyInputMessageRoleUser),
		responses.ResponseInputItemParamOfMessage("I will remember.", responses.EasyInputMessageRoleAssistant),
	}

	t.Run("compact", func(t *testing.T) {
		resp, err := c.Responses.Compact(t.Context(), responses.ResponseCompactParams{
			Model: model,
			Input: responses.ResponseCompactParamsInputUnion{OfResponseInputItemArray: input},
		})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Object != "response.compaction" || resp.ID == "" {
			t.Errorf("object %q, id %q", resp.Object, resp.ID)
		}
		var compacted bool
		for _, it := range resp.Output {
			if it.Type == "compaction" && it.EncryptedContent != "" {
				compacted = true
			}
		}
		if !compacted {
			t.Errorf("no compaction item with encrypted_content in %s", resp.RawJSON())
		}
		if resp.Usage.InputTokens <= 0 {
			t.Errorf("usage = %s", resp.Usage.RawJSON())
		}
	})

	t.Run("input tokens", func(t *testing.T) {
		resp, err := c.Responses.InputTokens.Count(t.Context(), responses.InputTokenCountParams{
			Model: openai.String(model),
			Input: responses.InputTokenCountParamsInputUnion{OfResponseInputItemArray: input},
		})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Object != "response.input_tokens" || resp.InputTokens <= 0 {
			t.Errorf("count = %s", resp.RawJSON())
		}
	})
}
