package responses_test

import (
	"context"
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// A tool loop with one Go function as a tool, which the model calls twice
// in one turn, against the fake server of package responsestest.
func ExampleLoop() {
	srv := responsestest.NewServer()
	defer srv.Close()
	// The model's replies: two calls of get_weather, then an answer.
	srv.Enqueue(
		responsestest.FunctionCalls(
			responsestest.Call{Name: "get_weather", Arguments: map[string]string{"city": "Paris"}},
			responsestest.Call{Name: "get_weather", Arguments: map[string]string{"city": "Tokyo"}},
		),
		responsestest.Text("Paris: 18°C. Tokyo: 24°C."),
	)
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}

	type Args struct {
		City string `json:"city" jsonschema_description:"The city, such as Paris"`
	}
	type Weather struct {
		City  string `json:"city"`
		TempC int    `json:"temp_c"`
	}
	weather := responses.Func("get_weather", "Get the current weather in a city.",
		func(ctx context.Context, a Args) (Weather, error) {
			temps := map[string]int{"Paris": 18, "Tokyo": 24}
			return Weather{City: a.City, TempC: temps[a.City]}, nil
		})

	loop := &responses.Loop{Service: responses.New(c), Tools: []responses.Handler{weather}}
	t, err := loop.Run(context.Background(), &responses.Request{
		Model: "gpt-5-mini",
		Input: responses.Text("What's the weather in Paris and in Tokyo?"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for i, turn := range t.Turns {
		for _, out := range turn.Outputs {
			fmt.Printf("turn %d sent: %s\n", i+1, out.(*responses.FunctionCallOutput).Output.Text())
		}
	}
	fmt.Println(t.Response().OutputText())
	// Output:
	// turn 1 sent: {"city":"Paris","temp_c":18}
	// turn 1 sent: {"city":"Tokyo","temp_c":24}
	// Paris: 18°C. Tokyo: 24°C.
}

// Dispatch runs the calls of a response that the caller got itself, and
// answers a call of an unknown tool with an error the model can act on.
func ExampleLoop_Dispatch() {
	add := responses.Func("add", "Add two integers.", func(ctx context.Context, a struct {
		A int `json:"a"`
		B int `json:"b"`
	}) (int, error) {
		return a.A + a.B, nil
	})
	resp := &responses.Response{Output: []responses.Item{
		&responses.FunctionCall{CallID: "call_1", Name: "add", Arguments: `{"a":2,"b":3}`},
		&responses.FunctionCall{CallID: "call_2", Name: "multiply", Arguments: `{"a":2,"b":3}`},
	}}
	outs, err := (&responses.Loop{Tools: []responses.Handler{add}}).Dispatch(context.Background(), resp)
	if err != nil {
		log.Fatal(err)
	}
	for _, out := range outs {
		o := out.(*responses.FunctionCallOutput)
		fmt.Println(o.CallID, o.Output.Text())
	}
	// Output:
	// call_1 5
	// call_2 error: unknown tool "multiply"; available tools: add
}
