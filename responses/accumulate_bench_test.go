package responses_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/respkit/respkit/responses"
)

// BenchmarkAccumulatorTextDeltas adds a message of n text deltas of about
// 5 bytes each, as decoded events. The cost per event must not grow with
// n: each delta is appended to a builder, not to a growing string.
func BenchmarkAccumulatorTextDeltas(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchmarkTextDeltas(b, n) })
	}
}

func benchmarkTextDeltas(b *testing.B, n int) {
	evs := []responses.Event{
		&responses.CreatedEvent{Response: &responses.Response{ID: "resp_1", Status: responses.StatusInProgress}},
		&responses.OutputItemAddedEvent{SequenceNumber: 1, Item: &responses.Message{ID: "msg_1", Role: responses.RoleAssistant, Status: "in_progress"}},
		&responses.ContentPartAddedEvent{SequenceNumber: 2, ItemID: "msg_1", Part: &responses.OutputText{}},
	}
	words := []string{" the ", "quick", " brow", "n fox", " jump"}
	for i := range n {
		evs = append(evs, &responses.OutputTextDeltaEvent{
			SequenceNumber: int64(3 + i), ItemID: "msg_1", Delta: words[i%len(words)],
		})
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	loops := 0
	var acc responses.Accumulator
	b.ReportAllocs()
	for b.Loop() {
		acc = responses.Accumulator{}
		for _, e := range evs {
			if err := acc.Add(e); err != nil {
				b.Fatal(err)
			}
		}
		loops++
	}
	runtime.ReadMemStats(&after)
	if got := len(acc.Response().OutputText()); got != 5*n {
		b.Fatalf("text of %d bytes, want %d", got, 5*n)
	}
	events := float64(loops * len(evs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/events, "allocs/event")
}
