package responses_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/responses"
)

// BenchmarkReadEventsRecorded reads every recorded stream of the
// conformance data: real lifecycle events, whose responses carry the nulls
// and settings that the API echoes, among the deltas.
func BenchmarkReadEventsRecorded(b *testing.B) {
	var streams [][]byte
	size := 0
	for _, path := range conformance.Files(b, "sse", "*.sse") {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		streams = append(streams, data)
		size += len(data)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, data := range streams {
			for _, err := range responses.ReadEvents(bytes.NewReader(data)) {
				if err != nil {
					break // the recorded error and failed streams end so
				}
			}
		}
	}
}
