package responsestest_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// TestInputItemsShape checks that the input items are listed as the API
// lists them: typed content parts, never a plain string, and ids and
// statuses on every item.
func TestInputItemsShape(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	for _, c := range []struct {
		name  string
		input string
		want  string
	}{{
		name:  "plain string input",
		input: `"hi"`,
		want:  `[{"type":"message","role":"user","status":"completed","content":[{"type":"input_text","text":"hi"}]}]`,
	}, {
		name: "items",
		input: `[
			{"role":"developer","content":"Be brief."},
			{"role":"user","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://example.com/a.png","detail":"auto"}]},
			{"type":"message","role":"assistant","content":"Let me check."},
			{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{}"},
			{"type":"function_call_output","call_id":"call_1","output":"Sunny"}
		]`,
		// Newest first.
		want: `[
			{"type":"function_call_output","call_id":"call_1","output":"Sunny","status":"completed"},
			{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{}","status":"completed"},
			{"type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Let me check.","annotations":[],"logprobs":[]}]},
			{"type":"message","role":"user","status":"completed","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://example.com/a.png","detail":"auto"}]},
			{"type":"message","role":"developer","status":"completed","content":[{"type":"input_text","text":"Be brief."}]}
		]`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			srv.Enqueue(responsestest.Text("ok"))
			resp := object(t, call(t, srv, "POST", "/responses", `{"model":"m","input":`+c.input+`}`))
			page := object(t, call(t, srv, "GET", "/responses/"+resp["id"].(string)+"/input_items", ""))
			data, _ := page["data"].([]any)
			for _, it := range data {
				it := it.(map[string]any)
				id, _ := it["id"].(string)
				if id == "" || strings.Contains(id, " ") {
					t.Errorf("item without an id: %v", it)
				}
				delete(it, "id")
			}
			var want []any
			if err := json.Unmarshal([]byte(c.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, data); diff != "" {
				t.Errorf("input items (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInputItemsPages checks the pages: their members, limit, order and
// the cursors.
func TestInputItemsPages(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("ok"))
	var input []string
	for _, id := range []string{"msg_a", "msg_b", "msg_c", "msg_d", "msg_e"} {
		input = append(input, `{"type":"message","id":"`+id+`","role":"user","content":"`+id+`"}`)
	}
	resp := object(t, call(t, srv, "POST", "/responses", `{"model":"m","input":[`+strings.Join(input, ",")+`]}`))
	path := "/responses/" + resp["id"].(string) + "/input_items"

	for _, c := range []struct {
		query   string
		ids     []string
		hasMore bool
	}{
		{"", []string{"msg_e", "msg_d", "msg_c", "msg_b", "msg_a"}, false},
		{"order=desc", []string{"msg_e", "msg_d", "msg_c", "msg_b", "msg_a"}, false},
		{"order=asc", []string{"msg_a", "msg_b", "msg_c", "msg_d", "msg_e"}, false},
		{"limit=2", []string{"msg_e", "msg_d"}, true},
		{"limit=2&after=msg_d", []string{"msg_c", "msg_b"}, true},
		{"limit=2&after=msg_b", []string{"msg_a"}, false},
		{"after=msg_a", nil, false},
		{"order=asc&limit=3&after=msg_a", []string{"msg_b", "msg_c", "msg_d"}, true},
		{"before=msg_b", []string{"msg_e", "msg_d", "msg_c"}, false},
		{"limit=2&before=msg_b", []string{"msg_d", "msg_c"}, true},
		{"after=msg_e&before=msg_b", []string{"msg_d", "msg_c"}, false},
		{"order=asc&before=msg_a", nil, false},
		{"limit=100", []string{"msg_e", "msg_d", "msg_c", "msg_b", "msg_a"}, false},
	} {
		page := object(t, call(t, srv, "GET", path+"?"+c.query, ""))
		if keys := slices.Sorted(maps.Keys(page)); !slices.Equal(keys, []string{"data", "first_id", "has_more", "last_id", "object"}) {
			t.Errorf("%s: page members %v", c.query, keys)
		}
		var ids []string
		for _, it := range page["data"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		if !slices.Equal(ids, c.ids) || page["has_more"] != c.hasMore || page["object"] != "list" {
			t.Errorf("%s: ids %v, has_more %v, want %v, %v", c.query, ids, page["has_more"], c.ids, c.hasMore)
		}
		var first, last any
		if len(c.ids) > 0 {
			first, last = c.ids[0], c.ids[len(c.ids)-1]
		}
		if page["first_id"] != first || page["last_id"] != last {
			t.Errorf("%s: first_id %v, last_id %v, want %v, %v", c.query, page["first_id"], page["last_id"], first, last)
		}
	}

	for _, query := range []string{"limit=0", "limit=101", "limit=ten", "order=sideways", "after=msg_z", "before=msg_z"} {
		status, body := send(t, srv, "GET", path+"?"+query, "")
		var e struct {
			Error struct {
				Message string `json:"message"`
				Type    string `json:"type"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &e); status != http.StatusBadRequest || err != nil || e.Error.Type != "invalid_request_error" || e.Error.Message == "" {
			t.Errorf("%s = %d %s, want a 400 invalid_request_error", query, status, body)
		}
	}
}

// TestInputItemsPager reads every input item through Service.InputItems,
// which fetches the pages until has_more is false.
func TestInputItemsPager(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	var in responses.Input
	for _, s := range []string{"one", "two", "three", "four", "five"} {
		in = append(in, responses.UserMessage(s))
	}
	resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Input: in})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*responses.ListOptions{nil, {PageSize: 2}, {PageSize: 2, Order: "asc"}, {PageSize: 5}} {
		var got []string
		for it, err := range rs.InputItems(t.Context(), resp.ID, o) {
			if err != nil {
				t.Fatal(err)
			}
			m, ok := it.(*responses.Message)
			if !ok || m.ID == "" || m.Status != responses.StatusCompleted {
				t.Fatalf("item %#v, want a message with an id and a status", it)
			}
			if _, ok := m.Content[0].(*responses.InputText); !ok {
				t.Errorf("content %#v, want an input_text part", m.Content)
			}
			got = append(got, m.Text())
		}
		want := []string{"five", "four", "three", "two", "one"}
		if o != nil && o.Order == "asc" {
			slices.Reverse(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("InputItems(%+v) = %v, want %v", o, got, want)
		}
	}
	// An empty page has null ids, and no more pages.
	page := object(t, call(t, srv, "GET", "/responses/"+resp.ID+"/input_items?order=asc&after="+lastID(t, srv, resp.ID), ""))
	if page["first_id"] != nil || page["last_id"] != nil || page["has_more"] != false || len(page["data"].([]any)) != 0 {
		t.Errorf("empty page = %v", page)
	}
}

// lastID returns the id of the last input item of the response id.
func lastID(t *testing.T, srv *responsestest.Server, id string) string {
	t.Helper()
	page := object(t, call(t, srv, "GET", "/responses/"+id+"/input_items?limit=1", ""))
	return page["first_id"].(string)
}
