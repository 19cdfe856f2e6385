// Conversation keeps a conversation on the server with the Conversations
// API: an object with an id that holds the items of many responses, for as
// long as the program needs, across processes.
//
// It teaches:
//   - Conversations().Create with metadata and the first items;
//   - turns with Request.Conversation: each request sends only its new
//     input, and the response's input and output are added to the
//     conversation (unlike PreviousResponseID, which chains responses);
//   - ListItems, an iterator over every page of the items, oldest first
//     with Order "asc";
//   - Update (its metadata), DeleteItem, Delete;
//   - the error for an unknown id: a *client.APIError matching
//     client.ErrNotFound.
//
// Run it with:
//
//	go run ./examples/conversation
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
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	convs := rs.Conversations()
	model := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini")

	// A conversation starts with metadata (to find it again) and, if you
	// like, items: here a developer message that sets the scene.
	conv, err := convs.Create(ctx, &responses.ConversationRequest{
		Metadata: map[string]string{"user": "ada", "topic": "trip"},
		Items:    []responses.Item{responses.DeveloperMessage("You plan trips. Answer in one sentence.")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nCreated", conv.ID, "with metadata", conv.Metadata)

	// Each turn names the conversation and sends only what is new.
	for _, q := range []string{"I want three days in Lisbon in May.", "Which day should be the museum day?"} {
		resp, err := rs.Create(ctx, &responses.Request{
			Model:        model,
			Input:        responses.Text(q),
			Conversation: conv.Ref(),
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("> %s\n  %s\n", q, resp.OutputText())
	}

	// The conversation now holds every item: the developer message, and
	// each turn's question and answer. ListItems fetches pages as the loop
	// needs them.
	fmt.Println("\nIts items, oldest first:")
	var firstQuestion string
	for it, err := range convs.ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"}) {
		if err != nil {
			log.Fatal(err)
		}
		if m, ok := it.(*responses.Message); ok {
			fmt.Printf("  %-9s %.60s\n", m.Role, m.Text())
			if m.Role == responses.RoleUser && firstQuestion == "" {
				firstQuestion = m.ID
			}
		}
	}

	// Items can be removed (here the first question), and the metadata
	// replaced as a whole.
	if _, err := convs.DeleteItem(ctx, conv.ID, firstQuestion); err != nil {
		log.Fatal(err)
	}
	conv, err = convs.Update(ctx, conv.ID, map[string]string{"user": "ada", "topic": "trip", "status": "planned"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nDeleted the first question; metadata now", conv.Metadata)

	// Deleting the conversation deletes its items (not the responses made
	// in it). After that its id is unknown: a 404.
	if err := convs.Delete(ctx, conv.ID); err != nil {
		log.Fatal(err)
	}
	_, err = convs.Get(ctx, conv.ID)
	if apiErr, ok := errors.AsType[*client.APIError](err); ok && errors.Is(err, client.ErrNotFound) {
		fmt.Printf("\nAfter Delete, Get fails: %d %s\n", apiErr.StatusCode, apiErr.Message)
	} else {
		log.Fatalf("Get after Delete: %v", err)
	}
}
