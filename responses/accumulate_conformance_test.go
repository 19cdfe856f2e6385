package responses_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/stream"
)

// recordedStream is a recorded stream: its events and whether the index marks
// it consistent (its deltas add up to its done events, and its done items
// to the final response's output).
type recordedStream struct {
	name       string
	events     []responses.Event
	consistent bool
}

// recordedStreams reads every recorded stream of the conformance folder.
func recordedStreams(t *testing.T) []recordedStream {
	t.Helper()
	files := conformance.Files(t, "sse", "*.sse")
	b, err := os.ReadFile(filepath.Join(conformance.Dir(t), "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index map[string]struct {
		Consistent *bool `json:"consistent"`
	}
	if err := json.Unmarshal(b, &index); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	var ts []recordedStream
	for _, path := range files {
		name := filepath.Base(path)
		tr := recordedStream{name: name, events: readRecordedStream(t, path)}
		if e, ok := index["sse/"+name]; ok && e.Consistent != nil {
			tr.consistent = *e.Consistent
		}
		ts = append(ts, tr)
	}
	return ts
}

func readRecordedStream(t *testing.T, path string) []responses.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []responses.Event
	for e, err := range stream.Events(f) {
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ev, err := responses.UnmarshalEvent(e.Data)
		if err != nil {
			t.Fatalf("%s: event %d: %v", path, len(evs), err)
		}
		evs = append(evs, ev)
	}
	if len(evs) == 0 {
		t.Fatalf("%s: no events", path)
	}
	return evs
}

// carriesResponse reports whether ev is a lifecycle or terminal event.
func carriesResponse(ev responses.Event) bool {
	switch ev.(type) {
	case *responses.CreatedEvent, *responses.QueuedEvent, *responses.InProgressEvent:
		return true
	}
	return finalResponse(ev) != nil
}

// finalResponse returns the response of a terminal event, or nil.
func finalResponse(ev responses.Event) *responses.Response {
	switch ev := ev.(type) {
	case *responses.CompletedEvent:
		return ev.Response
	case *responses.IncompleteEvent:
		return ev.Response
	case *responses.FailedEvent:
		return ev.Response
	}
	return nil
}

func accEncode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := wire.Marshal(v)
	if err != nil {
		t.Fatalf("wire.Marshal(%T) = %v", v, err)
	}
	return b
}

func accDiff(t *testing.T, want, got any) string {
	t.Helper()
	return jsontest.Diff(accEncode(t, want), accEncode(t, got))
}

// TestAccumulatorConformance accumulates every recorded stream: every
// event must be added without error. For the consistent streams, it checks:
//
//   - that the deltas alone add up to the done items: a second accumulator
//     is given every event but the done events, and its texts must be
//     those of the done items;
//   - that an item stays as its output_item.done event left it until the
//     terminal event;
//   - that before the terminal event, the items that were done are the
//     final response's;
//   - that after the terminal event, the response is the final response.
func TestAccumulatorConformance(t *testing.T) {
	for _, tr := range recordedStreams(t) {
		t.Run(tr.name, func(t *testing.T) {
			var (
				acc, deltas responses.Accumulator
				done        = map[int]responses.Item{}
			)
			for i, ev := range tr.events {
				r := finalResponse(ev)
				if tr.consistent && r != nil {
					checkDeltas(t, &deltas, done)
					checkFinalOutput(t, &acc, r, done)
				}
				if err := acc.Add(ev); err != nil {
					t.Fatalf("event %d: Add = %v", i, err)
				}
				if r == nil && !strings.HasSuffix(ev.EventType(), ".done") {
					if err := deltas.Add(ev); err != nil {
						t.Fatalf("event %d: Add to the accumulator without done events = %v", i, err)
					}
				}
				if !tr.consistent {
					continue
				}
				if d, ok := ev.(*responses.OutputItemDoneEvent); ok {
					done[d.OutputIndex] = d.Item
				}
				if r != nil {
					if d := accDiff(t, r, acc.Response()); d != "" {
						t.Errorf("response after %s differs from its response:\n%s", ev.EventType(), d)
					}
					continue
				}
				for j, it := range done {
					if d := accDiff(t, &it, &acc.Response().Output[j]); d != "" {
						t.Errorf("event %d: done item %d changed:\n%s", i, j, d)
					}
				}
			}
			if acc.Response() == nil && slices.ContainsFunc(tr.events, carriesResponse) {
				t.Error("Response() = nil after the whole stream")
			}
		})
	}
}

// checkDeltas checks that the texts accumulated from deltas alone are those
// of the done items.
func checkDeltas(t *testing.T, deltas *responses.Accumulator, done map[int]responses.Item) {
	t.Helper()
	out := deltas.Response().Output
	for j, it := range done {
		if j >= len(out) {
			continue // the item was never added
		}
		if d := cmp.Diff(streamedTexts(it), streamedTexts(out[j])); d != "" {
			t.Errorf("texts of item %d from the deltas differ from the done item's (-done +deltas):\n%s", j, d)
		}
	}
}

