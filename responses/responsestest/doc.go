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
// # What the fake checks
//
// The server refuses what the API refuses before it runs a model, with
// status 400 and the API's error body {"error": {"message", "type",
// "param", "code"}}, so that code that passes against the fake does not
// fail against the API. The first error found is reported. It checks a
// request to POST /responses for:
//
//   - its shape, by rules derived from the official OpenAPI spec (the
//     generated rules_gen.go): unknown parameters, at the top or inside an
//     input item, a tool, a format ("Unknown parameter: 'input[0].foo'.");
//     values of the wrong JSON type; unknown enum values and unknown item,
//     content or tool types; strings over their maximum length and numbers
//     out of their range (temperature, top_p, max_output_tokens);
//   - a model, and metadata within its limits (16 keys of at most 64
//     characters, string values of at most 512);
//   - settings that go together: stream_options only with stream, background
//     only with store, previous_response_id or conversation but not both;
//   - what the request refers to: a previous_response_id must name a
//     response the server stored and did not delete (one it built, or one a
//     [Raw] or [Transcript] reply held), and every tool call output
//     (function_call_output, custom_tool_call_output, computer_call_output,
//     local_shell_call_output, shell_call_output, apply_patch_call_output)
//     must answer a call of the same input or of the previous_response_id
//     chain, as an mcp_approval_response must answer an approval request.
//
// It does not check: model names (any string is a model), whether a model
// supports a parameter or a tool, required members inside items and tools,
// the content of tool parameter schemas and of structured-output schemas
// (only their shape: they must be objects), file ids, image URLs and file
// data, conversation ids (the Conversations API is not simulated, so calls
// are not checked in a conversation or when the input holds an
// item_reference), and token limits. Null stands for an absent optional
// parameter, as the API takes it. Where the spec is stricter than the API,
// the fake follows the API (free-form tool arguments, for example).
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
