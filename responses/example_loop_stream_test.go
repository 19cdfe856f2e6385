package responses_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Loop.Stream yields the API's events of each turn and the loop's own
// events: a type switch reads both, and a type assertion to Event tells
// them apart.
func ExampleLoop_Stream() {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(
		responsestest.FunctionCalls(responsestest.Call{Name: "add", Arguments: map[string]int{"a": 40, "b": 2}}),
		responsestest.Text("The sum is 42."),
	)
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	type Args struct {
		A int `json:"a"`
		B int `json:"b"`
	}
	add := responses.Func("add", "Add two numbers.", func(ctx context.Context, a Args) (int, error) {
		return a.A + a.B, nil
	})

	loop := &responses.Loop{Service: responses.New(c), Tools: []responses.Handler{add}}
	var text strings.Builder
	for ev, err := range loop.Stream(context.Background(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("40+2?")}) {
		if err != nil {
			log.Fatal(err)
		}
		switch ev := ev.(type) {
		case *responses.OutputTextDeltaEvent:
			text.WriteString(ev.Delta)
		case *responses.ToolOutputEvent:
			fmt.Printf("answered %s: %s\n", ev.Call.Name, ev.Output.(*responses.FunctionCallOutput).Output.Text())
		case *responses.LoopDoneEvent:
			fmt.Printf("done after %d turns: %s\n", len(ev.Transcript.Turns), text.String())
		case responses.Event:
			// Every other event of the API, such as *CompletedEvent.
		}
	}
	// Output:
	// answered add: 42
	// done after 2 turns: The sum is 42.
}