// checkFinalOutput checks that, before the terminal event, the items that
// were done are those of the final response r. Items without a done event
// are not compared: the server may fill an item in only in the final
// response (a recorded stream does so for MCP tool listings).
func checkFinalOutput(t *testing.T, acc *responses.Accumulator, r *responses.Response, done map[int]responses.Item) {
	t.Helper()
	out := acc.Response().Output
	if len(out) != len(r.Output) {
		t.Errorf("%d items before the terminal event, want %d", len(out), len(r.Output))
		return
	}
	for j := range done {
		for line := range strings.Lines(accDiff(t, &r.Output[j], &out[j])) {
			if !reencrypted(line) {
				t.Errorf("item %d differs from the final one: %s", j, line)
			}
		}
	}
}

// reencrypted reports whether a difference between the done items and the
// final response's output is in encrypted content, which the server
// encrypts again for the final response.
func reencrypted(line string) bool {
	path, _, _ := strings.Cut(line, ": ")
	return strings.HasSuffix(path, ".encrypted_content")
}

// TestAccumulatorCut accumulates every recorded stream cut short after
// each of its events, as when the connection breaks: the response is
// always there and encodable, and, in the consistent streams, every text
// accumulated so far is the beginning of the text in the final response.
func TestAccumulatorCut(t *testing.T) {
	for _, tr := range recordedStreams(t) {
		t.Run(tr.name, func(t *testing.T) {
			var whole responses.Accumulator
			for _, ev := range tr.events {
				if err := whole.Add(ev); err != nil {
					t.Fatalf("Add = %v", err)
				}
			}
			want := whole.Response()
			for k := 1; k <= len(tr.events); k++ {
				var acc responses.Accumulator
				for _, ev := range tr.events[:k] {
					if err := acc.Add(ev); err != nil {
						t.Fatalf("Add = %v", err)
					}
				}
				got := acc.Response()
				if got == nil {
					for _, ev := range tr.events[:k] {
						if carriesResponse(ev) {
							t.Fatalf("cut after %d events: Response() = nil after %s", k, ev.EventType())
						}
					}
					continue
				}
				if _, err := wire.Marshal(got); err != nil {
					t.Fatalf("cut after %d events: wire.Marshal(Response()) = %v", k, err)
				}
				if !tr.consistent {
					continue // its deltas may not add up to its text
				}
				if err := isTextPrefix(got, want); err != nil {
					t.Fatalf("cut after %d events (%s): %v", k, tr.events[k-1].EventType(), err)
				}
			}
		})
	}
}

// isTextPrefix checks that every streamed text of the items of part is the
// beginning of the same text in whole.
func isTextPrefix(part, whole *responses.Response) error {
	if len(part.Output) > len(whole.Output) {
		return fmt.Errorf("%d items, more than the %d of the whole", len(part.Output), len(whole.Output))
	}
	for i, it := range part.Output {
		p, w := streamedTexts(it), streamedTexts(whole.Output[i])
		for k, s := range p {
			if ws, ok := w[k]; !ok || !strings.HasPrefix(ws, s) {
				return fmt.Errorf("item %d: %s = %q, not the beginning of %q", i, k, s, ws)
			}
		}
	}
	return nil
}

// streamedTexts returns the texts of an item that deltas write, by name.
func streamedTexts(it responses.Item) map[string]string {
	m := map[string]string{}
	parts := func(name string, ps []responses.Part) {
		for j, p := range ps {
			switch p := p.(type) {
			case *responses.OutputText:
				m[fmt.Sprintf("%s[%d].text", name, j)] = p.Text
			case *responses.Refusal:
				m[fmt.Sprintf("%s[%d].refusal", name, j)] = p.Refusal
			case *responses.ReasoningText:
				m[fmt.Sprintf("%s[%d].text", name, j)] = p.Text
			case *responses.SummaryText:
				m[fmt.Sprintf("%s[%d].text", name, j)] = p.Text
			}
		}
	}
	switch it := it.(type) {
	case *responses.Message:
		parts("content", it.Content)
	case *responses.ReasoningItem:
		parts("summary", it.Summary)
		parts("content", it.Content)
	case *responses.FunctionCall:
		m["arguments"] = it.Arguments
	case *responses.CustomToolCall:
		m["input"] = it.Input
	case *responses.MCPCall:
		m["arguments"] = it.Arguments
	case *responses.CodeInterpreterCall:
		m["code"] = it.Code
	case *responses.ApplyPatchCall:
		m["diff"] = it.Operation.Diff
	case *responses.ShellCall:
		for j, c := range it.Action.Commands {
			m[fmt.Sprintf("commands[%d]", j)] = c
		}
	case *responses.ShellCallOutput:
		for j, c := range it.Output {
			m[fmt.Sprintf("output[%d].stdout", j)] = c.Stdout
			m[fmt.Sprintf("output[%d].stderr", j)] = c.Stderr
		}
	}
	return m
}
