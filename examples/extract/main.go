// Extract turns a paragraph of free text into a typed Go value: an invoice
// read from an email, with its lines, total and due date.
//
// It teaches responses.Parse. You describe the result as a Go struct; Parse
// sends the struct's strict JSON Schema with the request, so the model must
// answer with JSON of exactly that shape, and decodes the answer into the
// struct. You get an Invoice, or an error that says why there is none:
//
//   - the model refused (*responses.RefusalError);
//   - the answer was cut short, by max_output_tokens or a content filter
//     (*responses.IncompleteError, with the partial text);
//   - the answer does not fit the struct or its Validate method
//     (*schema.DecodeError, with the JSON path of the problem).
//
// A Validate method on the struct checks what a schema cannot say (here,
// that the due date is a real date in the form asked for). With
// responses.WithMaxAttempts, Parse sends such an error back to the model,
// which corrects its answer.
//
// Run it with:
//
//	go run ./examples/extract
//
// With OPENAI_API_KEY set it calls the real API (OPENAI_MODEL picks the
// model, gpt-5-mini by default). Without it, it starts respkit's built-in
// fake server and says so. Its simulated model answers with JSON that
// matches the schema, filled with words, names, numbers and dates of the
// email where the field names suggest them: a plausible invoice, not a read
// one. Every line of the program runs the same.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// Invoice is the value to extract. Its JSON field names and struct tags make
// the schema the model follows: every field is required, a pointer may be
// null, an enum restricts a string to its values, and the descriptions are
// read by the model.
type Invoice struct {
	Number   string  `json:"number" jsonschema_description:"The invoice number, as printed"`
	Seller   string  `json:"seller"`
	Currency string  `json:"currency" jsonschema:"enum=EUR,enum=USD,enum=GBP"`
	Lines    []Line  `json:"lines"`
	Total    float64 `json:"total"`
	DueDate  *string `json:"due_date" jsonschema_description:"YYYY-MM-DD, or null when the text gives none"`
}

// Line is one line of an invoice.
type Line struct {
	Description string  `json:"description"`
	Quantity    int     `json:"quantity" jsonschema:"minimum=1"`
	UnitPrice   float64 `json:"unit_price"`
}

// Validate runs after decoding. Its error makes Parse fail with a
// *schema.DecodeError, and is what the model is told when it is re-asked.
func (inv Invoice) Validate() error {
	if len(inv.Lines) == 0 {
		return errors.New("an invoice has at least one line")
	}
	if inv.DueDate != nil {
		if _, err := time.Parse(time.DateOnly, *inv.DueDate); err != nil {
			return fmt.Errorf("due_date %q is not a date in the form YYYY-MM-DD", *inv.DueDate)
		}
	}
	return nil
}

const email = `Hi Sam, please find below invoice INV-2291 from Northwind Paper for
your order: 3 reams of A4 paper at 4.50 EUR each and 2 boxes of blue pens
at 6.25 EUR a box, 26.00 EUR in total. Payment is due by 15 March 2027.`

func main() {
	ctx := context.Background()

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server, which fills the schema from the email.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	req := &responses.Request{
		Model:        cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions: "Extract the invoice from the user's message. Use null for what the message does not say.",
		Input:        responses.Text(email),
	}

	// Parse sets the request's text format to Invoice's schema (on a copy:
	// req is not changed), calls the API and decodes the answer. With
	// WithMaxAttempts(2), an answer that fails to decode or to validate is
	// sent back once, with the error, for the model to correct.
	var attempts []*responses.Response
	inv, resp, err := responses.Parse[Invoice](ctx, rs, req,
		responses.WithMaxAttempts(2), responses.WithAttempts(&attempts))

	// errors.AsType finds the reason inside the error. On any error, inv is
	// the zero Invoice: never a half-filled one.
	if refusal, ok := errors.AsType[*responses.RefusalError](err); ok {
		fmt.Println("The model refused:", refusal.Refusal)
		return
	}
	if cut, ok := errors.AsType[*responses.IncompleteError](err); ok {
		fmt.Printf("The answer was cut short (%s) after %d characters; raise MaxOutputTokens.\n", cut.Reason, len(cut.Text))
		return
	}
	if bad, ok := errors.AsType[*schema.DecodeError](err); ok {
		fmt.Printf("The answer is not a valid invoice, at %s: %v\nIt was: %s\n", bad.Path, bad.Err, bad.Text)
		return
	}
	if err != nil {
		log.Fatal(err) // an API or network error
	}

	// An answer that failed and was corrected shows here as an extra
	// attempt; the usage of every attempt is billed. Decoding its text again
	// gives the error the model was told about.
	for i, a := range attempts[:len(attempts)-1] {
		_, err := schema.Decode[Invoice]([]byte(a.OutputText()))
		fmt.Printf("Attempt %d was rejected: %v\n", i+1, err)
	}
	fmt.Printf("Invoice %s from %s, %.2f %s", inv.Number, inv.Seller, inv.Total, inv.Currency)
	if inv.DueDate != nil {
		fmt.Printf(", due %s", *inv.DueDate)
	}
	fmt.Println(":")
	for _, l := range inv.Lines {
		fmt.Printf("  %d × %s at %.2f\n", l.Quantity, l.Description, l.UnitPrice)
	}
	fmt.Printf("(%d attempt(s); the last used %d input and %d output tokens)\n", len(attempts), resp.Usage.InputTokens, resp.Usage.OutputTokens)
}
