// Testing shows how to test your own code that calls the Responses API,
// with no network and no key: against responsestest, respkit's fake server.
//
// It teaches responsestest: the code under test (Summarize, below) takes a
// *responses.Service, so a test can hand it one that talks to a fake server.
// The tests in main_test.go script the server's answers (Enqueue), read the
// requests your code sent (Requests), and inject faults (a 503, a dropped
// connection, a refusal) to check how your code copes. Run them with:
//
//	go test ./examples/testing
//
// and the program itself with:
//
//	go run ./examples/testing
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Summarize asks the model for a one-line summary of text. It is the kind
// of function a service has, and the one the tests check.
func Summarize(ctx context.Context, rs *responses.Service, model, text string) (string, error) {
	resp, err := rs.Create(ctx, &responses.Request{
		Model:           model,
		Instructions:    "Summarize the user's text in one line of at most 20 words.",
		Input:           responses.Text(text),
		MaxOutputTokens: 200,
	})
	if err != nil {
		return "", fmt.Errorf("summarize: %w", err)
	}
	if r := resp.Refusal(); r != "" {
		return "", fmt.Errorf("summarize: the model refused: %s", r)
	}
	if resp.Status == responses.StatusIncomplete {
		return "", errors.New("summarize: the summary was cut short")
	}
	return strings.TrimSpace(resp.OutputText()), nil
}

func main() {
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
	summary, err := Summarize(context.Background(), responses.New(c), cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		"Go 1.23 added range-over-func iterators, so a function can drive a for loop with yield.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Summary:", summary)
}
