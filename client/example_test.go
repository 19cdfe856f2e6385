package client_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"time"

	"github.com/respkit/respkit/client"
)

// This example sends a request to a server that is overloaded once: the first
// attempt gets a 503 with retry-after-ms, the client waits as asked and the
// second attempt succeeds. The logger shows both attempts.
func Example() {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempt := n.Add(1)
		w.Header().Set("X-Request-Id", fmt.Sprintf("req_%d", attempt))
		if attempt == 1 {
			w.Header().Set("Retry-After-Ms", "10")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"error":{"message":"The server is overloaded.","type":"server_error"}}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, `{"id":"resp_1","echo":%s}`, body)
	}))
	defer srv.Close()

	// Log without the time and duration, which change from run to run.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	c, err := client.New(
		client.WithBaseURL(srv.URL+"/v1"),
		client.WithAPIKey("sk-example"),
		client.WithLogger(logger),
	)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.Send(context.Background(), &client.Request{
		Method: http.MethodPost,
		Path:   "responses",
		Body:   []byte(`{"model":"gpt-4.1","input":"Hello"}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, resp.RequestID, string(resp.Body))
	// Output:
	// level=WARN msg="client: request failed, retrying" method=POST path=responses attempt=1 status=503 request_id=req_1 retry_in=10ms error="client: 503 Service Unavailable: The server is overloaded. (type=server_error, request_id=req_1, retry_after=10ms)"
	// level=INFO msg="client: request" method=POST path=responses attempt=2 status=200 request_id=req_2
	// 200 req_2 {"id":"resp_1","echo":{"model":"gpt-4.1","input":"Hello"}}
}

// This example tells a rate limit from an exhausted quota. Both come with
// status 429; the quota error is not retried, since waiting does not cure it.
func Example_rateLimited() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_123")
		w.Header().Set("X-Ratelimit-Remaining-Requests", "0")
		w.Header().Set("X-Ratelimit-Reset-Requests", "6m0s")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`)
	}))
	defer srv.Close()

	c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("sk-example"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Send(context.Background(), &client.Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{}`)})

	fmt.Println(err)
	fmt.Println("rate limited:", errors.Is(err, client.ErrRateLimited))
	fmt.Println("quota exceeded:", errors.Is(err, client.ErrQuotaExceeded))
	if apiErr, ok := errors.AsType[*client.APIError](err); ok {
		fmt.Println("request id:", apiErr.RequestID)
		fmt.Println("requests reset in:", apiErr.RateLimit.ResetRequests)
	}
	// Output:
	// client: 429 Too Many Requests: You exceeded your current quota. (type=insufficient_quota, code=insufficient_quota, request_id=req_123)
	// rate limited: true
	// quota exceeded: true
	// request id: req_123
	// requests reset in: 6m0s
}

// This example opens a server-sent event stream. The per-attempt timeout
// bounds only the wait for the headers; the stream is read until it ends.
func ExampleClient_Open() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 3 {
			fmt.Fprintf(w, "event: delta\ndata: {\"n\":%d}\n\n", i)
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()

	c, err := client.New(client.WithBaseURL(srv.URL), client.WithoutAPIKey(), client.WithTimeout(10*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	resp, body, err := c.Open(context.Background(), &client.Request{
		Method: http.MethodPost,
		Path:   "responses",
		Header: http.Header{"Accept": {"text/event-stream"}},
		Body:   []byte(`{"stream":true}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			fmt.Println(line)
		}
	}
	// Output:
	// 200 text/event-stream
	// event: delta
	// data: {"n":0}
	// event: delta
	// data: {"n":1}
	// event: delta
	// data: {"n":2}
}

// This example adds a header to every attempt with a middleware, and counts
// the attempts.
func ExampleWithMiddleware() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"trace":%q}`, r.Header.Get("X-Trace-Id"))
	}))
	defer srv.Close()

	attempts := 0
	trace := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts++
		req.Header.Set("X-Trace-Id", "trace-42")
		return next(req)
	}
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("sk-example"), client.WithMiddleware(trace))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.Send(context.Background(), &client.Request{Method: http.MethodGet, Path: "models"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(resp.Body), attempts)
	// Output:
	// {"trace":"trace-42"} 1
}

// This example configures an Azure OpenAI resource: requests go to
// <endpoint>/openai/v1 with the key in the api-key header.
func ExampleWithAzure() {
	c, err := client.New(
		client.WithAzure("https://my-resource.openai.azure.com"),
		client.WithAPIKey("azure-key"),
		client.WithAPIVersion("preview"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL())
	fmt.Println(c)
	// Output:
	// https://my-resource.openai.azure.com/openai/v1
	// client.Client{base_url: https://my-resource.openai.azure.com/openai/v1, api_key: [REDACTED], max_retries: 2}
}

// Options given to one call apply to it alone, on top of the client's: here
// an idempotency key, a bound on the whole call, no retries, a query
// parameter and a body member this module does not know.
func ExampleClient_Send_callOptions() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s\nIdempotency-Key: %s\n%s\n", r.Method, r.URL.RequestURI(), r.Header.Get("Idempotency-Key"), body)
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()

	c, err := client.New(client.WithBaseURL(srv.URL+"/v1"), client.WithAPIKey("sk-example"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Send(context.Background(),
		&client.Request{Method: http.MethodPost, Path: "responses", Body: []byte(`{"model":"gpt-5-mini","input":"Hi"}`)},
		client.WithHeader("Idempotency-Key", "order-1234"),
		client.WithCallTimeout(30*time.Second),
		client.WithMaxRetries(0),
		client.WithQuery("beta", "true"),
		client.WithBodyField("prompt_cache_retention", "24h"),
	)
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// POST /v1/responses?beta=true
	// Idempotency-Key: order-1234
	// {"model":"gpt-5-mini","input":"Hi","prompt_cache_retention":"24h"}
}
