// Package client sends HTTP requests to the OpenAI API, or to any server that
// follows its conventions, and does what every call needs: configuration from
// options and the environment, authentication, retries with backoff, per-attempt
// timeouts, middleware, opt-in logging that never shows the key, typed errors
// with request ids, and rate-limit headers.
//
// It knows no API types: a [Request] is a method, a path relative to the base
// URL and a JSON body, and a [Response] is a status, headers and bytes. The
// responses package builds the Responses API on top of it.
//
// # Configuration
//
// [New] takes options and falls back on the environment for what they leave
// unset: OPENAI_API_KEY (required unless [WithAPIKey] or [WithoutAPIKey] is
// used), OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_ORG_ID and
// OPENAI_PROJECT_ID. Invalid options are reported by New, not by the first call.
// [WithAzure] targets an Azure OpenAI resource instead. A [Client] is safe for
// concurrent use and should be shared.
//
// # Per-call options
//
// The same options apply to one call when given to [Client.Send] or
// [Client.Open], on top of the client's configuration: an idempotency key or
// a tenant header ([WithHeader]), the retry budget ([WithMaxRetries]), a
// bound per attempt ([WithTimeout]) or for the whole call
// ([WithCallTimeout]), extra query parameters ([WithQuery]) and body members
// ([WithBodyField]) for what this module does not know yet. [Client.With]
// makes a client with options applied, for many calls; it shares the
// original's connections. The calls of the responses package take them too.
//
// # Requests
//
// [Client.Send] performs a request and returns the whole body; [Client.Open]
// returns the open body of a 2xx response for streaming. The request body is
// sent without being copied and replayed on each attempt. A body too large to
// hold in memory, such as a file upload, is streamed instead from
// [Request.GetBody], which opens it again for each attempt; a body that
// cannot be opened again makes a call that is not retried.
//
// # Retries
//
// A failed attempt is retried up to 2 times by default ([WithMaxRetries]) when
// it is a connection error (including a body cut short and an attempt that ran
// out of time), or a response with status 408, 409, 429 or 5xx; 400, 401, 403,
// 404, 422 and a 429 for an exhausted quota are not. A response header
// x-should-retry: true or false overrides the status.
//
// The wait before a retry is the one the server asks for in retry-after-ms,
// else retry-after (seconds, fractional allowed, or an HTTP date), when it is
// positive and at most 60 s ([WithMaxRetryDelay]); a longer wait returns the
// error at once, with the requested wait in [APIError.RetryAfter]. Otherwise it
// is exponential backoff: 0.5 s, 1 s, 2 s, 4 s, then 8 s, each varied by ±25 %.
//
// The caller's context bounds the whole call, waits included: when it ends,
// the call returns at once with an error that matches both the context's
// error and the last attempt's error.
//
// # Timeouts
//
// [WithTimeout] bounds each attempt apart from the caller's context, so that an
// attempt that runs out of time is retried. For Send it covers the whole
// exchange; for Open only the wait for the response headers.
//
// # Errors
//
// A non-2xx response is an [*APIError] with the status, the API's error type,
// code, param and message, the request id, the rate-limit state and the raw
// body. Category sentinels match it through errors.Is: [ErrRateLimited],
// [ErrQuotaExceeded], [ErrUnauthorized], [ErrNotFound], [ErrServer]… A call
// that never got a response fails with an error that says how many attempts
// were made and wraps the cause (a net.Error, context.DeadlineExceeded…).
// The client's secrets and the call's [Request.Secrets] are replaced with
// "[REDACTED]" in both, wherever the server echoes them: in an error body,
// a header, or the URL of a redirect that then fails (a *url.Error keeps
// its type, with its URL scrubbed).
//
// # Middleware and logging
//
// [Middleware] wraps each attempt, in the order given to [WithMiddleware].
// [WithLogger] logs one line per attempt with log/slog; nothing is logged by
// default. The API key never appears in an error, a log line, or a printed
// Client.
//
// # Example
//
// A complete program that sends one request to the Responses API:
//
//	package main
//
//	import (
//		"context"
//		"errors"
//		"fmt"
//		"log"
//		"net/http"
//		"time"
//
//		"github.com/respkit/respkit/client"
//	)
//
//	func main() {
//		c, err := client.New(client.WithTimeout(2 * time.Minute)) // OPENAI_API_KEY from the environment
//		if err != nil {
//			log.Fatal(err)
//		}
//		resp, err := c.Send(context.Background(), &client.Request{
//			Method: http.MethodPost,
//			Path:   "responses",
//			Body:   []byte(`{"model":"gpt-4.1","input":"Say hello."}`),
//		})
//		if errors.Is(err, client.ErrRateLimited) {
//			log.Fatalf("still rate limited after retries: %v", err)
//		}
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println(resp.RequestID, resp.RateLimit.RemainingTokens)
//		fmt.Println(string(resp.Body))
//	}
package client
