package stream

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFixtures decodes the streams in testdata, which also seed
// FuzzDecoder, through every reader.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []tev
	}{
		{"crlf.sse", []tev{
			{Type: "greeting", Data: "first line\nsecond line\n", ID: "41", Retry: 2500 * time.Millisecond},
			{Type: "message", Data: " two spaces", ID: "42", Retry: 2500 * time.Millisecond},
			{Type: "message", Data: "id kept", ID: "42", Retry: 2500 * time.Millisecond},
			{Type: "message", Data: "message again", ID: "42", Retry: 2500 * time.Millisecond},
		}},
		{"cr.sse", []tev{{Type: "message", Data: "one\ntwo"}, {Type: "end", Data: "three"}}},
		{"comments.sse", nil},
		{"unterminated.sse", []tev{{Type: "partial", Data: `{"type":"partial","no":"blank line"}`}}},
		{"done.sse", []tev{{Type: "message", Data: `{"type":"error","code":"server_error"}`}, {Type: "message", Data: "[DONE]"}}},
		{"responses.sse", []tev{
			{Type: "response.created", Data: `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}`},
			{Type: "response.output_text.delta", Data: `{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hel","logprobs":[]}`},
			{Type: "response.output_text.delta", Data: `{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"lo","logprobs":[]}`},
			{Type: "response.completed", Data: `{"type":"response.completed","sequence_number":3,"response":{"id":"resp_1","object":"response","status":"completed"}}`},
		}},
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.sse"))
	if len(files) != len(tests) {
		t.Errorf("testdata holds %d streams, the test knows %d", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, rd := range readers {
				got, err := decodeAll(rd.wrap(strings.NewReader(string(in))))
				if err != nil {
					t.Errorf("%s: %v", rd.name, err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s: events differ (-want +got):\n%s", rd.name, diff)
				}
			}
		})
	}
}
