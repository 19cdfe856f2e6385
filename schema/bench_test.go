package schema

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
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

// benchText is a ~100 KB document: a long string field and many small
// objects, as a model would stream them.
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

// benchDeltas cuts the document into 2,000 deltas.
func benchDeltas() []string {
	text := benchText()
	const n = 2000
	out := make([]string, n)
	for i := range n {
		out[i] = text[i*len(text)/n : (i+1)*len(text)/n]
	}
	return out
}

func BenchmarkForCached(b *testing.B) {
	For[Invoice]()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := For[Invoice](); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForUncached(b *testing.B) {
	t := reflect.TypeFor[Invoice]()
	b.ReportAllocs()
	for b.Loop() {
		plans[1].Delete(t)
		if ts := reflectSchema(t); ts.err != nil {
			b.Fatal(ts.err)
		}
	}
}

func BenchmarkDecodeInvoice(b *testing.B) {
	data := []byte(invoiceJSON)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode[Invoice](data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeDocument, BenchmarkUnmarshalDocument and
// BenchmarkPartialStream decode the same ~100 KB document: whole with
// Decode, whole with encoding/json, and streamed in 2,000 deltas.
func BenchmarkDecodeDocument(b *testing.B) {
	data := []byte(benchText())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode[benchDoc](data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalDocument(b *testing.B) {
	data := []byte(benchText())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var d benchDoc
		if err := json.Unmarshal(data, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPartialStream(b *testing.B) {
	deltas := benchDeltas()
	b.SetBytes(int64(len(benchText())))
	b.ReportAllocs()
	for b.Loop() {
		p := NewPartial[benchDoc]()
		for _, d := range deltas {
			if _, err := p.Write(d); err != nil {
				b.Fatal(err)
			}
			_ = p.Value()
		}
		if _, err := p.Final(); err != nil {
			b.Fatal(err)
		}
	}
}

// The streamed value ends equal to the whole decode.
func TestBenchDocument(t *testing.T) {
	deltas := benchDeltas()
	if n := len(deltas); n != 2000 {
		t.Errorf("%d deltas, want 2000", n)
	}
	if n := len(benchText()); n < 90_000 || n > 110_000 {
		t.Errorf("document of %d bytes, want about 100 KB", n)
	}
	p := NewPartial[benchDoc]()
	for _, d := range deltas {
		if _, err := p.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := p.Final()
	if err != nil {
		t.Fatal(err)
	}
	var want benchDoc
	json.Unmarshal([]byte(benchText()), &want)
	if snapshot(&got) != snapshot(&want) {
		t.Error("streamed document differs from encoding/json")
	}
}
