package responses

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/respkit/respkit/internal/wire"
)

const textDelta = `{"type":"response.output_text.delta","sequence_number":42,"item_id":"msg_0d2c9b7a5e1f4c3b8a6d0e9f1a2b3c4d","output_index":0,"content_index":0,"delta":" world","logprobs":[],"obfuscation":"abc"}`

// BenchmarkDecodeTextDelta decodes the stream's most frequent event with a
// reused decoder, as the stream reader does. The Event variable is reused
// too: a reader that decodes into a new local variable each time pays one
// more allocation, for the variable escaping to the heap.
func BenchmarkDecodeTextDelta(b *testing.B) {
	data := []byte(textDelta)
	var dec wire.Decoder
	var ev Event
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := dec.Unmarshal(data, &ev); err != nil {
			b.Fatal(err)
		}
		if ev.(*OutputTextDeltaEvent).Delta != " world" {
			b.Fatal("wrong delta")
		}
	}
}

// BenchmarkDecodeTextDeltaVaried is BenchmarkDecodeTextDelta with a
// different delta, obfuscation and sequence number in every event, as in a
// real stream, where the deltas rarely repeat.
func BenchmarkDecodeTextDeltaVaried(b *testing.B) {
	const n = 1024
	events := make([][]byte, n)
	for i := range events {
		events[i] = fmt.Appendf(nil, `{"type":"response.output_text.delta","sequence_number":%d,"item_id":"msg_0d2c9b7a5e1f4c3b8a6d0e9f1a2b3c4d","output_index":0,"content_index":0,"delta":" word%d","logprobs":[],"obfuscation":"q%dZ"}`, i, i, i*7919)
	}
	var dec wire.Decoder
	var ev Event
	b.ReportAllocs()
	b.SetBytes(int64(len(events[0])))
	i := 0
	for b.Loop() {
		if err := dec.Unmarshal(events[i%n], &ev); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDecodeTextDeltaStream decodes varied text deltas as the stream
// reader does: aliasing the event data, with events allocated in batches.
func BenchmarkDecodeTextDeltaStream(b *testing.B) {
	const n = 1024
	events := make([][]byte, n)
	for i := range events {
		events[i] = fmt.Appendf(nil, `{"type":"response.output_text.delta","sequence_number":%d,"item_id":"msg_0d2c9b7a5e1f4c3b8a6d0e9f1a2b3c4d","output_index":0,"content_index":0,"delta":" word%d","logprobs":[],"obfuscation":"q%dZ"}`, i, i, i*7919)
	}
	var dec wire.Decoder
	dec.Batch(eventBatch)
	var ev Event
	b.ReportAllocs()
	b.SetBytes(int64(len(events[0])))
	i := 0
	for b.Loop() {
		if err := dec.UnmarshalAlias(events[i%n], &ev); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDecodeTextDeltaNoIntern decodes with wire.Unmarshal, which
// copies every string: the baseline for the decoder's interning.
func BenchmarkDecodeTextDeltaNoIntern(b *testing.B) {
	data := []byte(textDelta)
	var ev Event
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := wire.Unmarshal(data, &ev); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeTextDeltaStdlib decodes the same event with encoding/json
// into a plain struct of the same shape (no union dispatch, no presence
// tracking): a reference point for the ratio, not an alternative.
func BenchmarkDecodeTextDeltaStdlib(b *testing.B) {
	type plainDelta struct {
		Type           string    `json:"type"`
		SequenceNumber int64     `json:"sequence_number"`
		ItemID         string    `json:"item_id"`
		OutputIndex    int       `json:"output_index"`
		ContentIndex   int       `json:"content_index"`
		Delta          string    `json:"delta"`
		Logprobs       []Logprob `json:"logprobs"`
		Obfuscation    string    `json:"obfuscation"`
	}
	data := []byte(textDelta)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ev := new(plainDelta)
		if err := json.Unmarshal(data, ev); err != nil {
			b.Fatal(err)
		}
	}
}
