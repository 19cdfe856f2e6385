package responses_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

const story = "Once upon a time, a gopher streamed a response: token by token, delta by delta, until the very end."

// collect reads a stream to its end.
func collect(seq func(func(responses.Event, error) bool)) (evs []responses.Event, text string, err error) {
	var b strings.Builder
	for ev, e := range seq {
		if e != nil {
			return evs, b.String(), e
		}
		evs = append(evs, ev)
		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
			b.WriteString(d.Delta)
		}
	}
	return evs, b.String(), nil
}

func checkSequence(t *testing.T, evs []responses.Event, first int64) {
	t.Helper()
	for i, ev := range evs {
		if got, want := ev.Sequence(), first+int64(i); got != want {
			t.Fatalf("event %d (%s) has sequence number %d, want %d", i, ev.EventType(), got, want)
		}
	}
}

func TestStream(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(story))
	req := &responses.Request{Model: "m", Input: responses.Text("tell me a story")}
	evs, text, err := collect(rs.Stream(t.Context(), req))
	if err != nil {
		t.Fatal(err)
	}
	if text != story {
		t.Errorf("deltas = %q, want %q", text, story)
	}
	checkSequence(t, evs, 0)
	var types []string
	for _, ev := range evs {
		if _, ok := ev.(*responses.OutputTextDeltaEvent); !ok {
			types = append(types, ev.EventType())
		}
	}
	want := "response.created response.in_progress response.output_item.added response.content_part.added " +
		"response.output_text.done response.content_part.done response.output_item.done response.completed"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("events = %s\nwant %s", got, want)
	}
	done, ok := evs[len(evs)-1].(*responses.CompletedEvent)
	if !ok || done.Response.OutputText() != story || done.Response.Usage == nil {
		t.Errorf("last event = %#v", evs[len(evs)-1])
	}
	if done.Response.RequestID() == "" {
		t.Error("the completed response has no request id")
	}
	rec := srv.Requests()[0]
	if !strings.Contains(string(rec.Body), `"stream":true`) || rec.Header.Get("Accept") != "text/event-stream" {
		t.Errorf("request = %s, Accept %q", rec.Body, rec.Header.Get("Accept"))
	}
}

func TestStreamBreak(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(story).WithEventDelay(time.Millisecond))
	n := 0
	for _, err := range rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	// The next stream works: the broken one released its connection.
	srv.Enqueue(responsestest.Text("again"))
	if _, text, err := collect(rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")})); err != nil || text != "again" {
		t.Errorf("second stream = %q, %v", text, err)
	}
}

func TestStreamFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reply  responsestest.Reply
		events int
		check  func(t *testing.T, se *responses.StreamError)
	}{
		{"error event", responsestest.StreamFailure("server_error", "The model failed."), 2, func(t *testing.T, se *responses.StreamError) {
			re, ok := se.Err.(*responses.ResponseError)
			if _, isErr := se.Event.(*responses.ErrorEvent); !isErr || !ok || re.Code != "server_error" || re.Message != "The model failed." {
				t.Errorf("StreamError = %+v", se)
			}
		}},
		{"failed response", responsestest.Failed("server_error", "Boom."), -1, func(t *testing.T, se *responses.StreamError) {
			if _, isFailed := se.Event.(*responses.FailedEvent); !isFailed || se.Response == nil || se.Response.Status != responses.StatusFailed || se.ResponseID == "" {
				t.Errorf("StreamError = %+v", se)
			}
			if !strings.Contains(se.Error(), "Boom.") {
				t.Errorf("Error() = %q", se.Error())
			}
		}},
		{"dropped connection", responsestest.Text(story).WithDropAfterEvents(8), 8, func(t *testing.T, se *responses.StreamError) {
			if se.Event != nil || !errors.Is(se, io.ErrUnexpectedEOF) || se.LastSequence != 7 || se.Events != 8 || se.ResponseID == "" {
				t.Errorf("StreamError = %+v", se)
			}
			// The partial response holds the text that arrived.
			if se.Response == nil || se.Response.Status != responses.StatusInProgress {
				t.Fatalf("partial response = %+v", se.Response)
			}
			if got := se.Response.OutputText(); got == "" || !strings.HasPrefix(story, got) {
				t.Errorf("partial text = %q, want a prefix of the story", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs, srv := newService(t)
			srv.Enqueue(tt.reply)
			evs, _, err := collect(rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}))
			se, ok := errors.AsType[*responses.StreamError](err)
			if !ok {
				t.Fatalf("error = %v, want a *StreamError", err)
			}
			if tt.events >= 0 && len(evs) != tt.events {
				t.Errorf("got %d events before the error, want %d", len(evs), tt.events)
			}
			for _, ev := range evs {
				switch ev.(type) {
				case *responses.ErrorEvent, *responses.FailedEvent:
					t.Errorf("%s was yielded as an event", ev.EventType())
				}
			}
			tt.check(t, se)
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("server got %d requests, want 1: a stream is not retried after its first event", n)
			}
		})
	}
}

