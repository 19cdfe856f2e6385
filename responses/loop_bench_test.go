package responses_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/respkit/respkit/responses"
)

// BenchmarkDispatch measures the loop's own cost of answering the calls of
// one turn: routing, decoding the arguments, running the handlers (which
// do nothing) and encoding their results.
func BenchmarkDispatch(b *testing.B) {
	for _, n := range []int{1, 8} {
		resp := &responses.Response{ParallelToolCalls: true}
		for i := range n {
			resp.Output = append(resp.Output, &responses.FunctionCall{
				CallID: fmt.Sprint("call_", i), Name: "get_weather", Arguments: `{"city":"Paris"}`,
			})
		}
		for _, mode := range []struct {
			name     string
			parallel int
		}{{"parallel", 0}, {"sequential", 1}} {
			b.Run(fmt.Sprintf("%d calls %s", n, mode.name), func(b *testing.B) {
				loop := &responses.Loop{Tools: []responses.Handler{weatherTool}, MaxParallel: mode.parallel}
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := loop.Dispatch(ctx, resp); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
