// Package responsestest is a fake OpenAI Responses API for tests and
// offline runs. It speaks the real wire format on a local HTTP server, so
// the code under test runs exactly as it does against the API.
//
// # Replies
//
// A [Server] answers POST /responses with the replies given to
// [Server.Enqueue], in order: [Text], [JSON], [FunctionCalls], [Refusal],
// [Incomplete], [Failed], [Items] build responses; [Error] and [Raw] answer
// with an HTTP error or any body; [Transcript] serves a recorded stream. A
// reply's With methods add faults: headers such as retry-after-ms, a delay,
// a connection dropped after some bytes or some stream events, an error
// event in a stream. When no reply is enqueued, [Default] answers: a
// simulator, not a model, which follows the request (schema-valid JSON, tool
// calls, patches) with deterministic rules.
//
// The server builds bodies shaped like the API's (ids, statuses, usage, the
// request's settings echoed back), streams them as the API does (every event
// with its sequence number, deltas in token-sized chunks), keeps the
// responses it creates so that Get, Delete, Cancel, InputItems,
// previous_response_id and the resumption of background streams work, and
// records every request ([Server.Requests]). It demands an API key, as the
// API does.
//
// # A test
//
//	package summary_test
//
//	import (
//		"testing"
//
//		"github.com/respkit/respkit/responses"
//		"github.com/respkit/respkit/responses/responsestest"
//	)
//
//	func TestSummarize(t *testing.T) {
//		srv := responsestest.NewServer()
//		defer srv.Close()
//		srv.Enqueue(
//			responsestest.Error(503, "server_error", "", "overloaded").WithHeader("retry-after-ms", "1"),
//			responsestest.Text("A short summary."),
//		)
//		c, err := srv.Client()
//		if err != nil {
//			t.Fatal(err)
//		}
//		resp, err := responses.New(c).Create(t.Context(), &responses.Request{
//			Model: "gpt-5-mini",
//			Input: responses.Text("Summarize: ..."),
//		})
//		if err != nil {
//			t.Fatal(err) // the 503 was retried
//		}
//		if got := resp.OutputText(); got != "A short summary." {
//			t.Errorf("OutputText() = %q", got)
//		}
//		req, _ := srv.Requests()[1].Request() // what the code sent, decoded
//		if req.Model != "gpt-5-mini" {
//			t.Errorf("model = %q", req.Model)
//		}
//	}
//
// # Faults
//
// Each fault is scripted per reply, with a With method:
//
//   - [Reply.WithDelay]: wait before answering.
//   - [Reply.WithStallAfterHeaders], [Reply.WithStallAfterEvents] and
//     [Reply.WithStallAtEnd]: a stream stops after its headers, after some
//     events, or after its last event with its body not ended, until the
//     client goes away or for a given time.
//   - [Reply.WithLargeEvent]: an event bigger than a client's bound
//     (client.WithMaxEventSize).
//   - [RateLimited] and [Reply.WithRetryAfter]: HTTP 429 with
//     retry-after-ms and retry-after; [Reply.WithHeader] adds any header to
//     any reply, [Error] answers with any status.
//   - [StreamFailure] and [Reply.WithErrorAfterEvents]: a stream that has
//     started with HTTP 200 ends with an error event and response.failed
//     (a request that is not streamed gets HTTP 500). The error event has
//     the nested form the API sends; [Reply.WithFlatErrorEvent] sends the
//     flat form of the OpenAPI specification.
//   - [Reply.WithDropAfter] and [Reply.WithDropAfterEvents]: the TCP
//     connection is cut after some bytes of the body or some events.
//
// # Other languages
//
// [NewServer] listens on a free port; [WithAddr] or [WithListener] make it
// listen on a fixed address. The command
// github.com/respkit/respkit/cmd/fakeopenai serves the fake on an address,
// with the simulator, a file of scripted replies and faults, or a
// recording, for clients in any language:
//
//	go run github.com/respkit/respkit/cmd/fakeopenai -addr 127.0.0.1:8787
//
// # Record and replay
//
// A [Recorder] is an http.RoundTripper that records the exchanges of a
// client with the real API to a JSON file (see [Exchange]), with the API
// key, the Authorization, api-key, Cookie, Set-Cookie, OpenAI-Organization
// and OpenAI-Project headers and the secrets given by [WithSecrets]
// redacted. A [Replayer] serves the file in tests, as an http.RoundTripper
// or an http.Handler: a request matches an exchange with the same method,
// path and body (JSON compared as values); one that matches none fails
// with an [UnmatchedError] that names the closest recorded request and how
// it differs.
//
//	rec := responsestest.NewRecorder("testdata/summary.json")
//	c, err := client.New(client.WithHTTPClient(&http.Client{Transport: rec}))
//	... // against the API, once
//	err = rec.Close()
//
//	exs, err := responsestest.ReadExchanges("testdata/summary.json")
//	rp := responsestest.NewReplayer(exs, t)
//	c, err := client.New(client.WithAPIKey("sk-test"),
//		client.WithHTTPClient(&http.Client{Transport: rp}))
package responsestest
