package stream

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// conformanceDir holds recorded Responses API traffic, outside the
// repository (see DESIGN.md); a fresh clone does not have it.
var conformanceDir = filepath.Join("..", "..", "shared", "conformance")

// TestConformance decodes every recorded Responses API stream, checking
// that each event's data is one JSON value whose "type" is the event's
// type, that a one-byte reader gives the same events, and, where the
// folder's index.json describes the file, the number and the types of its
// events. For the vercel-ai streams, which were framed from one-JSON-per-
// line files, the decoded data must be those lines, byte for byte.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(conformanceDir, "sse", "*.sse"))
	examples, _ := filepath.Glob(filepath.Join(conformanceDir, "openapi", "examples", "*.sse"))
	files = append(files, examples...)
	if len(files) == 0 {
		t.Skipf("no recorded streams in %s (a clone without the shared conformance data): skipping", conformanceDir)
	}
	index := readIndex(t)
	data := map[string][]string{} // by the file the stream was framed from
	for _, path := range files {
		rel, _ := filepath.Rel(conformanceDir, path)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			evs, err := decodeAll(bytes.NewReader(in))
			if err != nil {
				t.Fatalf("decoding: %v", err)
			}
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			types := map[string]bool{}
			for i, ev := range evs {
				var v struct {
					Type *string `json:"type"`
				}
				if err := json.Unmarshal([]byte(ev.Data), &v); err != nil {
					t.Fatalf("event %d (%s): data is not JSON: %v", i, ev.Type, err)
				}
				if ev.Type != "message" && (v.Type == nil || *v.Type != ev.Type) {
					t.Errorf("event %d: event type %q, JSON type %v", i, ev.Type, v.Type)
				}
				if v.Type != nil {
					types[*v.Type] = true
				}
			}
			slow, err := decodeAll(iotest.OneByteReader(bytes.NewReader(in)))
			if err != nil {
				t.Fatalf("decoding one byte at a time: %v", err)
			}
			if !cmp.Equal(evs, slow) {
				t.Errorf("decoding one byte at a time gives other events")
			}
			if e, ok := index[rel]; ok {
				if e.NEvents != 0 && len(evs) != e.NEvents {
					t.Errorf("decoded %d events, index.json says %d", len(evs), e.NEvents)
				}
				if got := slices.Sorted(maps.Keys(types)); e.EventTypes != nil && !cmp.Equal(got, slices.Sorted(slices.Values(e.EventTypes))) {
					t.Errorf("event types %q, index.json says %q", got, e.EventTypes)
				}
				if e.DerivedFrom != "" {
					for _, ev := range evs {
						data[e.DerivedFrom] = append(data[e.DerivedFrom], ev.Data)
					}
				}
			}
		})
	}
	if index != nil && len(data) == 0 {
		t.Error("index.json names no stream framed from another file: nothing compared")
	}
	for from, got := range data {
		in, err := os.ReadFile(filepath.Join(conformanceDir, filepath.FromSlash(from)))
		if err != nil {
			t.Errorf("%s: %v", from, err)
			continue
		}
		want := strings.Split(strings.TrimSuffix(string(in), "\n"), "\n")
		if !cmp.Equal(got, want) {
			t.Errorf("the data of the streams framed from %s are not its lines", from)
		}
	}
}

type indexEntry struct {
	NEvents     int      `json:"n_events"`
	EventTypes  []string `json:"event_types"`
	DerivedFrom string   `json:"derived_from"`
}

// readIndex reads the conformance folder's index.json, if it is there.
func readIndex(t *testing.T) map[string]indexEntry {
	in, err := os.ReadFile(filepath.Join(conformanceDir, "index.json"))
	if err != nil {
		t.Logf("no index.json: %v", err)
		return nil
	}
	var index map[string]indexEntry
	if err := json.Unmarshal(in, &index); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	return index
}
