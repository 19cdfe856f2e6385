// Quickstart is the smallest complete respkit program: one request to the
// Responses API, and the model's answer.
//
// It teaches the two imports a basic call needs: package client, which holds
// the connection settings (API key, base URL, retries), and package
// responses, which is the API itself.
//
// Run it with:
//
//	go run ./examples/quickstart
//
// With OPENAI_API_KEY set it calls the real API (OPENAI_MODEL picks the
// model). Without it, it starts respkit's built-in fake server and says so:
// the answer is then simulated, but every line of the program runs the same.
package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"os"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func main() {
	ctx := context.Background()

	// client.New reads OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_ORG_ID,
	// OPENAI_PROJECT_ID) from the environment. Options override them; here,
	// without a key, they point the client at a local fake server.
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

	// A Service sends requests with the client. It is safe for concurrent
	// use: make one and share it.
	rs := responses.New(c)

	// Create sends one request and waits for the whole response. Failed
	// calls are retried twice by default (429, 5xx, connection errors).
	resp, err := rs.Create(ctx, &responses.Request{
		Model: cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Input: responses.Text("Say hello to a Go developer in one sentence."),
	})
	if err != nil {
		log.Fatal(err)
	}

	// OutputText joins the text of every output message.
	fmt.Println(resp.OutputText())
	fmt.Printf("(%s; %d input and %d output tokens)\n", resp.Status, resp.Usage.InputTokens, resp.Usage.OutputTokens)
}
