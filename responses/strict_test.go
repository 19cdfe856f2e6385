package responses

import (
	"errors"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/wire"
)

// TestDecodeWrongKindActedOn checks that a member respkit acts on, given a
// JSON value of the wrong kind, fails the decoding with its JSON path,
// instead of reading as its zero value.
func TestDecodeWrongKindActedOn(t *testing.T) {
	tests := []struct {
		name string
		in   string
		into func() any
		path string
	}{
		{"sequence number", `{"type":"response.output_text.delta","sequence_number":"one","item_id":"msg_1","delta":"a"}`, func() any { return new(Event) }, "sequence_number"},
		{"item id", `{"type":"response.output_text.delta","sequence_number":1,"item_id":7,"delta":"a"}`, func() any { return new(Event) }, "item_id"},
		{"output index", `{"type":"response.output_item.added","sequence_number":1,"output_index":"0","item":{"type":"message","id":"m"}}`, func() any { return new(Event) }, "output_index"},
		{"event type", `{"type":5,"sequence_number":1}`, func() any { return new(Event) }, "type"},
		{"call id in output", `{"id":"resp_1","object":"response","status":"completed","output":[{"type":"message","id":"m","role":"assistant","content":[]},{"type":"reasoning","id":"r","summary":[]},{"type":"function_call","id":"fc","call_id":12,"name":"f","arguments":"{}"}]}`, func() any { return new(Response) }, "output[2].call_id"},
		{"arguments", `{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":{"a":1}}}`, func() any { return new(Event) }, "item.arguments"},
		{"status", `{"id":"resp_1","object":"response","status":true,"output":[]}`, func() any { return new(Response) }, "status"},
		{"response id", `{"type":"response.completed","sequence_number":9,"response":{"id":["resp_1"],"object":"response","status":"completed","output":[]}}`, func() any { return new(Event) }, "response.id"},
		{"item type", `{"id":"resp_1","object":"response","output":[{"type":{"k":"message"}}]}`, func() any { return new(Response) }, "output[0].type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wire.Unmarshal([]byte(tt.in), tt.into())
			pe, ok := errors.AsType[*wire.PathError](err)
			if !ok {
				t.Fatalf("wire.Unmarshal(%s) = %v, want a *wire.PathError", tt.in, err)
			}
			if pe.Path != tt.path {
				t.Errorf("wire.Unmarshal(%s): path %q, want %q", tt.in, pe.Path, tt.path)
			}
		})
	}
}

// TestReadEventsWrongKindPath checks that the event reader's *ProtocolError
// names the JSON path of a member of the wrong kind.
func TestReadEventsWrongKindPath(t *testing.T) {
	const stream = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":\"one\",\"item_id\":\"msg_1\",\"delta\":\"a\"}\n\n"
	var err error
	for _, err = range ReadEvents(strings.NewReader(stream)) {
		if err != nil {
			break
		}
	}
	de, ok := errors.AsType[*ProtocolError](err)
	if !ok {
		t.Fatalf("ReadEvents error = %v, want a *ProtocolError", err)
	}
	if !strings.Contains(de.Error(), "sequence_number") {
		t.Errorf("ReadEvents error = %q, want the path sequence_number in it", de)
	}
	if _, ok := errors.AsType[*wire.PathError](err); !ok {
		t.Errorf("ReadEvents error = %v, does not wrap a *wire.PathError", err)
	}
}
