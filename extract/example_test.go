package extract_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/extract"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Ticket is what the examples extract from a support message.
type Ticket struct {
	Product string `json:"product"`
	Urgent  bool   `json:"urgent"`
}

func ExampleParseAll() {
	// A fake API whose model reads the product from the message.
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		text := req.Input[0].(*responses.Message).Text()
		product, _, _ := strings.Cut(text, " ")
		return responsestest.JSON(Ticket{Product: product, Urgent: strings.Contains(text, "!")})
	})
	c, err := srv.Client(client.WithMaxRetries(0)) // the runner retries
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	messages := []string{"router is down!", "printer jams sometimes", "laptop will not boot!"}
	reqs := func(yield func(string, *responses.Request) bool) {
		for i, m := range messages {
			req := &responses.Request{Model: "gpt-5-mini", Input: responses.Text(m)}
			if !yield(fmt.Sprintf("ticket-%d", i+1), req) {
				return
			}
		}
	}
	opts := &extract.Options[*responses.Request]{MaxInFlight: 2, Ordered: true}
	for r := range extract.ParseAll[Ticket](context.Background(), rs, reqs, opts) {
		if r.Err != nil {
			fmt.Println(r.ID, "failed:", r.Err)
			continue
		}
		fmt.Printf("%s: %+v\n", r.ID, r.Value)
	}
	// Output:
	// ticket-1: {Product:router Urgent:true}
	// ticket-2: {Product:printer Urgent:false}
	// ticket-3: {Product:laptop Urgent:true}
}

func ExampleRun() {
	// Any call: here, one that needs no server.
	words := func(yield func(string, string) bool) {
		_ = yield("a", "one two three") && yield("b", "four") && yield("c", "")
	}
	count := func(ctx context.Context, s string) (int, *responses.Response, error) {
		if s == "" {
			return 0, nil, fmt.Errorf("empty input")
		}
		return len(strings.Fields(s)), nil, nil
	}
	var lines []string
	for r := range extract.Run(context.Background(), words, count, nil) {
		lines = append(lines, fmt.Sprintf("%s %d %v", r.ID, r.Value, r.Err))
	}
	slices.Sort(lines) // results come as they finish
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// a 3 <nil>
	// b 1 <nil>
	// c 0 empty input
}

func ExampleSplit() {
	text := "First paragraph.\n\nSecond paragraph. It is longer than the others.\n\nThird."
	for _, w := range extract.Split(text, 12, nil) { // 12 tokens of about 4 bytes
		fmt.Printf("%q\n", w)
	}
	// Output:
	// "First paragraph.\n\nSecond paragraph. "
	// "It is longer than the others.\n\nThird."
}

func ExampleLong() {
	// A fake API whose model lists the names in a window.
	type Names struct {
		Names []string `json:"names"`
	}
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		var n Names
		for w := range strings.FieldsSeq(req.Input[len(req.Input)-1].(*responses.Message).Text()) {
			if w[0] >= 'A' && w[0] <= 'Z' {
				n.Names = append(n.Names, strings.Trim(w, ".,"))
			}
		}
		return responsestest.JSON(n)
	})
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	doc := extract.Document{ID: "minutes-2026-03", Text: "present: Ana, Bo.\n\nlater: Chen.\n\napologies: Dee."}
	tmpl := &responses.Request{Model: "gpt-5-mini", Instructions: "List the people named."}
	merge := func(parts []Names) (Names, error) {
		var all Names
		for _, p := range parts {
			all.Names = append(all.Names, p.Names...)
		}
		return all, nil
	}
	names, err := extract.Long(context.Background(), rs, tmpl, doc, merge, &extract.LongOptions{Budget: 6})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(names.Names, len(srv.Requests()), "requests")
	// Output: [Ana Bo Chen Dee] 3 requests
}
