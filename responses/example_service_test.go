package responses_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// The examples run against responsestest, the fake API (see
// exampleService); with a real key, client.New() alone gives the client.

func ExampleService_Create() {
	rs, done := exampleService(responsestest.Text("Hello, gopher!"))
	defer done()

	resp, err := rs.Create(context.Background(), &responses.Request{
		Model:        "gpt-5-mini",
		Instructions: "Greet the user in three words.",
		Input:        responses.Text("Hi there"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.OutputText())
	fmt.Println(resp.Status, resp.Usage.OutputTokens > 0)
	// Output:
	// Hello, gopher!
	// completed true
}

func ExampleService_Create_errors() {
	rs, done := exampleService(responsestest.Error(400, responsestest.ErrorBody{Type: "invalid_request_error", Message: "Unsupported parameter: 'temperature'."}))
	defer done()

	_, err := rs.Create(context.Background(), &responses.Request{Model: "o3", Input: responses.Text("hi"), Temperature: new(0.2)})
	if apiErr, ok := errors.AsType[*client.APIError](err); ok {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(errors.Is(err, client.ErrBadRequest))
	// Output:
	// 400 Unsupported parameter: 'temperature'.
	// true
}

func ExampleService_Stream() {
	rs, done := exampleService(responsestest.Text("Streams arrive token by token."))
	defer done()

	var deltas int
	var text strings.Builder
	for ev, err := range rs.Stream(context.Background(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Say something")}) {
		if err != nil {
			log.Fatal(err)
		}
		switch ev := ev.(type) {
		case *responses.OutputTextDeltaEvent:
			deltas++
			text.WriteString(ev.Delta)
		case *responses.CompletedEvent:
			fmt.Println("completed:", ev.Response.OutputText() == text.String())
		}
	}
	fmt.Println(text.String())
	fmt.Println(deltas > 1)
	// Output:
	// completed: true
	// Streams arrive token by token.
	// true
}

func ExampleService_InputItems() {
	rs, done := exampleService()
	defer done()
	ctx := context.Background()
	resp, err := rs.Create(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Items(
		responses.DeveloperMessage("Be terse."),
		responses.UserMessage("Hello"),
	)})
	if err != nil {
		log.Fatal(err)
	}
	for it, err := range rs.InputItems(ctx, resp.ID, &responses.ListOptions{Order: "asc"}) {
		if err != nil {
			log.Fatal(err)
		}
		if m, ok := it.(*responses.Message); ok {
			fmt.Println(m.Role+":", m.Text())
		}
	}
	// Output:
	// developer: Be terse.
	// user: Hello
}

// Every call takes per-call options (client.Option) after its arguments:
// here an idempotency key and a bound on the whole call. A Service made by
// With applies options to all its calls, which is how Parse, StreamParse
// and Wait take them.
func ExampleService_Create_callOptions() {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	ctx := context.Background()

	_, err = rs.Create(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Hi")},
		client.WithHeader("Idempotency-Key", "order-1234"),
		client.WithCallTimeout(time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	tenant := rs.With(client.WithHeader("X-Tenant", "acme"))
	if _, _, err := responses.Parse[struct{ Greeting string }](ctx, tenant, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Hi")}); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Printf("Idempotency-Key=%q X-Tenant=%q\n", r.Header.Get("Idempotency-Key"), r.Header.Get("X-Tenant"))
	}
	// Output:
	// Idempotency-Key="order-1234" X-Tenant=""
	// Idempotency-Key="" X-Tenant="acme"
}
