// Options shows the settings of an everyday request: how hard the model
// thinks, what is stored with the response, and options that apply to one
// call only.
//
// It teaches:
//   - Request fields: Reasoning (effort and a summary of the reasoning),
//     MaxOutputTokens, Metadata stored with the response, and
//     SafetyIdentifier, a hashed id of the end user;
//   - per-call options, the client.Option values that configure a client,
//     given to one call: an idempotency key, a bound on the whole call, a
//     retry budget, a body member for a parameter newer than your respkit;
//   - Service.With, a service whose calls all carry options (a tenant's
//     header), which is also how Parse and StreamParse take them;
//   - reading back what was stored: Get, and the response's metadata.
//
// Run it with:
//
//	go run ./examples/options
package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func main() {
	ctx := context.Background()

	// A middleware sees every attempt: here it prints the headers this
	// example sets, to show which call carries which option.
	opts := []client.Option{client.WithMiddleware(showHeaders)}
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

	// The request's own settings. Reasoning models think before they
	// answer: a lower effort answers faster and cheaper, a higher one
	// solves harder problems. Metadata (up to 16 pairs) is stored with the
	// response, to find it again; SafetyIdentifier lets OpenAI tell your
	// users apart without learning who they are.
	req := &responses.Request{
		Model:            model,
		Input:            responses.Text("In two sentences: why do Go programs start fast?"),
		Reasoning:        &responses.Reasoning{Effort: responses.EffortLow, Summary: responses.SummaryAuto},
		MaxOutputTokens:  2000,
		Metadata:         map[string]string{"customer": "acme", "ticket": "T-1042"},
		SafetyIdentifier: hashUser("ada@example.com"),
	}

	// Options after the request apply to this call alone. An idempotency
	// key makes a retried POST safe to repeat on servers that honour it;
	// WithCallTimeout bounds the call as a whole, retries and waits
	// included; WithMaxRetries sets its retry budget; WithBodyField sends
	// a body member respkit may not know yet (prompt_cache_retention is
	// one it knows, so that the example runs against the fake too).
	fmt.Println("\n1. One call with its own options:")
	resp, err := rs.Create(ctx, req,
		client.WithHeader("Idempotency-Key", "ticket-T-1042-answer"),
		client.WithCallTimeout(2*time.Minute),
		client.WithMaxRetries(4),
		client.WithBodyField("prompt_cache_retention", "24h"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("  ", resp.OutputText())
	for _, it := range resp.Output {
		if r, ok := it.(*responses.ReasoningItem); ok && len(r.Summary) > 0 {
			fmt.Println("   reasoning summary:", r.SummaryText())
		}
	}
	fmt.Printf("   %d output tokens, %d of them reasoning\n", resp.Usage.OutputTokens, resp.Usage.OutputTokensDetails.ReasoningTokens)

	// A Service made by With carries its options on every call: one per
	// tenant of a multi-tenant service, say. It shares the connections.
	fmt.Println("\n2. A service for one tenant:")
	acme := rs.With(client.WithHeader("X-Tenant", "acme"))
	type verdict struct {
		Fast   bool   `json:"fast"`
		Reason string `json:"reason"`
	}
	v, _, err := responses.Parse[verdict](ctx, acme, &responses.Request{
		Model: model,
		Input: responses.Text("Is a statically linked Go binary fast to start? Say why in a few words."),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("   fast=%v (%s)\n", v.Fast, v.Reason)

	// Stored responses (the default) can be read back, metadata included.
	fmt.Println("\n3. The stored response, read back:")
	got, err := rs.Get(ctx, resp.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("   %s: customer=%s ticket=%s\n", got.Status, got.Metadata["customer"], got.Metadata["ticket"])
}

// showHeaders is a client.Middleware that prints the headers this example
// sets on each attempt.
func showHeaders(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	var line strings.Builder
	line.WriteString("   -> " + req.Method + " " + req.URL.Path)
	for _, h := range []string{"Idempotency-Key", "X-Tenant"} {
		if v := req.Header.Get(h); v != "" {
			line.WriteString(" " + h + "=" + v)
		}
	}
	fmt.Println(line.String())
	return next(req)
}

// hashUser returns a stable id for an end user that does not reveal who
// they are.
func hashUser(email string) string {
	sum := sha256.Sum256([]byte(email))
	return hex.EncodeToString(sum[:8])
}