func TestStreamRetriesBeforeTheFirstEvent(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(
		responsestest.Raw(200, "text/event-stream", []byte("")),
		responsestest.Error(503, responsestest.ErrorBody{Type: "server_error", Message: "overloaded"}).WithHeader("retry-after-ms", "1"),
		responsestest.Text("third time lucky"),
	)
	_, text, err := collect(rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}))
	if err != nil || text != "third time lucky" {
		t.Fatalf("Stream = %q, %v", text, err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
}

func TestStreamResume(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(story).WithDropAfterEvents(7))
	req := &responses.Request{Model: "m", Input: responses.Text("hi"), Background: true}

	// Without WithResume, the broken stream is an error with what is needed
	// to resume it by hand.
	evs, text, err := collect(rs.Stream(t.Context(), req))
	se, ok := errors.AsType[*responses.StreamError](err)
	if !ok || se.LastSequence != 6 || se.ResponseID == "" {
		t.Fatalf("Stream error = %v", err)
	}
	rest, more, err := collect(rs.Resume(t.Context(), se.ResponseID, se.LastSequence))
	if err != nil {
		t.Fatal(err)
	}
	checkSequence(t, append(evs, rest...), 0)
	if text+more != story {
		t.Errorf("text = %q, want %q", text+more, story)
	}

	// With WithResume, the stream picks itself up.
	srv.Enqueue(responsestest.Text(story).WithDropAfterEvents(9))
	evs, text, err = collect(rs.WithResume(2).Stream(t.Context(), req))
	if err != nil {
		t.Fatal(err)
	}
	checkSequence(t, evs, 0)
	if text != story {
		t.Errorf("resumed text = %q, want %q", text, story)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Method != "GET" || !strings.Contains(last.Query, "starting_after=8") || !strings.Contains(last.Query, "stream=true") {
		t.Errorf("resume request = %s %s?%s", last.Method, last.Path, last.Query)
	}
}

func TestStreamContext(t *testing.T) {
	t.Parallel()
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Text(story).WithEventDelay(50 * time.Millisecond))
	ctx, cancel := context.WithTimeout(t.Context(), 120*time.Millisecond)
	defer cancel()
	evs, _, err := collect(rs.Stream(ctx, &responses.Request{Model: "m", Input: responses.Text("hi")}))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the deadline", err)
	}
	if len(evs) == 0 || len(evs) > 3 {
		t.Errorf("got %d events before the deadline", len(evs))
	}
}

func TestReadEvents(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "stream", "function_call.sse"))
	if err != nil {
		t.Fatal(err)
	}
	evs, _, err := collect(responses.ReadEvents(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	var args strings.Builder
	for _, ev := range evs {
		if d, ok := ev.(*responses.FunctionCallArgumentsDeltaEvent); ok {
			args.WriteString(d.Delta)
		}
	}
	if args.String() != `{"city":"Paris"}` {
		t.Errorf("arguments = %q", args.String())
	}
	// The same stream cut short.
	_, _, err = collect(responses.ReadEvents(bytes.NewReader(data[:len(data)/2])))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated stream error = %v, want io.ErrUnexpectedEOF", err)
	}
	// Not JSON.
	_, _, err = collect(responses.ReadEvents(strings.NewReader("event: response.created\ndata: {nope\n\n")))
	if _, ok := errors.AsType[*responses.ProtocolError](err); !ok {
		t.Errorf("bad event error = %v, want a *ProtocolError", err)
	}
}

