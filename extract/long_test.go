package extract_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/extract"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Count is what the long-document tests extract: the paragraphs of a text.
type Count struct {
	Paragraphs int `json:"paragraphs"`
}

// countingServer returns a fake whose model counts the paragraphs of the
// last input message.
func countingServer(t *testing.T) (*responsestest.Server, *responses.Service) {
	t.Helper()
	srv := responsestest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		m := req.Input[len(req.Input)-1].(*responses.Message)
		return responsestest.JSON(Count{Paragraphs: strings.Count(strings.TrimSpace(m.Text()), "\n\n") + 1})
	})
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	return srv, responses.New(c)
}

func sum(parts []Count) (Count, error) {
	var c Count
	for _, p := range parts {
		c.Paragraphs += p.Paragraphs
	}
	return c, nil
}

func TestLong(t *testing.T) {
	para := strings.Repeat("word ", 100) // 500 bytes, 125 tokens
	doc := extract.Document{ID: "doc-7", Text: strings.Repeat(para+"\n\n", 10)}
	tests := []struct {
		name     string
		opts     *extract.LongOptions
		requests int
	}{
		{"windows", &extract.LongOptions{Budget: 300}, 5}, // 2 paragraphs a window
		{"one window", &extract.LongOptions{Budget: 10_000}, 1},
		{"preflight fits", &extract.LongOptions{Budget: 2000, Size: func(s string) int { return len(s) }, Preflight: true}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rs := countingServer(t)
			tmpl := &responses.Request{Model: "gpt-test", Instructions: "Count the paragraphs."}
			got, err := extract.Long(t.Context(), rs, tmpl, doc, sum, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Paragraphs != 10 {
				t.Errorf("Long = %+v, want 10 paragraphs", got)
			}
			var sent []string
			for _, r := range srv.Requests() {
				if r.Path != "/v1/responses" {
					continue
				}
				req, err := r.Request()
				if err != nil {
					t.Fatal(err)
				}
				if req.PromptCacheKey != "doc-7" || req.Truncation != "disabled" || req.Instructions != tmpl.Instructions {
					t.Errorf("request has prompt_cache_key %q, truncation %q, instructions %q", req.PromptCacheKey, req.Truncation, req.Instructions)
				}
				sent = append(sent, req.Input[0].(*responses.Message).Text())
			}
			if len(sent) != tt.requests {
				t.Fatalf("%d requests, want %d", len(sent), tt.requests)
			}
			if strings.Join(sent, "") != doc.Text {
				t.Errorf("the windows sent do not make up the document")
			}
		})
	}
	if tmplErr := func() error {
		_, rs := countingServer(t)
		_, err := extract.Long(t.Context(), rs, nil, doc, sum, nil)
		return err
	}(); tmplErr == nil {
		t.Error("Long with a nil request succeeded")
	}
}

func TestLongMergeError(t *testing.T) {
	_, rs := countingServer(t)
	wantErr := errors.New("parts disagree")
	doc := extract.Document{ID: "d", Text: "one\n\ntwo"}
	_, err := extract.Long(t.Context(), rs, &responses.Request{Model: "gpt-test"}, doc,
		func([]Count) (Count, error) { return Count{}, wantErr }, &extract.LongOptions{Budget: 1})
	if !errors.Is(err, wantErr) {
		t.Errorf("Long error = %v, want %v", err, wantErr)
	}
}

func TestLongWindowError(t *testing.T) {
	srv, rs := countingServer(t)
	srv.Enqueue(responsestest.JSON(Count{Paragraphs: 1}), responsestest.Refusal("No."))
	doc := extract.Document{ID: "d", Text: "one\n\ntwo\n\nthree"}
	_, err := extract.Long(t.Context(), rs, &responses.Request{Model: "gpt-test"}, doc, sum, &extract.LongOptions{Budget: 2})
	if _, ok := errors.AsType[*responses.RefusalError](err); !ok || !strings.Contains(err.Error(), "window 2 of 3") {
		t.Errorf("Long error = %v, want a refusal in window 2 of 3", err)
	}
}

func TestPreflight(t *testing.T) {
	srv, rs := countingServer(t)
	req := &responses.Request{Model: "gpt-test", Input: responses.Text(strings.Repeat("abcd", 100))}
	n, err := extract.Preflight[Count](t.Context(), rs, req, 0)
	if err != nil || n < 100 {
		t.Fatalf("Preflight = %d, %v; want at least 100 tokens", n, err)
	}
	_, err = extract.Preflight[Count](t.Context(), rs, req, n-1)
	if tl, ok := errors.AsType[*extract.TooLongError](err); !ok || *tl != (extract.TooLongError{Tokens: n, Max: n - 1}) {
		t.Errorf("Preflight with a budget of %d: %v, want a *TooLongError", n-1, err)
	}
	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Path)
	}
	if diff := cmp.Diff([]string{"/v1/responses/input_tokens", "/v1/responses/input_tokens"}, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

// TestParseAllPreflight checks that ParseAll refuses a request over
// MaxInputTokens without sending it, and sends the others.
func TestParseAllPreflight(t *testing.T) {
	srv, rs := countingServer(t)
	reqs := func(yield func(string, *responses.Request) bool) {
		_ = yield("short", &responses.Request{Model: "gpt-test", Input: responses.Text("hello")}) &&
			yield("long", &responses.Request{Model: "gpt-test", Input: responses.Text(strings.Repeat("word ", 1000))})
	}
	res := map[string]error{}
	for r := range extract.ParseAll[Count](t.Context(), rs, reqs, &extract.Options[*responses.Request]{MaxInputTokens: 500}) {
		res[r.ID] = r.Err
	}
	if res["short"] != nil {
		t.Errorf("short: %v", res["short"])
	}
	if _, ok := errors.AsType[*extract.TooLongError](res["long"]); !ok {
		t.Errorf("long: %v, want a *TooLongError", res["long"])
	}
	created := 0
	for _, r := range srv.Requests() {
		if r.Path == "/v1/responses" {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d responses created, want 1", created)
	}
}
