package responsestest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func TestServerNeedsAKey(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	res, err := http.Post(srv.URL+"/responses", "application/json", strings.NewReader(`{"model":"m","input":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "API key") {
		t.Errorf("POST without a key = %d %s, want 401", res.StatusCode, body)
	}
}

func TestServerValidates(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`{"input":"no model"}`, `{"model":`} {
		_, err := c.Send(t.Context(), &client.Request{Method: "POST", Path: "responses", Body: []byte(body)})
		if !errors.Is(err, client.ErrBadRequest) {
			t.Errorf("POST %s = %v, want a bad request", body, err)
		}
	}
}

func TestServerRecordsAndFills(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(responsestest.FunctionCalls(
		responsestest.Call{Name: "get_weather", Arguments: map[string]string{"city": "Paris"}},
		responsestest.Call{Name: "broken", Arguments: `{"city":`},
	))
	rs := responses.New(c)
	resp, err := rs.Create(t.Context(), &responses.Request{
		Model: "m", Input: responses.Items(responses.UserMessage("weather?")), Store: new(false),
		Metadata: map[string]string{"k": "v"},
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := resp.FunctionCalls()
	if len(calls) != 2 || calls[0].Arguments != `{"city":"Paris"}` || calls[1].Arguments != `{"city":` {
		t.Fatalf("FunctionCalls() = %+v", calls)
	}
	if calls[0].CallID == "" || calls[0].CallID == calls[1].CallID || calls[0].ID == "" {
		t.Errorf("call ids = %q %q, want distinct", calls[0].CallID, calls[1].CallID)
	}
	if resp.Store || resp.Metadata["k"] != "v" || !resp.ParallelToolCalls {
		t.Errorf("echo: store %v, metadata %v, parallel %v", resp.Store, resp.Metadata, resp.ParallelToolCalls)
	}
	// Store false: the response is not kept.
	if _, err := rs.Get(t.Context(), resp.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Get(unstored) = %v, want not found", err)
	}
	req, err := srv.Requests()[0].Request()
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := req.Input[0].(*responses.Message); !ok || m.Text() != "weather?" {
		t.Errorf("recorded input = %#v", req.Input)
	}
}

func TestServerBodyIsTheAPIShape(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Incomplete("max_output_tokens", "partial"))
	c, _ := srv.Client()
	res, err := c.Send(context.Background(), &client.Request{Method: "POST", Path: "responses", Body: []byte(`{"model":"m","input":"hi"}`)})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(res.Body, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "object", "created_at", "status", "model", "output", "usage", "tools", "tool_choice", "text", "temperature", "top_p", "parallel_tool_calls", "store", "background", "metadata", "truncation", "incomplete_details"} {
		if _, ok := m[k]; !ok {
			t.Errorf("response body lacks %q: %s", k, res.Body)
		}
	}
	if m["status"] != "incomplete" || m["incomplete_details"].(map[string]any)["reason"] != "max_output_tokens" {
		t.Errorf("status %v, details %v", m["status"], m["incomplete_details"])
	}
}

func Example() {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("Paris."))

	c, err := srv.Client()
	if err != nil {
		panic(err)
	}
	resp, err := responses.New(c).Create(context.Background(), &responses.Request{
		Model: "gpt-5-mini",
		Input: responses.Text("What is the capital of France?"),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.OutputText())
	req, _ := srv.Requests()[0].Request()
	fmt.Println(req.Model)
	// Output:
	// Paris.
	// gpt-5-mini
}

// TestResumeWithStreamInBody checks that a GET that asks for a stream in its
// JSON body, as openai-go v3.98.0 sends it, resumes the stream as one with
// ?stream=true does.
func TestResumeWithStreamInBody(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(responsestest.Text("Resumed in the body."))
	var id string
	for ev, err := range responses.New(c).Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi"), Background: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if ev, ok := ev.(*responses.CreatedEvent); ok {
			id = ev.Response.ID
		}
	}
	for _, body := range []string{`{"stream":true}`, `{"stream":false}`, ``} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/responses/"+id+"?starting_after=2", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer sk-test")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		streamed := strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream")
		if want := body == `{"stream":true}`; streamed != want || res.StatusCode != 200 {
			t.Errorf("GET with body %q: status %d, streamed %v, want %v: %.200s", body, res.StatusCode, streamed, want, data)
		}
		if streamed && !strings.Contains(string(data), `"sequence_number":3`) {
			t.Errorf("GET with body %q: the stream does not continue after event 2: %.300s", body, data)
		}
	}
}
