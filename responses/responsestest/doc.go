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
package responsestest
