// Stream prints a model's answer as it is written, token by token, and the
// token usage at the end.
//
// It teaches Service.Stream: a range-over-func loop over typed events. Each
// event is a pointer to a concrete type; a type switch picks the ones you
// care about (here the text deltas and the final response) and ignores the
// rest. The request is sent when the loop starts and the connection is
// closed when it ends, also when you break out of it.
//
// Run it with:
//
//	go run ./examples/stream
//
// With OPENAI_API_KEY set it streams from the real API (OPENAI_MODEL picks
// the model). Without it, it streams from respkit's built-in fake server,
// which splits its simulated answer into token-sized deltas the way the API
// does.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func main() {
	ctx := context.Background()

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: streaming offline from respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	req := &responses.Request{
		Model: cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Input: responses.Text("Write a haiku about Go's garbage collector."),
	}

	// Stream yields events until the response is complete. The loop's error
	// is non-nil only once, at the end, when something went wrong.
	var final *responses.Response
	for ev, err := range rs.Stream(ctx, req) {
		if err != nil {
			// An error event, a failed response, or a broken connection. A
			// *StreamError says which, and holds what arrived before it.
			var se *responses.StreamError
			if errors.As(err, &se) && se.Response != nil {
				fmt.Printf("\n[stream ended early; %d characters arrived]\n", len(se.Response.OutputText()))
			}
			log.Fatal(err)
		}
		switch ev := ev.(type) {
		case *responses.OutputTextDeltaEvent:
			fmt.Print(ev.Delta) // the next few characters of the answer
		case *responses.CompletedEvent:
			final = ev.Response // the whole response, with its usage
		case *responses.IncompleteEvent:
			final = ev.Response // cut short, e.g. by max_output_tokens
		}
	}
	fmt.Println()

	if final != nil && final.Usage != nil {
		u := final.Usage
		fmt.Printf("(%s; %d input, %d output, %d total tokens)\n", final.Status, u.InputTokens, u.OutputTokens, u.TotalTokens)
	}
}
