package responses_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/respkit/respkit/responses"
)

// deltaStream returns a stream of n output_text.delta events between the
// created and completed events, as the API frames them.
func deltaStream(n int) []byte {
	var b bytes.Buffer
	b.WriteString("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n")
	for i := range n {
		fmt.Fprintf(&b, "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":\"msg_0123456789abcdef0123456789abcdef\",\"output_index\":0,\"content_index\":0,\"delta\":\" word\",\"logprobs\":[],\"obfuscation\":\"qZ3kVx8L\"}\n\n", i+1)
	}
	fmt.Fprintf(&b, "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":%d,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}\n\n", n+1)
	return b.Bytes()
}

func BenchmarkReadEvents(b *testing.B) {
	for _, n := range []int{100, 10000} {
		data := deltaStream(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var text bytes.Buffer
				for ev, err := range responses.ReadEvents(bytes.NewReader(data)) {
					if err != nil {
						b.Fatal(err)
					}
					if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
						text.WriteString(d.Delta)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
		})
	}
}
