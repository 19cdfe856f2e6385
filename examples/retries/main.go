// Retries shows what respkit does when calls fail, and how to read its
// errors.
//
// It teaches the client's retry policy and options, middleware, opt-in
// logging, and *client.APIError with its sentinels:
//
//   - A failed attempt is retried twice by default (client.WithMaxRetries)
//     on connection errors, timeouts, and HTTP 408, 409, 429 and 5xx, after
//     the wait the server asks for (retry-after-ms, retry-after) or an
//     exponential backoff. client.WithTimeout bounds each attempt, and a
//     timed-out attempt is retried too.
//   - Errors that retrying cannot fix (400, 401, 403, 404, 422) come back
//     at once as a *client.APIError; errors.Is matches it against
//     client.ErrNotFound, client.ErrRateLimited and the other sentinels.
//
// To show a retry on any server, a middleware (which sees every attempt)
// fails the first attempt with a 503.
//
// Run it with:
//
//	go run ./examples/retries
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

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

	// failFirst is a middleware: it runs around every attempt. This one
	// answers the first attempt itself, with a 503 that asks the client to
	// wait 100 ms, so that the client retries.
	var attempts atomic.Int32
	failFirst := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		if attempts.Add(1) == 1 {
			return &http.Response{
				StatusCode: http.StatusServiceUnavailable,
				Header:     http.Header{"Retry-After-Ms": {"100"}, "Content-Type": {"application/json"}},
				Body:       io.NopCloser(bytes.NewReader([]byte(`{"error":{"message":"overloaded","type":"server_error"}}`))),
				Request:    req,
			}, nil
		}
		return next(req)
	}

	// Logging is off unless you pass a logger; the API key never appears
	// in a log line or an error.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelInfo}))

	c, err := client.New(append(opts,
		client.WithMaxRetries(3),              // 4 attempts in all
		client.WithTimeout(30*time.Second),    // per attempt
		client.WithMiddleware(failFirst),      // runs around each attempt
		client.WithLogger(logger),             // one line per attempt
		client.WithMaxRetryDelay(time.Minute), // longer server waits fail at once
	)...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)

	resp, err := rs.Create(ctx, &responses.Request{
		Model: cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Input: responses.Text("Reply with the word: ok"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("succeeded after %d attempts: %s\n", attempts.Load(), resp.OutputText())
	fmt.Printf("request id %s; %d requests left this minute\n", resp.RequestID(), resp.RateLimit().RemainingRequests)

	// A 404 is not retried. The error says what happened, with the request
	// id to quote to OpenAI's support.
	_, err = rs.Get(ctx, "resp_does_not_exist")
	switch {
	case errors.Is(err, client.ErrNotFound):
		apiErr, _ := errors.AsType[*client.APIError](err)
		fmt.Printf("not found, as expected: HTTP %d, %q (request id %s)\n", apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
	case errors.Is(err, client.ErrRateLimited):
		fmt.Println("rate limited even after retries; slow down")
	case err != nil:
		log.Fatal(err)
	}
}
