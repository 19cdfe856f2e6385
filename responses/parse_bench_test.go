package responses_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
)

type benchItem struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags"`
	Done  bool     `json:"done"`
	Note  *string  `json:"note"`
}

type benchDoc struct {
	Title   string      `json:"title"`
	Summary string      `json:"summary"`
	Items   []benchItem `json:"items"`
}

// benchText is a document of about 100 KB: a long string and many small
// objects, as a model streams them. It is the document of the schema
// package's BenchmarkDecodeDocument and BenchmarkPartialStream, so that
// the figures compare.
var benchText = sync.OnceValue(func() string {
	note := "checked"
	d := benchDoc{Title: "Quarterly report", Summary: strings.Repeat("The quick brown fox jumps over the lazy dog. \"Quoted\" é ", 500)}
	for i := range 700 {
		it := benchItem{ID: i, Name: fmt.Sprintf("item number %d", i), Price: float64(i) * 1.25, Tags: []string{"alpha", "beta"}, Done: i%2 == 0}
		if i%3 == 0 {
			it.Note = &note
		}
		d.Items = append(d.Items, it)
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(b)
})

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
