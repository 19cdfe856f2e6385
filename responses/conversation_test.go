package responses_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// conversationService returns a service of a fake whose model answers with
// the texts of the input messages it sees, joined by "|".
func conversationService(t *testing.T) (*responses.Service, *responsestest.Server) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		return responsestest.Text(joinTexts(req.Input))
	})
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return responses.New(c), srv
}

func joinTexts(items []responses.Item) string {
	var s string
	for _, it := range items {
		if m, ok := it.(*responses.Message); ok {
			if s != "" {
				s += "|"
			}
			s += m.Content.Text()
		}
	}
	return s
}

func texts(t *testing.T, seq func(func(responses.Item, error) bool)) []string {
	t.Helper()
	var out []string
	for it, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, joinTexts([]responses.Item{it}))
	}
	return out
}

func TestConversationCRUD(t *testing.T) {
	rs, _ := conversationService(t)
	ctx := t.Context()
	cs := rs.Conversations()

	conv, err := cs.Create(ctx, &responses.ConversationRequest{
		Items:    []responses.Item{responses.UserMessage("hello")},
		Metadata: map[string]string{"topic": "demo"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if conv.ID == "" || conv.Object != "conversation" || conv.CreatedAt == 0 || conv.Metadata["topic"] != "demo" {
		t.Fatalf("Create = %+v", conv)
	}
	got, err := cs.Get(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != conv.ID || got.Metadata["topic"] != "demo" {
		t.Errorf("Get = %+v", got)
	}
	up, err := cs.Update(ctx, conv.ID, map[string]string{"topic": "other", "owner": "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"topic": "other", "owner": "ana"}, up.Metadata); diff != "" {
		t.Errorf("Update metadata (-want +got):\n%s", diff)
	}
	if got := texts(t, cs.ListItems(ctx, conv.ID, nil)); !cmp.Equal(got, []string{"hello"}) {
		t.Errorf("items = %q", got)
	}
	if err := cs.Delete(ctx, conv.ID); err != nil {
		t.Fatal(err)
	}
	_, err = cs.Get(ctx, conv.ID)
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !ok || apiErr.StatusCode != http.StatusNotFound || apiErr.Message != fmt.Sprintf("Conversation with id '%s' not found.", conv.ID) {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := cs.Delete(ctx, conv.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Delete twice: %v", err)
	}
}

func TestConversationEmpty(t *testing.T) {
	rs, _ := conversationService(t)
	conv, err := rs.Conversations().Create(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Metadata == nil || len(conv.Metadata) != 0 {
		t.Errorf("metadata = %#v, want an empty map", conv.Metadata)
	}
	for it, err := range rs.Conversations().ListItems(t.Context(), conv.ID, nil) {
		t.Errorf("item %v, %v in an empty conversation", it, err)
	}
}

func TestConversationItems(t *testing.T) {
	rs, _ := conversationService(t)
	ctx := t.Context()
	cs := rs.Conversations()
	conv, err := cs.Create(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 5 {
		want = append(want, fmt.Sprint("m", i))
	}
	added, err := cs.AddItems(ctx, conv.ID, []responses.Item{
		responses.UserMessage(want[0]), responses.UserMessage(want[1]), responses.UserMessage(want[2]),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(added.Data) != 3 || added.FirstID == "" || added.LastID == "" || added.Object != "list" {
		t.Fatalf("AddItems = %+v", added)
	}
	if _, err := cs.AddItems(ctx, conv.ID, []responses.Item{responses.UserMessage(want[3]), responses.UserMessage(want[4])}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		opts *responses.ListOptions
		want []string
	}{
		{"default is newest first", nil, []string{"m4", "m3", "m2", "m1", "m0"}},
		{"asc in pages of 2", &responses.ListOptions{Order: "asc", PageSize: 2}, want},
		{"desc in pages of 1", &responses.ListOptions{Order: "desc", PageSize: 1}, []string{"m4", "m3", "m2", "m1", "m0"}},
		{"after", &responses.ListOptions{Order: "asc", After: added.LastID}, []string{"m3", "m4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(t, cs.ListItems(ctx, conv.ID, tt.opts)); !cmp.Equal(got, tt.want) {
				t.Errorf("items = %q, want %q", got, tt.want)
			}
		})
	}

	it, err := cs.GetItem(ctx, conv.ID, added.FirstID)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := it.(*responses.Message); !ok || m.Content.Text() != "m0" || m.ID != added.FirstID {
		t.Errorf("GetItem = %#v", it)
	}
	c, err := cs.DeleteItem(ctx, conv.ID, added.FirstID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != conv.ID {
		t.Errorf("DeleteItem returned conversation %q", c.ID)
	}
	if got := texts(t, cs.ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"})); !cmp.Equal(got, want[1:]) {
		t.Errorf("after DeleteItem: %q", got)
	}
	if _, err := cs.GetItem(ctx, conv.ID, added.FirstID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("GetItem of a deleted item: %v", err)
	}
	if _, err := cs.DeleteItem(ctx, conv.ID, added.FirstID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("DeleteItem twice: %v", err)
	}
}

func TestConversationUnknownID(t *testing.T) {
	rs, _ := conversationService(t)
	ctx := t.Context()
	cs := rs.Conversations()
	const id = "conv_missing"
	calls := map[string]func() error{
		"Get":        func() error { _, err := cs.Get(ctx, id); return err },
		"Update":     func() error { _, err := cs.Update(ctx, id, nil); return err },
		"Delete":     func() error { return cs.Delete(ctx, id) },
		"AddItems":   func() error { _, err := cs.AddItems(ctx, id, []responses.Item{responses.UserMessage("x")}); return err },
		"GetItem":    func() error { _, err := cs.GetItem(ctx, id, "msg_1"); return err },
		"DeleteItem": func() error { _, err := cs.DeleteItem(ctx, id, "msg_1"); return err },
		"ListItems": func() error {
			for _, err := range cs.ListItems(ctx, id, nil) {
				return err
			}
			return nil
		},
		"Create": func() error {
			_, err := rs.Create(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi"), Conversation: &responses.Conversation{ID: id}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			apiErr, ok := errors.AsType[*client.APIError](err)
			if !ok || apiErr.StatusCode != http.StatusNotFound || apiErr.Message != "Conversation with id 'conv_missing' not found." {
				t.Errorf("error = %v", err)
			}
		})
	}
}

func TestConversationBadArguments(t *testing.T) {
	rs, srv := conversationService(t)
	ctx := t.Context()
	cs := rs.Conversations()
	calls := map[string]func() error{
		"Get empty id":        func() error { _, err := cs.Get(ctx, ""); return err },
		"Update empty id":     func() error { _, err := cs.Update(ctx, "", nil); return err },
		"Delete empty id":     func() error { return cs.Delete(ctx, "") },
		"AddItems no items":   func() error { _, err := cs.AddItems(ctx, "conv_1", nil); return err },
		"GetItem empty item":  func() error { _, err := cs.GetItem(ctx, "conv_1", ""); return err },
		"DeleteItem empty id": func() error { _, err := cs.DeleteItem(ctx, "", "msg_1"); return err },
		"ListItems empty id": func() error {
			for _, err := range cs.ListItems(ctx, "", nil) {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(); err == nil {
				t.Error("no error")
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	var many []responses.Item
	for range 21 {
		many = append(many, responses.UserMessage("x"))
	}
	if _, err := cs.Create(ctx, &responses.ConversationRequest{Items: many}); !errors.Is(err, client.ErrBadRequest) {
		t.Errorf("Create with 21 items: %v", err)
	}
}

func TestConversationMultiTurn(t *testing.T) {
	rs, _ := conversationService(t)
	ctx := t.Context()
	conv, err := rs.Conversations().Create(ctx, &responses.ConversationRequest{
		Items: []responses.Item{responses.SystemMessage("be brief")},
	})
	if err != nil {
		t.Fatal(err)
	}
	first, err := rs.Create(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("one"), Conversation: conv.Ref()})
	if err != nil {
		t.Fatal(err)
	}
	if got := first.OutputText(); got != "be brief|one" {
		t.Errorf("first turn saw %q", got)
	}
	if first.Conversation == nil || first.Conversation.ID != conv.ID {
		t.Errorf("response conversation = %+v", first.Conversation)
	}
	second, err := rs.Create(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("two"), Conversation: conv.Ref()})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := second.OutputText(), "be brief|one|be brief|one|two"; got != want {
		t.Errorf("second turn saw %q, want %q", got, want)
	}
	want := []string{"be brief", "one", "be brief|one", "two", "be brief|one|be brief|one|two"}
	if got := texts(t, rs.Conversations().ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"})); !cmp.Equal(got, want) {
		t.Errorf("items = %q, want %q", got, want)
	}
	// Every item has an id, by which it can be read back.
	for it, err := range rs.Conversations().ListItems(ctx, conv.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		m := it.(*responses.Message)
		if m.ID == "" {
			t.Fatalf("item without an id: %+v", m)
		}
		if _, err := rs.Conversations().GetItem(ctx, conv.ID, m.ID); err != nil {
			t.Error(err)
		}
	}
}

func TestConversationStream(t *testing.T) {
	rs, _ := conversationService(t)
	ctx := t.Context()
	conv, err := rs.Conversations().Create(ctx, &responses.ConversationRequest{Items: []responses.Item{responses.UserMessage("earlier")}})
	if err != nil {
		t.Fatal(err)
	}
	var done *responses.Response
	for ev, err := range rs.Stream(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("now"), Conversation: conv.Ref()}) {
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := ev.(*responses.CompletedEvent); ok {
			done = c.Response
		}
	}
	if done == nil || done.OutputText() != "earlier|now" {
		t.Fatalf("streamed response = %+v", done)
	}
	want := []string{"earlier", "now", "earlier|now"}
	if got := texts(t, rs.Conversations().ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"})); !cmp.Equal(got, want) {
		t.Errorf("items = %q, want %q", got, want)
	}
}

func TestConversationParse(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	ctx := t.Context()
	conv, err := rs.Conversations().Create(ctx, &responses.ConversationRequest{Items: []responses.Item{responses.UserMessage("The meeting is on tuesday.")}})
	if err != nil {
		t.Fatal(err)
	}
	type day struct {
		Day string `json:"day"`
	}
	srv.Enqueue(responsestest.JSON(day{Day: "tuesday"}))
	got, _, err := responses.Parse[day](ctx, rs, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Which day?"), Conversation: conv.Ref()})
	if err != nil {
		t.Fatal(err)
	}
	if got.Day != "tuesday" {
		t.Errorf("Parse = %+v", got)
	}
	n := 0
	for _, err := range rs.Conversations().ListItems(ctx, conv.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d items in the conversation, want 3", n)
	}
}

func TestConversationLoop(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	ctx := context.Background()
	conv, err := rs.Conversations().Create(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: `{"a":2,"b":3}`}))
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{addTool}}
	tr, err := loop.Run(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("2+3?"), Conversation: conv.Ref()})
	if err != nil {
		t.Fatal(err)
	}
	if tr == nil {
		t.Fatal("no transcript")
	}
	var types []string
	for it, err := range rs.Conversations().ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"}) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, fmt.Sprintf("%T", it))
	}
	want := []string{"*responses.Message", "*responses.FunctionCall", "*responses.FunctionCallOutput", "*responses.Message"}
	if !cmp.Equal(types, want) {
		t.Errorf("items = %q, want %q", types, want)
	}
}
