package responses_test

import (
	"context"
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// A conversation kept by the server: each response created in it sees the
// items before it, and adds its input and output.
func ExampleConversations() {
	rs, done := exampleService(responsestest.Text("Hello, Ana."), responsestest.Text("Your name is Ana."))
	defer done()
	ctx := context.Background()

	conv, err := rs.Conversations().Create(ctx, &responses.ConversationRequest{
		Metadata: map[string]string{"user": "ana"},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range []string{"Hi, I am Ana.", "What is my name?"} {
		resp, err := rs.Create(ctx, &responses.Request{
			Model:        "gpt-5-mini",
			Input:        responses.Text(q),
			Conversation: conv.Ref(),
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(resp.OutputText())
	}

	for it, err := range rs.Conversations().ListItems(ctx, conv.ID, &responses.ListOptions{Order: "asc"}) {
		if err != nil {
			log.Fatal(err)
		}
		if m, ok := it.(*responses.Message); ok {
			fmt.Printf("%s: %s\n", m.Role, m.Content.Text())
		}
	}
	if err := rs.Conversations().Delete(ctx, conv.ID); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Hello, Ana.
	// Your name is Ana.
	// user: Hi, I am Ana.
	// assistant: Hello, Ana.
	// user: What is my name?
	// assistant: Your name is Ana.
}
