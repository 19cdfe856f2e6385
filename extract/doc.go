// Package extract runs typed extraction over many inputs through the direct
// API, at the pace the server's rate limits allow, and over documents too
// long for one request.
//
// # When to use it
//
// The Batch API (package batch) is the way to extract from a corpus: half the
// price, its own limits, results within 24 hours. This package is for what
// cannot wait a day: a few thousand documents now, a backlog that must drain
// within the hour, the retries of a batch's failed lines. It calls the
// Responses API directly, as fast as the account's limits allow and no
// faster.
//
// The choice, for the same Parse[T] over the same requests:
//
//   - Time. The runner's results come as the calls finish, seconds after
//     they start; a batch's come when it ends, usually within hours and at
//     most 24.
//   - Price. The runner pays the synchronous price, or about the batch price
//     on the flex tier (Options.Flex), which is slower and can run out of
//     capacity (the runner then falls back to the default tier, at full
//     price). A batch pays half.
//   - Limits. The runner shares the account's requests and tokens per minute
//     with everything else on the key, and its pace is bounded by them: at
//     600 requests a minute, 36,000 documents an hour; at 2,000,000 tokens a
//     minute and 2,000 tokens a document, 60,000 an hour. A batch counts
//     against a separate limit on the tokens enqueued per model, and not
//     against the per-minute limits, so it leaves them to the traffic that
//     cannot wait.
//   - Failures. The runner retries 429s and server errors at once and yields
//     an error per input; a batch returns its failed lines in an error file,
//     to retry as a new batch or, when they are few, through the runner.
//
// So: one document, [responses.Parse]; what must be done within the hour and
// fits the per-minute limits, the runner; everything else, the Batch API.
// The batch package's section "From one call to a million documents"
// ([github.com/respkit/respkit/batch]) gives its limits and how to split a
// corpus of 10^8 documents across workers; the example
// examples/extract-many runs the runner over 610 documents with progress.
//
// # The runner
//
// Run calls a function for each input of an iterator with a bounded number of
// calls in flight, and yields a Result for each input, with its id, its value
// or its error; ParseAll does it for responses.Parse[T] over requests. The
// runner keeps under the rate limits rather than running into them: it tracks
// the requests and tokens per minute the server reports in the x-ratelimit-*
// headers of every answer and starts a call only when both allow it. A 429
// pauses the run for the wait the server asks for and halves the calls in
// flight. Build the client with client.WithMaxRetries(0): the runner retries
// 429s, 5xx answers and connection errors itself (Options.MaxRetries), and a
// retry inside the client would hide a 429 from it.
//
// Options.Flex sends the calls on the flex tier, at a lower price and a
// slower pace; when flex has no capacity (429 "resource unavailable"), the
// call is sent again on the request's own tier. Options.Ordered yields the
// results in input order, Options.Progress reports the run's state, and
// cancelling the context stops new calls, lets those in flight finish, and
// yields what finished.
//
// # Long documents
//
// A document longer than the model's context, or than the budget a caller
// sets for one request, is extracted in windows: Split cuts a text between
// paragraphs (then sentences, then words) into windows within a token
// budget, and Long extracts a T from each window and merges the parts with
// a function the caller gives (summing totals, concatenating lists, keeping
// the first non-empty field…). Preflight counts a request's tokens, schema
// included, with Service.CountInputTokens, before anything is sent.
//
// Long sets two things on each request. PromptCacheKey is the document's id,
// so that the windows of a document, which share their prefix (the
// instructions and the schema), hit the prompt cache. Truncation is
// "disabled": with "auto", the API drops the start of an input that does
// not fit the context and answers as if nothing happened, and an extraction
// would silently miss the records it never saw; with "disabled" it fails
// with an error, which a caller can act on (a smaller budget). The cost is
// that the windows of a document are separate calls: a fact that spans two
// windows may be seen twice or half in each, which the merge function has to
// accept.
//
// # Example
//
// A program that extracts an invoice total from many documents, on the flex
// tier, with progress:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//
//		"github.com/respkit/respkit/client"
//		"github.com/respkit/respkit/extract"
//		"github.com/respkit/respkit/responses"
//	)
//
//	type Invoice struct {
//		Number string  `json:"number"`
//		Total  float64 `json:"total"`
//	}
//
//	func main() {
//		c, err := client.New(client.WithMaxRetries(0)) // the runner retries
//		if err != nil {
//			log.Fatal(err)
//		}
//		rs := responses.New(c)
//		docs := map[string]string{"inv-1": "Invoice A-17, total 120.50 EUR", "inv-2": "Invoice B-3: 99 USD due"}
//		reqs := func(yield func(string, *responses.Request) bool) {
//			for id, text := range docs {
//				req := &responses.Request{
//					Model:        "gpt-5-mini",
//					Instructions: "Extract the invoice number and total.",
//					Input:        responses.Text(text),
//				}
//				if !yield(id, req) {
//					return
//				}
//			}
//		}
//		opts := &extract.Options[*responses.Request]{
//			MaxInFlight: 32,
//			Flex:        true,
//			Progress: func(p extract.Progress) {
//				log.Printf("%d done, %d failed, %d in flight, %.0f/min", p.Done, p.Failed, p.InFlight, p.PerMinute)
//			},
//		}
//		for r := range extract.ParseAll[Invoice](context.Background(), rs, reqs, opts) {
//			if r.Err != nil {
//				log.Printf("%s: %v", r.ID, r.Err)
//				continue
//			}
//			fmt.Printf("%s: %s %.2f\n", r.ID, r.Value.Number, r.Value.Total)
//		}
//	}
package extract
