package stream

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// textDeltaStream returns n response.output_text.delta events framed as
// the Responses API frames them.
func textDeltaStream(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "event: response.output_text.delta\n"+
			`data: {"type":"response.output_text.delta","item_id":"msg_68a1f2c3d4e5f60718293a4b5c6d7e8f0a1b2c3d4e5f6071","output_index":0,"content_index":0,"delta":"Hello","sequence_number":%d,"logprobs":[]}`+"\n\n", i+4)
	}
	return b.String()
}

const benchEvents = 10_000

// benchmarkStream measures decode, which decodes a stream of benchEvents
// text-delta events and returns how many it saw, and reports the time per
// event.
func benchmarkStream(b *testing.B, decode func(r io.Reader) (int, error)) {
	in := []byte(textDeltaStream(benchEvents))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	r := bytes.NewReader(in)
	for b.Loop() {
		r.Reset(in)
		n, err := decode(r)
		if err != nil || n != benchEvents {
			b.Fatalf("decoded %d events, error %v; want %d, nil", n, err, benchEvents)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchEvents), "ns/event")
}

// drain reads d to the end and returns the number of events.
func drain(d *Decoder) (int, error) {
	for n := 0; ; n++ {
		if _, err := d.Next(); err != nil {
			if err == io.EOF {
				return n, nil
			}
			return n, err
		}
	}
}

// BenchmarkDecoder decodes 10,000 text-delta events per op.
func BenchmarkDecoder(b *testing.B) {
	// A new decoder per stream: a few allocations per stream (the decoder,
	// its buffers, the type string), none per event.
	b.Run("new", func(b *testing.B) {
		benchmarkStream(b, func(r io.Reader) (int, error) { return drain(NewDecoder(r)) })
	})
	// A decoder reused with Reset: no allocations at all.
	b.Run("reset", func(b *testing.B) {
		d := NewDecoder(nil)
		benchmarkStream(b, func(r io.Reader) (int, error) { d.Reset(r); return drain(d) })
	})
	// Reads of at most 1400 bytes, about one TCP segment, as from a
	// network connection.
	b.Run("chunked", func(b *testing.B) {
		d := NewDecoder(nil)
		lr := &limitedReads{n: 1400}
		benchmarkStream(b, func(r io.Reader) (int, error) { lr.r = r; d.Reset(lr); return drain(d) })
	})
}

// BenchmarkEvents ranges over the iterator, 10,000 text-delta events per
// op.
func BenchmarkEvents(b *testing.B) {
	benchmarkStream(b, func(r io.Reader) (int, error) {
		n := 0
		for _, err := range Events(r) {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	})
}

// limitedReads returns at most n bytes per Read.
type limitedReads struct {
	r io.Reader
	n int
}

func (l *limitedReads) Read(p []byte) (int, error) {
	return l.r.Read(p[:min(len(p), l.n)])
}
