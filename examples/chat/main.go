// Chat holds a conversation of several turns, two ways: kept by the server,
// and kept by the program itself.
//
// It teaches:
//   - kept by the server: each request names the previous response
//     (PreviousResponseID) and sends only the new message; the API adds
//     the history, which it stored (responses are stored by default). The
//     conversation example shows the other server-side way, a Conversation
//     that outlives any one response;
//   - kept by the caller: with Store false nothing stays on the server, so
//     each request sends the whole history: the messages so far plus the
//     output of every response (Response.ToInput), reasoning included;
//   - what each way sends: the number of input items per turn grows with
//     the caller-kept history and stays at one with the server-kept one.
//
// Run it with:
//
//	go run ./examples/chat
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

// questions are the user's turns, the same in both conversations.
var questions = []string{
	"My name is Ada and I write Go. Suggest a name for my CLI that renames photos.",
	"Make it shorter.",
	"What was my name, and what does my tool do?",
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
	rs := responses.New(c)
	model := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini")

	fmt.Println("\n1. Kept by the server: each turn sends its new message and the previous response's id.")
	var previous string // the id of the last response
	for i, q := range questions {
		// Instructions are not carried over from the previous response:
		// send them with every turn.
		req := &responses.Request{
			Model:              model,
			Instructions:       "Answer in one short sentence.",
			Input:              responses.Text(q),
			PreviousResponseID: previous,
		}
		resp, err := rs.Create(ctx, req)
		if err != nil {
			log.Fatal(err)
		}
		previous = resp.ID
		fmt.Printf("   turn %d: %d input item sent; answer: %s\n", i+1, len(req.Input), resp.OutputText())
	}

	fmt.Println("\n2. Kept by the caller: nothing is stored; each turn sends the whole history.")
	var history []responses.Item
	for i, q := range questions {
		history = append(history, responses.UserMessage(q))
		req := &responses.Request{
			Model:        model,
			Instructions: "Answer in one short sentence.",
			Input:        responses.Items(history...),
			Store:        new(false),
			// Reasoning models think in items the next turn needs; without
			// storage they come back encrypted, for the caller to send on.
			Include: []string{responses.IncludeReasoningEncryptedContent},
		}
		resp, err := rs.Create(ctx, req)
		if err != nil {
			log.Fatal(err)
		}
		// The response's output (its message, any reasoning or tool calls)
		// becomes part of the history, as input.
		history = append(history, resp.ToInput()...)
		fmt.Printf("   turn %d: %d input items sent; answer: %s\n", i+1, len(req.Input), resp.OutputText())
	}

	// Neither way is free: the model reads the whole history every turn, and
	// it is billed as input tokens either way (a stored history may be
	// cached). Keeping it yourself costs bandwidth and lets you edit it,
	// trim it, or run without any storage on OpenAI's side.
	fmt.Printf("\nThe caller-kept history holds %d items; the server-kept conversation is one id: %s\n", len(history), previous)
}
