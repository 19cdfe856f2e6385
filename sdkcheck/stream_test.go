package sdkcheck

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/openai/openai-go/v3/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// readAll reads a stream to its end, or fails the test.
func readAll(t *testing.T, stream *ssestream.Stream[responses.ResponseStreamEventUnion]) []responses.ResponseStreamEventUnion {
	t.Helper()
	defer stream.Close()
	var evs []responses.ResponseStreamEventUnion
	for stream.Next() {
		evs = append(evs, stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("stream: %v (after %d events)", err, len(evs))
	}
	return evs
}

func TestStream(t *testing.T) {
	const text = "Streams arrive in token-sized pieces, one event each."
	srv, c := newServer(t)
	srv.Enqueue(responsestest.Text(text))
	evs := readAll(t, c.Responses.NewStreaming(t.Context(), responses.ResponseNewParams{
		Model: model,
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Tell me about streams.")},
	}))
	if len(evs) < 4 {
		t.Fatalf("got %d events, want at least created, in_progress, a delta and completed", len(evs))
	}

	t.Run("sequence", func(t *testing.T) {
		if evs[0].Type != "response.created" || evs[1].Type != "response.in_progress" {
			t.Errorf("first events %q, %q; want response.created, response.in_progress", evs[0].Type, evs[1].Type)
		}
		for i, ev := range evs {
			if ev.SequenceNumber != int64(i) || !ev.JSON.SequenceNumber.Valid() {
				t.Errorf("event %d (%s) has sequence_number %d", i, ev.Type, ev.SequenceNumber)
			}
		}
	})

	t.Run("deltas", func(t *testing.T) {
		var b strings.Builder
		for _, ev := range evs {
			if ev.Type == "response.output_text.delta" {
				b.WriteString(ev.AsResponseOutputTextDelta().Delta)
			}
		}
		if b.String() != text {
			t.Errorf("deltas = %q, want %q", b.String(), text)
		}
	})

	t.Run("completed", func(t *testing.T) {
		last := evs[len(evs)-1]
		if last.Type != "response.completed" {
			t.Fatalf("last event %q, want response.completed", last.Type)
		}
		resp := last.AsResponseCompleted().Response
		if resp.OutputText() != text || resp.Status != responses.ResponseStatusCompleted {
			t.Errorf("completed response: status %q, text %q", resp.Status, resp.OutputText())
		}
		if resp.ID != evs[0].AsResponseCreated().Response.ID {
			t.Errorf("completed id %q differs from created id %q", resp.ID, evs[0].Response.ID)
		}
		checkUsage(t, resp.Usage)
	})

	t.Run("accumulator", func(t *testing.T) {
		// openai-go's ResponseAccumulator reads the WebSocket mode's events;
		// an SSE event is the same JSON, so it is decoded into that union.
		var acc responses.ResponseAccumulator
		for _, ev := range evs {
			var sev responses.ResponsesServerEventUnion
			if err := json.Unmarshal([]byte(ev.RawJSON()), &sev); err != nil {
				t.Fatalf("decode %s: %v", ev.Type, err)
			}
			if err := acc.AddEvent(sev); err != nil {
				t.Fatalf("AddEvent(%s): %v", ev.Type, err)
			}
		}
		snap := acc.Snapshot()
		if snap.TerminalEvent != "response.completed" || snap.OutputText() != text {
			t.Errorf("snapshot: terminal %q, text %q", snap.TerminalEvent, snap.OutputText())
		}
		resp, err := acc.ReconstructedResponse()
		if err != nil {
			t.Fatal(err)
		}
		if resp.OutputText() != text || resp.Status != responses.ResponseStatusCompleted {
			t.Errorf("reconstructed: status %q, text %q", resp.Status, resp.OutputText())
		}
	})
}

func TestResumeStream(t *testing.T) {
	const text = "A background stream can be picked up where it broke off."
	srv, c := newServer(t)
	srv.Enqueue(responsestest.Text(text))
	stream := c.Responses.NewStreaming(t.Context(), responses.ResponseNewParams{
		Model:      model,
		Background: openai.Bool(true),
		Store:      openai.Bool(true),
		Input:      responses.ResponseNewParamsInputUnion{OfString: openai.String("Go on.")},
	})
	const after = 3
	var id string
	for stream.Next() {
		ev := stream.Current()
		if ev.Type == "response.created" {
			id = ev.Response.ID
		}
		if ev.SequenceNumber == after {
			break // the connection is lost here
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	stream.Close()
	if id == "" {
		t.Fatal("no response.created event")
	}

	// openai-go 3.98.0's GetStreaming sends stream=true as a JSON body of
	// the GET, not in the query the API documents; the first case adds the
	// query, the second sends what the SDK sends alone.
	cases := []struct {
		name string
		opts []option.RequestOption
	}{
		{"query stream=true", []option.RequestOption{option.WithQuery("stream", "true")}},
		{"as the SDK sends it", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs := readAll(t, c.Responses.GetStreaming(t.Context(), id, responses.ResponseGetParams{
				StartingAfter: openai.Int(after),
			}, tc.opts...))
			if len(evs) == 0 {
				t.Fatalf("the resumed stream is empty; request %s", lastRequest(srv))
			}
			for i, ev := range evs {
				if want := int64(after + 1 + i); ev.SequenceNumber != want {
					t.Errorf("event %d (%s) has sequence_number %d, want %d", i, ev.Type, ev.SequenceNumber, want)
				}
			}
			last := evs[len(evs)-1]
			if last.Type != "response.completed" {
				t.Fatalf("last event %q, want response.completed", last.Type)
			}
			if resp := last.Response; resp.ID != id || resp.OutputText() != text || !resp.Background {
				t.Errorf("completed: id %q, text %q, background %v", resp.ID, resp.OutputText(), resp.Background)
			}
		})
	}
}

// lastRequest describes the last request the server received.
func lastRequest(srv *responsestest.Server) string {
	reqs := srv.Requests()
	if len(reqs) == 0 {
		return "(none)"
	}
	r := reqs[len(reqs)-1]
	return fmt.Sprintf("%s %s?%s body %q", r.Method, r.Path, r.Query, r.Body)
}
