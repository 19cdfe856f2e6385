// Tools gives a model two Go functions to call, a weather lookup and a
// calculator, and lets respkit's tool loop run the conversation: the model
// asks for several calls at once, the loop runs them in parallel, sends the
// results back, and stops when the model answers.
//
// It teaches:
//
//   - responses.Func, which makes a tool of a Go function. The function's
//     argument is a struct: its strict JSON Schema is the tool's parameters
//     (struct tags add descriptions and enums), and the model's arguments
//     are decoded into it, strictly. The result is sent back as JSON.
//   - responses.Loop, which runs request → tool calls → request until the
//     model is done, within a turn budget (MaxTurns, 10 by default). The
//     calls of one turn run in parallel and their outputs go back in call
//     order.
//   - what happens when a tool fails: its error goes back to the model as
//     the call's output, and the model can correct itself. A panic, an
//     unknown tool or arguments that do not decode are handled the same
//     way, so one bad call never ends the program.
//   - the transcript: every turn's request, response and tool outputs, and
//     the token usage summed over the turns.
//
// Run it with:
//
//	go run ./examples/tools
//
// With OPENAI_API_KEY set it calls the real API (OPENAI_MODEL picks the
// model, gpt-5-mini by default). Without it, it starts respkit's built-in
// fake server and says so. Its simulated model calls each tool the question
// mentions, once, with arguments taken from the question, then answers by
// quoting the tools' results; a real model plans better (it would ask for
// the weather in both cities), but the tools and the loop run exactly as
// they would.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// WeatherArgs are the arguments of get_weather. The description is part of
// the schema the model reads.
type WeatherArgs struct {
	City string `json:"city" jsonschema_description:"City name in English, such as Paris"`
}

// Weather is what get_weather returns; the model gets it as JSON.
type Weather struct {
	City       string  `json:"city"`
	TempC      float64 `json:"temp_c"`
	Conditions string  `json:"conditions"`
}

// getWeather looks the weather up in a fixed table, slowly, as a real
// service would answer. It honours ctx: if the loop is cancelled, so is
// the lookup.
func getWeather(ctx context.Context, a WeatherArgs) (Weather, error) {
	select {
	case <-time.After(300 * time.Millisecond):
	case <-ctx.Done():
		return Weather{}, ctx.Err()
	}
	table := map[string]Weather{
		"paris": {"Paris", 18, "sunny"},
		"tokyo": {"Tokyo", 24, "light rain"},
		"oslo":  {"Oslo", 9, "cloudy"},
	}
	w, ok := table[strings.ToLower(a.City)]
	if !ok {
		// The model reads this error and can try another city.
		return Weather{}, fmt.Errorf("no weather data for %q; try Paris, Tokyo or Oslo", a.City)
	}
	return w, nil
}

// CalcArgs are the arguments of calculate. The enum tag limits op to four
// values: with strict schemas the model cannot send anything else.
type CalcArgs struct {
	Op string  `json:"op" jsonschema:"enum=add,enum=subtract,enum=multiply,enum=divide"`
	A  float64 `json:"a"`
	B  float64 `json:"b"`
}

// calculate returns a number, which the model gets as its JSON text.
func calculate(_ context.Context, a CalcArgs) (float64, error) {
	switch a.Op {
	case "add":
		return a.A + a.B, nil
	case "subtract":
		return a.A - a.B, nil
	case "multiply":
		return a.A * a.B, nil
	case "divide":
		if a.B == 0 {
			return 0, errors.New("division by zero")
		}
		return a.A / a.B, nil
	}
	return 0, fmt.Errorf("unknown operation %q", a.Op)
}

func main() {
	ctx := context.Background()

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}

	// Each Handler is a tool together with the code that answers it. Func
	// derives the tool's schema from the argument type, once.
	loop := &responses.Loop{
		Service: responses.New(c),
		Tools: []responses.Handler{
			responses.Func("get_weather", "Get the current weather in a city.", getWeather),
			responses.Func("calculate", "Do one arithmetic operation on two numbers.", calculate),
		},
		MaxTurns: 5,
	}

	// The loop adds the tools to the request (a copy: req is not changed)
	// and keeps the conversation going with previous_response_id, since
	// responses are stored by default. With Store: new(false) it would send
	// the whole conversation each time instead, reasoning included.
	req := &responses.Request{
		Model:        cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions: "Use the tools for facts and arithmetic. Answer in two sentences.",
		Input: responses.Text("I'm flying from Paris to Tokyo. What's the weather in both cities? " +
			"And divide 9,700 km by 850 km/h: how many hours is the flight?"),
	}
	start := time.Now()
	t, err := loop.Run(ctx, req)
	if err != nil {
		// A *responses.MaxTurnsError still carries the transcript; here we
		// just stop.
		log.Fatal(err)
	}

	// The transcript shows what happened, turn by turn: the calls the model
	// made and what the loop sent back. The calls of one turn ran in
	// parallel: two 300 ms weather lookups take 300 ms in all.
	for i, turn := range t.Turns {
		for j, call := range turn.Calls {
			out := turn.Outputs[j].(*responses.FunctionCallOutput) // Outputs[j] answers Calls[j]
			fmt.Printf("turn %d: %s(%s) → %s\n", i+1, call.Name, call.Arguments, out.Output.Text())
		}
	}
	fmt.Println()
	fmt.Println(t.Response().OutputText())
	fmt.Printf("\n(%d turns in %.1f s; %d input and %d output tokens in all)\n",
		len(t.Turns), time.Since(start).Seconds(), t.Usage.InputTokens, t.Usage.OutputTokens)
}