// TestConformanceReadEvents reads every recorded stream: it ends cleanly, or
// with the error or failed event it holds.
func TestConformanceReadEvents(t *testing.T) {
	t.Parallel()
	for _, path := range conformance.Files(t, "sse", "*.sse") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		evs, _, err := collect(responses.ReadEvents(bytes.NewReader(data)))
		if conformance.SequenceGaps(t, path) {
			// A recording trimmed by its authors: the reader stops at the gap.
			if !errors.Is(err, responses.ErrSequenceGap) {
				t.Errorf("%s skips sequence numbers, but reading it gave %v", filepath.Base(path), err)
			}
			continue
		}
		if err != nil {
			se, ok := errors.AsType[*responses.StreamError](err)
			if !ok || se.Event == nil {
				t.Errorf("%s: %v", filepath.Base(path), err)
			}
			continue
		}
		if len(evs) == 0 {
			t.Errorf("%s: no events", filepath.Base(path))
		}
	}
}

// TestReadEventsKeepsEvents checks that the events of a long stream stay
// intact after it has been read, although the reader reuses its buffers:
// each still encodes as the JSON it came from.
func TestReadEventsKeepsEvents(t *testing.T) {
	t.Parallel()
	var sse bytes.Buffer
	var want [][]byte
	add := func(data string) {
		want = append(want, []byte(data))
		fmt.Fprintf(&sse, "data: %s\n\n", data)
	}
	add(`{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}`)
	for i := range 3000 {
		// Deltas of growing size, some escaped, with ids of both kinds:
		// repeated and new.
		delta := strings.Repeat(fmt.Sprintf("w%d ", i), i%50) + `\"q\" \u00e9`
		if i%500 == 499 {
			// A kind this version does not know, kept raw.
			add(fmt.Sprintf(`{"type":"response.teleport.delta","sequence_number":%d,"where":"%s"}`, i+1, delta))
			continue
		}
		add(fmt.Sprintf(`{"type":"response.output_text.delta","sequence_number":%d,"item_id":"msg_%d","output_index":0,"content_index":0,"delta":"%s","logprobs":[],"obfuscation":"o%d"}`, i+1, i%3, delta, i*7919))
	}
	add(`{"type":"response.completed","sequence_number":3001,"response":{"id":"resp_1","object":"response","status":"completed","output":[]}}`)
	evs, _, err := collect(responses.ReadEvents(iotest.HalfReader(&sse)))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != len(want) {
		t.Fatalf("got %d events, want %d", len(evs), len(want))
	}
	for i, ev := range evs {
		got, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if diff := jsontest.Diff(want[i], got); diff != "" {
			t.Fatalf("event %d changed after the stream was read:\n%s", i, diff)
		}
	}
}

// TestReadEventsConcurrent reads many streams at once and keeps their
// events, which the pooled readers must never share: each event still
// holds its own stream's delta after all of them have been read.
func TestReadEventsConcurrent(t *testing.T) {
	t.Parallel()
	const streams, deltas = 8, 400
	got := make([][]responses.Event, streams)
	var wg sync.WaitGroup
	for g := range streams {
		wg.Go(func() {
			for range 3 { // reuse the pooled readers a few times
				var sse bytes.Buffer
				sse.WriteString("data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\n")
				for i := range deltas {
					fmt.Fprintf(&sse, "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":\"msg_%d\",\"output_index\":0,\"content_index\":0,\"delta\":\"g%d-%d\"}\n\n", i+1, g, g, i)
				}
				fmt.Fprintf(&sse, "data: {\"type\":\"response.completed\",\"sequence_number\":%d,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n", deltas+1)
				evs, _, err := collect(responses.ReadEvents(&sse))
				if err != nil {
					t.Error(err)
					return
				}
				got[g] = append(got[g], evs...)
			}
		})
	}
	wg.Wait()
	for g, evs := range got {
		i := 0
		for _, ev := range evs {
			d, ok := ev.(*responses.OutputTextDeltaEvent)
			if !ok {
				continue
			}
			if want := fmt.Sprintf("g%d-%d", g, i%deltas); d.Delta != want || d.ItemID != fmt.Sprintf("msg_%d", g) {
				t.Fatalf("stream %d, delta %d = %q of %s, want %q", g, i, d.Delta, d.ItemID, want)
			}
			i++
		}
		if i != 3*deltas {
			t.Errorf("stream %d: %d deltas, want %d", g, i, 3*deltas)
		}
	}
}
