package responses_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Meeting is what the examples extract from a sentence.
type Meeting struct {
	Title     string   `json:"title"`
	Day       string   `json:"day" jsonschema:"enum=monday,enum=tuesday,enum=wednesday,enum=thursday,enum=friday"`
	Attendees []string `json:"attendees"`
}

// exampleService returns a Service that talks to a fake server, which
// answers with replies.
func exampleService(replies ...responsestest.Reply) (*responses.Service, func()) {
	srv := responsestest.NewServer()
	srv.Enqueue(replies...)
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return responses.New(c), srv.Close
}

func ExampleParse() {
	rs, done := exampleService(responsestest.JSON(Meeting{Title: "Roadmap review", Day: "tuesday", Attendees: []string{"Ana", "Bo"}}))
	defer done()

	meeting, resp, err := responses.Parse[Meeting](context.Background(), rs, &responses.Request{
		Model: "gpt-5-mini",
		Input: responses.Text("Ana and Bo review the roadmap on Tuesday."),
	})
	if refusal, ok := errors.AsType[*responses.RefusalError](err); ok {
		fmt.Println("refused:", refusal.Refusal)
		return
	} else if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v (%s)\n", meeting, resp.Status)
	// Output: {Title:Roadmap review Day:tuesday Attendees:[Ana Bo]} (completed)
}

func ExampleWithMaxAttempts() {
	// The first answer names a day outside the enum; the model is told so,
	// and answers again.
	rs, done := exampleService(
		responsestest.Text(`{"title":"Standup","day":"someday","attendees":[]}`),
		responsestest.Text(`{"title":"Standup","day":"monday","attendees":[]}`),
	)
	defer done()

	var attempts []*responses.Response
	meeting, _, err := responses.Parse[Meeting](context.Background(), rs,
		&responses.Request{Model: "gpt-5-mini", Input: responses.Text("Standup on Monday.")},
		responses.WithMaxAttempts(2), responses.WithAttempts(&attempts))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v after %d attempts\n", meeting, len(attempts))
	// Output: {Title:Standup Day:monday Attendees:[]} after 2 attempts
}

func ExampleDecodeArguments() {
	type Forecast struct {
		City string `json:"city"`
		Days int    `json:"days"`
	}
	rs, done := exampleService(responsestest.FunctionCalls(
		responsestest.Call{Name: "forecast", Arguments: `{"city":"Lyon","days":3}`},
		responsestest.Call{Name: "forecast", Arguments: `{"city":"Nice","days":"three"}`},
	))
	defer done()

	resp, err := rs.Create(context.Background(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Weather in Lyon?")})
	if err != nil {
		log.Fatal(err)
	}
	for _, call := range resp.FunctionCalls() {
		args, err := responses.DecodeArguments[Forecast](call)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%+v\n", args)
	}
	// Output:
	// {City:Lyon Days:3}
	// responses: arguments of forecast: schema: decode Forecast: $.days: expected integer, got string "three"
}

func ExampleStreamParse() {
	rs, done := exampleService(responsestest.JSON(Meeting{Title: "Roadmap review", Day: "tuesday", Attendees: []string{"Ana", "Bo"}}))
	defer done()

	req := &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Ana and Bo review the roadmap on Tuesday.")}
	for p, err := range responses.StreamParse[Meeting](context.Background(), rs, req) {
		if err != nil {
			log.Fatal(err)
		}
		b, _ := json.Marshal(p.Value)
		if p.Done {
			fmt.Printf("final:   %s\n", b)
			break
		}
		fmt.Printf("partial: %s\n", b) // filled in as the JSON streams in
	}
	// Output:
	// partial: {"title":"","day":"","attendees":null}
	// partial: {"title":"Roadmap","day":"","attendees":null}
	// partial: {"title":"Roadmap review","day":"","attendees":null}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":null}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":[]}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":[""]}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":["Ana"]}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":["Ana",""]}
	// partial: {"title":"Roadmap review","day":"tuesday","attendees":["Ana","Bo"]}
	// final:   {"title":"Roadmap review","day":"tuesday","attendees":["Ana","Bo"]}
}
