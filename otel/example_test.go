package otel_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/respkit/respkit/otel"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// The spans of a tool loop, printed as a tree: the loop, its model calls
// with their HTTP attempts, and its tool calls. Offline: the model is
// respkit's fake server. A service would export the spans (OTLP, say)
// instead of recording them.
func Example() {
	spans := tracetest.NewSpanRecorder()
	inst, err := otel.New(otel.Config{TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))})
	if err != nil {
		log.Fatal(err)
	}

	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(
		responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: map[string]string{"city": "Paris"}}),
		responsestest.Text("It is 18°C in Paris."),
	)
	c, err := srv.Client(inst.ClientOption())
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c).WithObserver(inst.Observer())

	type Args struct {
		City string `json:"city"`
	}
	weather := responses.Func("get_weather", "Get the weather in a city.", func(ctx context.Context, a Args) (string, error) {
		return "18°C", nil // a real tool's own spans would start from ctx and nest under its call
	})
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weather}}
	if _, err := loop.Run(context.Background(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Weather in Paris?")}); err != nil {
		log.Fatal(err)
	}

	// Print the tree, each span's children in start order.
	ended := spans.Ended()
	slices.SortFunc(ended, func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) })
	var print func(parent string, indent int)
	print = func(parent string, indent int) {
		for _, s := range ended {
			p := ""
			if s.Parent().IsValid() {
				p = s.Parent().SpanID().String()
			}
			if p == parent {
				fmt.Printf("%s%s\n", strings.Repeat("  ", indent), s.Name())
				print(s.SpanContext().SpanID().String(), indent+1)
			}
		}
	}
	print("", 0)
	// Output:
	// invoke_agent gpt-5-mini
	//   respkit.turn 1
	//     chat gpt-5-mini
	//       POST responses
	//     execute_tool get_weather
	//   respkit.turn 2
	//     chat gpt-5-mini
	//       POST responses
}
