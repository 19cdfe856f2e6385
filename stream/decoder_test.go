package stream

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// readers are the ways the table tests feed their input: all of them must
// give the same events.
var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"plain", func(r io.Reader) io.Reader { return r }},
	{"one-byte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"data-err", iotest.DataErrReader},
}

var decodeTests = []struct {
	name string
	in   string
	want []tev
}{
	// Framing and line ends.
	{"empty", "", nil},
	{"one event", "data: hi\n\n", []tev{{Type: "message", Data: "hi"}}},
	{"two events", "data: a\n\ndata: b\n\n", []tev{{"message", "a", "", 0}, {"message", "b", "", 0}}},
	{"crlf", "event: e\r\ndata: a\r\n\r\ndata: b\r\n\r\n", []tev{{"e", "a", "", 0}, {"message", "b", "", 0}}},
	{"cr", "event: e\rdata: a\r\rdata: b\r\r", []tev{{"e", "a", "", 0}, {"message", "b", "", 0}}},
	{"mixed line ends", "data: a\rdata: b\r\ndata: c\n\r\n", []tev{{Type: "message", Data: "a\nb\nc"}}},
	{"cr then lf is one line end", "data: a\r\n\r\n", []tev{{Type: "message", Data: "a"}}},
	{"lf then cr is two line ends", "data: a\n\rdata: b\n\n", []tev{{Type: "message", Data: "a"}, {Type: "message", Data: "b"}}},
	{"blank lines between events", "\n\n\r\ndata: a\n\n\n\n\rdata: b\n\n\n", []tev{{Type: "message", Data: "a"}, {Type: "message", Data: "b"}}},
	{"trailing spaces kept", "data: a  \n\n", []tev{{Type: "message", Data: "a  "}}},

	// Events read in whole take a shorter path; these must not.
	{"cr inside the event line", "event: e\rx\ndata: a\n\n", []tev{{Type: "e", Data: "a"}}},
	{"cr inside the data line", "data: a\rb\n\n", []tev{{Type: "message", Data: "a"}}},
	{"crlf after empty data", "data: \r\n\n", []tev{{Type: "message", Data: ""}}},
	{"empty event value", "event: \ndata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"two spaces keep one", "event:  e\ndata:  a\n\n", []tev{{Type: " e", Data: " a"}}},
	{"no space after colon", "event:e\ndata:a\n\n", []tev{{Type: "e", Data: "a"}}},
	{"event after id", "id: 7\ndata: a\n\ndata: b\n\n", []tev{{"message", "a", "7", 0}, {"message", "b", "7", 0}}},

	// End of stream (the documented deviation).
	{"eof after data line", "data: a\n", []tev{{Type: "message", Data: "a"}}},
	{"eof mid line", "data: a", []tev{{Type: "message", Data: "a"}}},
	{"eof after cr", "data: a\r", []tev{{Type: "message", Data: "a"}}},
	{"eof mid event", "data: a\n\nevent: x\ndata: b", []tev{{Type: "message", Data: "a"}, {Type: "x", Data: "b"}}},
	{"eof after event without data", "data: a\n\nevent: x\n", []tev{{Type: "message", Data: "a"}}},

	// data.
	{"data joined with newline", "data: a\ndata: b\ndata: c\n\n", []tev{{Type: "message", Data: "a\nb\nc"}}},
	{"data without colon adds an empty line", "data: a\ndata\n\n", []tev{{Type: "message", Data: "a\n"}}},
	{"data without colon alone", "data\n\n", []tev{{Type: "message", Data: ""}}},
	{"data empty value", "data:\n\n", []tev{{Type: "message", Data: ""}}},
	{"two empty data lines", "data\ndata\n\n", []tev{{Type: "message", Data: "\n"}}},
	{"data empty between", "data: a\ndata:\ndata: b\n\n", []tev{{Type: "message", Data: "a\n\nb"}}},
	{"no space after colon", "data:a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"only one space stripped", "data:  a\n\n", []tev{{Type: "message", Data: " a"}}},
	{"tab not stripped", "data:\ta\n\n", []tev{{Type: "message", Data: "\ta"}}},
	{"colon in value", "data: a: b:c\n\n", []tev{{Type: "message", Data: "a: b:c"}}},
	{"nul in data", "data: a\x00b\n\n", []tev{{Type: "message", Data: "a\x00b"}}},
	{"json data", "data: {\"type\":\"x\"}\n\n", []tev{{Type: "message", Data: `{"type":"x"}`}}},

	// event.
	{"event type", "event: ping\ndata: a\n\n", []tev{{Type: "ping", Data: "a"}}},
	{"last event field wins", "event: a\nevent: b\ndata: x\n\n", []tev{{Type: "b", Data: "x"}}},
	{"event after data", "data: x\nevent: late\n\n", []tev{{Type: "late", Data: "x"}}},
	{"empty event type is message", "event:\ndata: x\n\n", []tev{{Type: "message", Data: "x"}}},
	{"event without colon is message", "event\ndata: x\n\n", []tev{{Type: "message", Data: "x"}}},
	{"event type not carried over", "event: a\ndata: x\n\ndata: y\n\n", []tev{{Type: "a", Data: "x"}, {Type: "message", Data: "y"}}},
	{"event without data not dispatched", "event: a\n\ndata: y\n\n", []tev{{Type: "message", Data: "y"}}},
	{"event type keeps spaces", "event:  a b \ndata: x\n\n", []tev{{Type: " a b ", Data: "x"}}},

	// Comments, unknown fields, names.
	{"comment only", ": keep-alive\n\n:\n\n: x\r\n\r\n", nil},
	{"comment inside event", "data: a\n: note\ndata: b\n\n", []tev{{Type: "message", Data: "a\nb"}}},
	{"unknown field", "foo: bar\ndata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"unknown field without colon", "foo\ndata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"unknown fields only", "foo: bar\nbaz\n\n", nil},
	{"names are case sensitive", "Data: a\nDATA: b\nEvent: c\ndata: d\n\n", []tev{{Type: "message", Data: "d"}}},
	{"space before colon", "data : a\ndata: b\n\n", []tev{{Type: "message", Data: "b"}}},
	{"leading space in name", " data: a\ndata: b\n\n", []tev{{Type: "message", Data: "b"}}},

	// Byte order mark.
	{"bom", "\uFEFFdata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"bom only", "\uFEFF", nil},
	{"two boms", "\uFEFF\uFEFFdata: a\n\ndata: b\n\n", []tev{{Type: "message", Data: "b"}}},
	{"bom not at start", "data: a\n\n\uFEFFdata: b\n\n", []tev{{Type: "message", Data: "a"}}},
	{"bom in value kept", "data: \uFEFFa\n\n", []tev{{Type: "message", Data: "\uFEFFa"}}},
	{"partial bom", "\xEF\xBBdata: a\n\n", nil},
	{"partial bom at eof", "\xEF\xBB", nil},

	// id.
	{"id", "id: 1\ndata: a\n\n", []tev{{Type: "message", Data: "a", ID: "1"}}},
	{"id persists", "id: 1\ndata: a\n\ndata: b\n\n", []tev{{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b", ID: "1"}}},
	{"id changes", "id: 1\ndata: a\n\nid: 2\ndata: b\n\n", []tev{{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b", ID: "2"}}},
	{"id after data", "data: a\nid: 7\n\n", []tev{{Type: "message", Data: "a", ID: "7"}}},
	{"id in block without data", "id: 1\n\ndata: a\n\n", []tev{{Type: "message", Data: "a", ID: "1"}}},
	{"empty id resets", "id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\ndata: c\n\nid:\ndata: d\n\n", []tev{
		{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b"},
		{Type: "message", Data: "c", ID: "2"}, {Type: "message", Data: "d"}}},
	{"id with nul ignored", "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n", []tev{{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b", ID: "1"}}},
	{"id last wins", "id: 1\nid: 2\ndata: a\n\n", []tev{{Type: "message", Data: "a", ID: "2"}}},
	{"id with spaces", "id:  a b\ndata: x\n\n", []tev{{Type: "message", Data: "x", ID: " a b"}}},

	// retry.
	{"retry", "retry: 1500\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 1500 * time.Millisecond}}},
	{"retry persists", "retry: 10\ndata: a\n\ndata: b\n\n", []tev{{Type: "message", Data: "a", Retry: 10 * time.Millisecond}, {Type: "message", Data: "b", Retry: 10 * time.Millisecond}}},
	{"retry in block without data", "retry: 3000\n\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 3 * time.Second}}},
	{"retry zero", "retry: 5\n\nretry: 0\ndata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"retry leading zeros", "retry: 007\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 7 * time.Millisecond}}},
	{"retry empty resets", "retry: 5\n\nretry\ndata: a\n\n", []tev{{Type: "message", Data: "a"}}},
	{"retry non digits ignored", "retry: 5\n\nretry: 1a\nretry: -1\nretry: 1.5\nretry: +1\nretry: one\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 5 * time.Millisecond}}},
	{"retry two spaces ignored", "retry: 5\n\nretry:  100\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 5 * time.Millisecond}}},
	{"retry trailing space ignored", "retry: 5\n\nretry: 100 \ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 5 * time.Millisecond}}},
	{"retry largest", "retry: 9223372036854\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 9223372036854 * time.Millisecond}}},
	{"retry overflow ignored", "retry: 5\n\nretry: 9223372036855\nretry: 99999999999999999999999\ndata: a\n\n", []tev{{Type: "message", Data: "a", Retry: 5 * time.Millisecond}}},

	// All together, with a realistic Responses API stream.
	{"responses stream", "event: response.created\ndata: {\"type\":\"response.created\"}\n\n" +
		": keep-alive\n\n" +
		"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n",
		[]tev{{Type: "response.created", Data: `{"type":"response.created"}`}, {Type: "response.output_text.delta", Data: `{"type":"response.output_text.delta","delta":"Hi"}`}}},
}

func TestDecoder(t *testing.T) {
	for _, tt := range decodeTests {
		t.Run(tt.name, func(t *testing.T) {
			// The reference reading of the specification must agree with
			// the expectation written by hand, so that the fuzz test's
			// comparison against it means something.
			if got, _, _ := refDecode(tt.in); !cmp.Equal(got, tt.want) {
				t.Errorf("refDecode(%q) differs from the expectation (-want +got):\n%s", tt.in, cmp.Diff(tt.want, got))
			}
			for _, rd := range readers {
				got, err := decodeAll(rd.wrap(strings.NewReader(tt.in)))
				if err != nil {
					t.Errorf("%s: decoding %q: %v", rd.name, tt.in, err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s: events of %q differ (-want +got):\n%s", rd.name, tt.in, diff)
				}
			}
		})
	}
}

// TestDecoderSplits feeds each input in two reads, split at every possible
// point: a CR at the end of one read and its LF at the start of the next,
// a byte order mark cut in two, a field name cut in two, and so on.
func TestDecoderSplits(t *testing.T) {
	ins := []string{
		"\uFEFFevent: e\r\ndata: a\r\n\r\nid: 1\rdata: b\r\rretry: 10\ndata: c\n\n",
		"data: a\r\n\r\ndata: b\r\n\r\n",
		"data: a\r\r\ndata: b\r\r\n",
		": c\r\n\r\ndata\r\n\r\n",
	}
	for _, in := range ins {
		want, _, _ := refDecode(in)
		for i := range len(in) + 1 {
			r := &chunkReader{chunks: []string{in[:i], in[i:]}}
			got, err := decodeAll(r)
			if err != nil {
				t.Fatalf("decoding %q split at %d: %v", in, i, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("events of %q split at %d differ (-want +got):\n%s", in, i, diff)
			}
		}
	}
}

// chunkReader returns its chunks one per Read, then io.EOF.
type chunkReader struct {
	chunks []string
	err    error // returned after the chunks instead of io.EOF, if set
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.chunks) > 0 && r.chunks[0] == "" {
		r.chunks = r.chunks[1:]
	}
	if len(r.chunks) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks[0] = r.chunks[0][n:]
	return n, nil
}
