package responses_test

import (
	"context"
	"iter"
	"sync"
	"testing"

	"github.com/respkit/respkit/internal/benchdoc"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
)

type benchDoc = benchdoc.Doc

// benchText is the ~100 KB document of the structured-output benchmarks,
// shared with the other package's, so that the figures compare.
var benchText = benchdoc.Text

// benchEvents is the stream of a response whose output is benchText, in
// 2,000 deltas.
var benchEvents = sync.OnceValue(func() []responses.Event {
	text := benchText()
	const n = 2000
	deltas := make([]string, n)
	for i := range n {
		deltas[i] = text[i*len(text)/n : (i+1)*len(text)/n]
	}
	return textStream(deltas, nil)
})

func benchStream(context.Context, *responses.Request) iter.Seq2[responses.Event, error] {
	return events(benchEvents()...)
}

// BenchmarkStreamParse streams benchText through StreamParse, from events
// already decoded; BenchmarkStreamParseDecode decodes it whole with
// schema.Decode, for comparison.
func BenchmarkStreamParse(b *testing.B) {
	req := &responses.Request{Model: "m"}
	b.SetBytes(int64(len(benchText())))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for p, err := range responses.StreamParseWith[benchDoc](b.Context(), benchStream, req) {
			if err != nil {
				b.Fatal(err)
			}
			if p.Done && len(p.Value.Items) != 700 {
				b.Fatal("wrong final value")
			}
			n++
		}
		if n < 700 {
			b.Fatalf("%d values yielded", n)
		}
	}
}

func BenchmarkStreamParseDecode(b *testing.B) {
	data := []byte(benchText())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.Decode[benchDoc](data); err != nil {
			b.Fatal(err)
		}
	}
}

// The benchmark's stream ends with the value of the whole document.
func TestStreamParseBenchDocument(t *testing.T) {
	want, err := schema.Decode[benchDoc]([]byte(benchText()))
	if err != nil {
		t.Fatal(err)
	}
	var got *benchDoc
	for p, err := range responses.StreamParseWith[benchDoc](t.Context(), benchStream, &responses.Request{Model: "m"}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Done {
			got = p.Value
		}
	}
	if got == nil || !cmp.Equal(*got, want) {
		t.Error("streamed document differs from the decoded one")
	}
}
