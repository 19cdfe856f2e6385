package ws_test

import (
	"context"
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/responses/ws"
)

// A tool loop over one WebSocket connection: each turn after the first
// sends only the tool's output.
func Example() {
	srv := responsestest.NewServer() // the fake API; use client.New() for the real one
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	ctx := context.Background()

	conn, err := ws.Dial(ctx, rs)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	type City struct {
		City string `json:"city"`
	}
	loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{
		responses.Func("get_weather", "The weather in a city.", func(_ context.Context, c City) (string, error) {
			return c.City + ": 18°C", nil
		}),
	}}
	srv.Enqueue( // what the model does, scripted
		responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: City{"Paris"}}),
		responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: City{"Rome"}}),
		responsestest.Text("Paris and Rome: 18°C."),
	)
	t, err := loop.Run(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Weather in Paris, then Rome?"), Store: new(false)})
	if err != nil {
		log.Fatal(err)
	}
	st := conn.Stats()
	fmt.Println(t.Response().OutputText())
	fmt.Printf("%d requests on %d connection, %d of them only the new items\n", st.Requests, st.Connections, st.Continuations)
	// Output:
	// Paris and Rome: 18°C.
	// 3 requests on 1 connection, 2 of them only the new items
}
