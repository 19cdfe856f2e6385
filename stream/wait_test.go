package stream

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// pieceReader returns one piece per Read, as an HTTP body returns what
// the server flushed, and before each read calls check with the buffer it
// reads into.
type pieceReader struct {
	pieces []string
	check  func(p []byte)
}

func (r *pieceReader) Read(p []byte) (int, error) {
	if r.check != nil {
		r.check(p)
	}
	if len(r.pieces) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.pieces[0])
	if r.pieces[0] = r.pieces[0][n:]; r.pieces[0] == "" {
		r.pieces = r.pieces[1:]
	}
	return n, nil
}

// delta is an event shaped like a text delta of the Responses API.
func delta(i int) string {
	return fmt.Sprintf("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":\"msg_0123456789abcdef0123456789abcdef\",\"output_index\":0,\"content_index\":0,\"delta\":\" caf\u00e9 \\\"\U0001F600\\\"\\n\",\"logprobs\":[],\"obfuscation\":\"qZ3kVx8L\"}\n\n", i)
}

// TestWaitHoldsLittle checks that a decoder waiting for an event, with
// everything it read consumed, reads into its small buffer and holds no
// large one, whatever the events it read before; and that it takes the
// events it can whole, without copying them into its data buffer.
func TestWaitHoldsLittle(t *testing.T) {
	big := "data: " + strings.Repeat("x", 1<<20) + "\n\n"
	tests := []struct {
		name   string
		pieces []string
		data   bool // an event needs the data buffer
	}{
		{"one event per read", []string{delta(0), delta(1), delta(2)}, false},
		{"events cut in two", []string{delta(0)[:100], delta(0)[100:] + delta(1)[:7], delta(1)[7:], delta(2)}, false},
		{"a 1 MiB event, then small ones", []string{delta(0), big, delta(1), delta(2)}, false},
		{"a 1 MiB event in pieces", []string{delta(0), big[:300], big[300 : 100<<10], big[100<<10:], delta(1)}, false},
		{"a large event in many lines", []string{delta(0), strings.Repeat("data: "+strings.Repeat("y", 1000)+"\n", 100) + "\n", delta(1)}, true},
		{"a 40 KiB event in pieces", []string{delta(0), big[:20<<10], big[20<<10 : 40<<10], "\n\n", delta(1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d *Decoder
			waits := 0
			r := &pieceReader{pieces: tt.pieces, check: func(p []byte) {
				if d.w > 0 || d.long != nil {
					return // in the middle of an event
				}
				waits++
				if len(p) > idleBufSize || cap(d.buf) > idleBufSize || d.large != nil {
					t.Errorf("waiting with a read buffer of %d bytes (into %d), large %v; want at most %d", cap(d.buf), len(p), d.large != nil, idleBufSize)
				}
				if cap(d.data) > maxIdleData {
					t.Errorf("waiting with a data buffer of %d bytes, want at most %d", cap(d.data), maxIdleData)
				}
			}}
			d = NewDecoder(r)
			n := 0
			for {
				ev, err := d.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(string(ev.Data), "{") && !strings.HasPrefix(string(ev.Data), "x") && !strings.HasPrefix(string(ev.Data), "y") {
					t.Fatalf("event %d: data %.40q", n, ev.Data)
				}
				n++
			}
			if waits == 0 {
				t.Error("no read found the decoder waiting")
			}
			if !tt.data && d.data != nil {
				t.Errorf("the data buffer was used (%d bytes): an event was not taken whole", cap(d.data))
			}
			d.Reset(strings.NewReader(""))
			if d.large != nil || d.buf != nil {
				t.Errorf("after Reset the decoder holds a read buffer of %d bytes (large %v)", cap(d.buf), d.large != nil)
			}
		})
	}
}
