// WebSocket runs a tool loop over one WebSocket connection, the Responses
// API's WebSocket mode, and compares what it sends with the same loop over
// HTTP.
//
// It teaches:
//   - ws.Dial, which opens the connection from a responses.Service (its
//     key, base URL and headers);
//   - the connection as a Loop's Transport: the loop is the same, each
//     turn goes over the open connection;
//   - sending only what is new: with Store false the HTTP loop sends the
//     whole conversation every turn, the connection only the items after
//     the previous response, which the server keeps in memory;
//   - Conn.Stats, to see it: requests, continuations, bytes.
//
// Run it with:
//
//	go run ./examples/websocket
//
// The WebSocket mode pays off for loops with many tool calls: OpenAI
// reports runs up to 40% faster with 20 or more.
package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"sync/atomic"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/responses/ws"
)

// City is the argument of the weather tool.
type City struct {
	City string `json:"city" jsonschema_description:"A city, such as Paris"`
}

// weather is the loop's tool: a forecast with some length to it, as tool
// outputs have.
func weather(_ context.Context, c City) (string, error) {
	return fmt.Sprintf("%s: 18°C, light wind from the west; %s", c.City, strings.Repeat("hourly details… ", 20)), nil
}

var cities = []string{"Paris", "Rome", "Oslo", "Lisbon", "Vienna"}

func main() {
	ctx := context.Background()
	var sent atomic.Int64 // request body bytes sent over HTTP
	opts := []client.Option{client.WithMiddleware(func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		sent.Add(max(req.ContentLength, 0))
		return next(req)
	})}
	var srv *responsestest.Server
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv = responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	// The same task, over HTTP then over WebSocket: one tool call per
	// turn, then a summary. Store false keeps nothing on the server, so
	// every HTTP request carries the whole conversation.
	req := &responses.Request{
		Model:             cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions:      "Get the weather of each city with the tool, one city per call, in order, then summarize in one sentence.",
		Input:             responses.Text("Weather in " + strings.Join(cities, ", ") + "?"),
		Store:             new(false),
		ParallelToolCalls: new(false),
	}
	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{
		responses.Func("get_weather", "The weather in a city.", weather),
	}}

	fmt.Println("\n1. Over HTTP:")
	script(srv)
	t, err := loop.Run(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("   %d turns, %d bytes sent\n   %s\n", len(t.Turns), sent.Load(), t.Response().OutputText())

	fmt.Println("\n2. Over one WebSocket connection:")
	conn, err := ws.Dial(ctx, rs)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	loop.Transport = conn // the only change
	script(srv)
	t, err = loop.Run(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	st := conn.Stats()
	fmt.Printf("   %d turns, %d bytes sent (%d of %d requests sent only their new items)\n   %s\n",
		len(t.Turns), st.BytesSent, st.Continuations, st.Requests, t.Response().OutputText())
}

// script makes the fake server answer as a model would, one city per
// turn; against the real API the model decides.
func script(srv *responsestest.Server) {
	if srv == nil {
		return
	}
	for _, city := range cities {
		srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "get_weather", Arguments: City{city}}))
	}
	srv.Enqueue(responsestest.Text("Mild everywhere: 18°C with a light west wind in all five cities."))
}
