package responses

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// undocumentedEvents lists event types seen in recordings that the API
// reference does not document and that decode to *Unknown on purpose.
// Every recorded type is modelled today.
var undocumentedEvents = map[string]bool{}

// knownRoundTripDiffs are round-trip differences inside the payloads that
// events carry, caused by types outside the events' files.
var knownRoundTripDiffs = map[string]bool{
	// Usage.InputTokensDetails (response.go) is written even when absent.
	`$.response.usage.input_tokens_details: unexpected {"cached_tokens":0}`: true,
}

// sseFrame is one event of a server-sent events stream.
type sseFrame struct {
	event string // the "event:" field
	data  []byte // the "data:" lines, joined by "\n"
}

// splitSSE splits an event stream into its events: just enough of the
// WHATWG rules for recorded streams (the stream package has the real
// parser).
func splitSSE(b []byte) []sseFrame {
	var (
		frames []sseFrame
		cur    sseFrame
		has    bool
	)
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if len(line) == 0 {
			if has {
				frames = append(frames, cur)
			}
			cur, has = sseFrame{}, false
			continue
		}
		if line[0] == ':' {
			continue
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(name) {
		case "event":
			cur.event = string(value)
		case "data":
			if has {
				cur.data = append(cur.data, '\n')
			}
			cur.data = append(cur.data, value...)
			has = true
		}
	}
	if has {
		frames = append(frames, cur)
	}
	return frames
}

func TestSplitSSE(t *testing.T) {
	in := "event: a\ndata: {\"x\":1}\n\n: comment\r\ndata:{\r\ndata: }\r\n\r\nevent: lone\n\ndata: last"
	got := splitSSE([]byte(in))
	want := []sseFrame{{"a", []byte(`{"x":1}`)}, {"", []byte("{\n}")}, {"", []byte("last")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitSSE(%q) = %q, want %q", in, got, want)
	}
}

// eventOwnTypes are the Go types of the events themselves and of the
// objects only events carry: a member they do not model is this file's
// business. Members of responses, items, parts and tools inside events are
// checked by the tests of those types.
func eventOwnTypes() map[string]bool {
	own := map[string]bool{"ShellOutputDelta": true}
	for _, v := range eventVariants {
		own[reflect.TypeOf(v.Type).Elem().Name()] = true
	}
	return own
}

// checkEvent decodes one recorded event and checks it. Members that other
// types do not model are added to others.
func checkEvent(t *testing.T, data []byte, own map[string]bool, others map[string]bool) {
	t.Helper()
	var ev Event
	if err := wire.Unmarshal(data, &ev); err != nil {
		t.Fatalf("wire.Unmarshal(%.200s) = %v", data, err)
	}
	typ := gjson.GetBytes(data, "type").String()
	if u, ok := ev.(*Unknown); ok && !undocumentedEvents[u.Type] {
		t.Errorf("event %q decodes to *Unknown", typ)
	}
	if got := ev.EventType(); got != typ {
		t.Errorf("%T.EventType() = %q, want %q", ev, got, typ)
	}
	if got, want := ev.Sequence(), gjson.GetBytes(data, "sequence_number").Int(); got != want {
		t.Errorf("%s: Sequence() = %d, want %d", typ, got, want)
	}
	out, err := wire.Marshal(&ev)
	if err != nil {
		t.Fatalf("wire.Marshal(%T) = %v", ev, err)
	}
	for line := range strings.Lines(jsontest.Diff(data, out)) {
		if line = strings.TrimSuffix(line, "\n"); !knownRoundTripDiffs[line] {
			t.Errorf("%s: round trip differs: %s", typ, line)
		}
	}
	for _, u := range unmodeled(ev) {
		owner, _, _ := strings.Cut(u, ".")
		if own[owner] {
			t.Errorf("%s: decoded without a Go field: %s", typ, u)
		} else {
			others[u] = true
		}
	}
}

// logOthers reports, for information, what the types that events carry
// leave unmodeled.
func logOthers(t *testing.T, others map[string]bool) {
	if len(others) > 0 {
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range others {
				if !yield(k) {
					return
				}
			}
		})
		t.Logf("left raw inside events (not event members): %s", strings.Join(keys, ", "))
	}
}

// TestConformanceStreams decodes every event of every recorded stream.
func TestConformanceStreams(t *testing.T) {
	files := conformance.Files(t, "sse", "*.sse")
	if ex, err := filepath.Glob(filepath.Join(conformance.Dir(t), "openapi", "examples", "*.sse")); err == nil {
		files = append(files, ex...)
	}
	own := eventOwnTypes()
	others := map[string]bool{}
	seen := map[string]int{}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			frames := splitSSE(b)
			if len(frames) == 0 {
				t.Fatal("no events")
			}
			for i, f := range frames {
				typ := gjson.GetBytes(f.data, "type").String()
				seen[typ]++
				if f.event != "" && f.event != typ {
					t.Errorf("event %d: SSE event name %q, JSON type %q", i, f.event, typ)
				}
				t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
					checkEvent(t, f.data, own, others)
				})
			}
		})
	}
	logOthers(t, others)
	t.Logf("%d event types in %d streams", len(seen), len(files))
}

// TestConformanceEventExamples decodes the documentation example of every
// stream event type in the OpenAPI spec.
func TestConformanceEventExamples(t *testing.T) {
	own := eventOwnTypes()
	others := map[string]bool{}
	for _, path := range conformance.Files(t, filepath.Join("openapi", "examples", "stream-events"), "*.json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			checkEvent(t, data, own, others)
		})
	}
	logOthers(t, others)
}
