// Extract-many turns six hundred support tickets into typed Go records, as
// fast as the account's rate limits allow and no faster.
//
// It teaches extract.ParseAll, the direct runner: responses.Parse[T] over an
// iterator of requests, with several calls in flight. The runner reads the
// x-ratelimit-* headers of every answer (the requests and tokens left this
// minute, and when they refill) and starts a call only when the limits
// allow it, so a large run keeps under them instead of being answered 429
// and retrying; a 429 that comes anyway pauses the run for the wait the
// server asks for. Each input gets a Result: its id, its Ticket or the error
// that says why there is none (the errors of Parse). With Ordered, the
// results come in the order of the inputs; a progress callback sees the run
// go.
//
// The runner is for what cannot wait: for a whole corpus, the Batch API
// (package batch) costs half as much and answers within a day. See the
// package doc of extract, "When to use it".
//
// Run it with:
//
//	go run ./examples/extract-many
//
// With OPENAI_API_KEY set it calls the real API (OPENAI_MODEL picks the
// model, gpt-5-mini by default): 610 small calls, paced by the account's own
// limits. Without it, it starts respkit's built-in fake server and says so.
// The fake imposes a limit of 600 requests a minute, which behaves as the
// API's limits do: a burst of 600, then 10 a second as the limit refills.
// The first 600 tickets take a fraction of a second; the last ones wait
// for the refill, and the progress line shows the pace drop, with no 429.
// The simulated model fills each ticket with words of its message where the
// field names suggest them: plausible records, not read ones.
package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/extract"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Ticket is the record to extract from each support message.
type Ticket struct {
	Customer string `json:"customer" jsonschema_description:"The customer's name"`
	Order    string `json:"order_number" jsonschema_description:"The order number, as written"`
	Product  string `json:"product"`
	Priority string `json:"priority" jsonschema:"enum=low,enum=normal,enum=urgent"`
}

// documents is how many tickets the program reads: a few more than the
// offline server's limit lets through at once.
const documents = 610

// tickets generates the support messages to read. A real program would read
// them from files or a database, one at a time: the runner pulls them from
// the iterator as it starts calls, so a large corpus is never all in memory.
func tickets(model string) func(yield func(string, *responses.Request) bool) {
	names := []string{"Ana Lima", "Bo Chen", "Chidi Okafor", "Dana Weiss", "Emil Novak"}
	products := []string{"router", "laptop", "printer", "monitor", "phone"}
	return func(yield func(string, *responses.Request) bool) {
		for i := range documents {
			text := fmt.Sprintf("Hello, this is %s. My %s from order A-%05d stopped working yesterday. %s",
				names[i%len(names)], products[i%len(products)], 1000+i,
				[]string{"No rush.", "Please help soon.", "It is urgent, our shop is closed!"}[i%3])
			req := &responses.Request{
				Model:        model,
				Instructions: "Extract the support ticket from the customer's message.",
				Input:        responses.Text(text),
				// One schema and one instruction for every ticket: the
				// same key lets the API serve their shared prefix from
				// its prompt cache.
				PromptCacheKey:  "support-tickets",
				MaxOutputTokens: 200,
			}
			if !yield(fmt.Sprintf("ticket-%03d", i+1), req) {
				return
			}
		}
	}
}

func main() {
	ctx := context.Background()

	// The runner retries 429s and server errors itself, and must see every
	// 429 to adapt: turn the client's own retries off.
	opts := []client.Option{client.WithMaxRetries(0)}
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		// 600 requests a minute; no limit on tokens.
		srv.SetRateLimit(600, 0)
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server, limited to 600 requests a minute.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	model := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini")

	start := time.Now()
	run := &extract.Options[*responses.Request]{
		MaxInFlight: 8,    // the most calls at once; the runner lowers it after a 429
		Ordered:     true, // results in the order of the tickets
		// Progress is called after each ticket, in this goroutine.
		Progress: func(p extract.Progress) {
			if n := p.Done + p.Failed; n%100 == 0 || n > documents-10 {
				fmt.Printf("progress: %3d done, %d failed, %2d in flight, %d answered 429, %.1fs\n",
					p.Done, p.Failed, p.InFlight, p.RateLimited, p.Elapsed.Seconds())
			}
		},
	}
	var (
		ok, failed int
		urgent     []string
		first      []string
	)
	for r := range extract.ParseAll[Ticket](ctx, rs, tickets(model), run) {
		if r.Err != nil {
			// The same errors as Parse: a refusal, an answer cut short, one
			// that does not fit Ticket, or an API error after the retries.
			failed++
			fmt.Printf("%s failed after %d attempt(s): %v\n", r.ID, r.Attempts, r.Err)
			continue
		}
		ok++
		t := r.Value
		if len(first) < 3 {
			first = append(first, fmt.Sprintf("%s: %s, order %s, %s, %s", r.ID, t.Customer, t.Order, t.Product, t.Priority))
		}
		if t.Priority == "urgent" {
			urgent = append(urgent, r.ID)
		}
	}

	fmt.Println("The first tickets, in input order:")
	for _, line := range first {
		fmt.Println("  " + line)
	}
	fmt.Printf("%d urgent ticket(s)\n", len(urgent))
	fmt.Printf("%d of %d documents extracted (%d failed) in %.1fs\n", ok, documents, failed, time.Since(start).Seconds())
}
