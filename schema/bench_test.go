package schema

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/respkit/respkit/internal/benchdoc"
)

type benchDoc = benchdoc.Doc

// benchText is the ~100 KB document of the structured-output benchmarks,
// shared with the other package's, so that the figures compare.
var benchText = benchdoc.Text

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
