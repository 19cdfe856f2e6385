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
// With [WithWebhook], it sends signed webhooks (see package webhook) when a
// background response or a batch ends, as the API sends them to an
// endpoint; [Server.Webhooks] tells what was sent.
//
// It serves the Conversations API (POST /conversations and the rest), with
// state shared with responses: a response created with a conversation sees
// the conversation's items before its input, as the model's history, and
// appends its input and output items to it; an unknown conversation id is
// a 404, "Conversation with id '…' not found.", as the API answers.
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
//     must answer a call of the same input, of the previous_response_id
//     chain or of the conversation, as an mcp_approval_response must answer
//     an approval request.
//
// It does not check: model names (any string is a model), whether a model
// supports a parameter or a tool, required members inside items and tools,
// the content of tool parameter schemas and of structured-output schemas
// (only their shape: they must be objects), file ids, image URLs and file
// data, the calls an item_reference input may answer, and token limits. Null stands for an absent optional
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
//			responsestest.Error(503, responsestest.ErrorBody{Type: "server_error", Message: "overloaded"}).WithHeader("retry-after-ms", "1"),
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
// # WebSocket mode
//
// A server with a listener (not [InProcess]) also serves the Responses
// API's WebSocket mode on GET /v1/responses, as package responses/ws
// speaks it. The upgrade is checked as the HTTP routes are (no API key is
// a 401) and as RFC 6455 says (Sec-WebSocket-Version 13, or a 426; a key
// of 16 bytes). An [InProcess] server cannot hand over a connection: it
// answers an upgrade with 501.
//
// Each response.create message is validated as POST /responses is, answered
// by the same replies and model, stored the same way, and streamed as the
// same events, one message each, with the request's stream_id. A message
// with stream, with background true, not JSON or of another type is
// refused. Errors come as one error event, the connection kept open:
//
//	{"type": "error", "status": 400, "error": {"type": "invalid_request_error",
//	"code": "previous_response_not_found", "message": "…",
//	"param": "previous_response_id"}, "stream_id": "…"}
//
// (status the HTTP answer's; an error a reply's stream emits keeps its
// HTTP form, with sequence_number, followed by response.failed). Lanes
// (stream_id) run side by side, one response at a time each, in order.
// Each connection remembers the last response of each lane, so that a
// store false response can be continued with previous_response_id (a
// stored one is found on any connection, and over HTTP);
// [Server.EvictWebSocketCaches] forgets them, as the API may, and the next
// such request gets previous_response_not_found. generate false answers
// with an empty completed response (response.created, response.completed)
// without running the model. A reply's stream faults apply
// (WithDropAfterEvents closes the TCP connection without a close frame;
// delays, stalls and errors after n events as over HTTP), and
// [Server.SetWebSocketLifetime] ends connections older than a limit (60
// minutes by default): a create on one gets websocket_connection_limit_reached
// and a close frame 1000. [Server.Close] closes open connections with 1001
// (going away). A binary message is closed with 1003, a text message not
// UTF-8 with 1007, a message over 64 MiB with 1009, a protocol error with
// 1002. Messages are recorded by [Server.Requests] with Method "WS";
// [Server.WebSocketBytes] counts them. The server side of the protocol is
// written here, so that using the fake compiles no WebSocket library.
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
//
// # Files, batches and rate limits
//
// The server also serves the Files API and the Batch API, as the official
// OpenAPI spec describes them:
//
//   - POST /files uploads a file from a multipart/form-data body (purpose
//     one of batch, user_data, assistants, fine-tune, vision and evals; the
//     file; optionally expires_after[anchor] "created_at" and
//     expires_after[seconds], 3,600 to 2,592,000). The body is read as a
//     stream and is not recorded by [Server.Requests]; an upload over 512
//     MB, or over [Server.SetFileSizeLimit], is refused with HTTP 413. The
//     answer is the file object: id "file-…", bytes, created_at, filename,
//     purpose, status "processed", expires_at (30 days for purpose batch
//     by default, else null unless expires_after says otherwise).
//   - GET /files lists them (purpose, limit 1 to 10,000, order, after),
//     GET /files/{id} gets one, GET /files/{id}/content streams its bytes
//     as stored, DELETE /files/{id} deletes it; an unknown id is a 404
//     "No such File object: …".
//   - POST /batches creates a batch of an uploaded file of purpose batch
//     (endpoint one of the spec's, completion_window "24h", metadata,
//     output_expires_after), GET /batches lists them newest first (limit 1
//     to 100, after), GET /batches/{id} gets one, POST
//     /batches/{id}/cancel cancels it.
//
// A batch follows the API's states, computed from the server's clock
// (time.Now, so virtual time inside a testing/synctest bubble) whenever a
// request looks at it, with no goroutine: validating for a second, then
// in_progress with each line taking 10ms, then finalizing for a second,
// then completed; [Server.SetBatchTiming] changes the three durations. At
// the end of validation the input file is checked as the API checks it,
// and the batch becomes failed, with errors {"object": "list", "data":
// [{code, message, param, line}]}, for an empty file (empty_file), more
// than 50,000 lines (too_many_tasks) or 200 MB ([Server.SetBatchLimits]
// changes both), a line that is not a JSON object (invalid_json_line),
// without a custom_id, with a method other than POST, a url other than the
// batch's endpoint (url_mismatch) or a body that is not an object, a
// duplicate custom_id (duplicate_custom_id), a model other than the one of
// the other lines (model_mismatch), and enqueued tokens over the limit
// [Server.SetEnqueuedTokenLimit] sets (token_limit_exceeded: the estimated
// input tokens of the lines of the model's batches in progress). The codes
// follow the ones the API documents; the wordings of invalid_method,
// invalid_body, file_too_large and of the refusals of POST /batches are
// inferred, not recorded.
//
// Each line of a batch of /v1/responses runs as POST /responses would,
// through the same checks, the enqueued replies and the model, but is not
// rate limited, counted in [Server.Stats] or recorded. A line answered
// HTTP 200 goes to the output file,
// {"id": "batch_req_…", "custom_id", "response": {"status_code": 200,
// "request_id", "body": the response}, "error": null}, and counts as
// completed; any other answer (a 400 of the checks, an [Error] reply, a
// dropped connection as a 500, a line asking for a stream) goes to the
// error file with its status_code and error body, and counts as failed,
// as the spec describes the two files. The files have purpose
// batch_output; output_file_id and error_file_id are set when the batch
// ends, each only if it has lines. The lines are not in the input's order
// (the server swaps each pair), so a reader must join them by custom_id.
// request_counts and usage are kept current as lines run.
//
// A batch whose lines would outlast the 24-hour completion window expires
// at its end: the lines done are delivered, and the others are in the
// error file with "response": null and "error": {"code": "batch_expired",
// …}. A batch cancelled while validating or in progress is cancelling for
// the finalize time, then cancelled, with the lines done by the cancel
// delivered and the others in neither file. Cancelling a batch that has
// ended is a 409.
//
// [Server.SetRateLimit] imposes limits of requests and tokens per minute on
// POST /responses. The limits behave as the API's do: each refills
// continuously and allows a burst of its size; a request counts one
// request and its estimated tokens (its input, about 4 characters a token,
// plus max_output_tokens, or 256 without it). Every answer carries
// x-ratelimit-limit-, x-ratelimit-remaining- and x-ratelimit-reset-requests
// and -tokens (the reset as "20ms", "1s", "6m0s": the time until the limit
// is whole again). A request over a limit is answered 429 with
// retry-after-ms and retry-after and the API's body:
//
//	{"error": {"message": "Rate limit reached for gpt-5 in organization
//	org-responsestest on requests per min (RPM): Limit 600, Used 600,
//	Requested 1. Please try again in 100ms. Visit …", "type": "requests",
//	"param": null, "code": "rate_limit_exceeded"}}
//
// (type "tokens" for the tokens limit). [Server.SetFlexUnavailable] makes
// requests with service_tier "flex" fail with 429 and code
// "resource_unavailable", as flex does when its capacity runs out (the
// body is inferred: none is recorded). [Server.Stats] counts the requests,
// the 429s and the tokens.
//
// In virtual time: [Server.Transport] is an http.RoundTripper that calls the server's
// handler in the same process, with no socket: request and response bodies
// stream through pipes, and the request's context is honoured. Real
// sockets keep a testing/synctest bubble's clock from advancing, so a test
// in a bubble makes its server with [InProcess], which listens nowhere and
// whose [Server.Client] uses the transport; then waiting costs no real
// time:
//
//	synctest.Test(t, func(t *testing.T) {
//		srv := responsestest.NewServer(responsestest.InProcess())
//		srv.SetBatchTiming(time.Minute, time.Minute, time.Minute)
//		c, err := srv.Client()
//		... // create a batch, and poll it every 30 seconds: it completes
//		... // after minutes of virtual time, at once
//	})
package responsestest
