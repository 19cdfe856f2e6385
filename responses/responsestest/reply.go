package responsestest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/respkit/respkit/responses"
)

// A Reply is what the server answers one request with: a response built from
// output items (the usual case), an error, or raw bytes, possibly with
// faults such as a delay or a connection dropped mid-body. Build one with
// [Text], [JSON], [FunctionCalls], [Items], [Error] or [Raw], then adjust it
// with its With methods.
type Reply struct {
	// Output is the output of the response the server builds.
	Output []responses.Item
	// Status is the response's status; "" means completed.
	Status responses.Status
	// IncompleteReason is set for an incomplete response.
	IncompleteReason string
	// Failure is set for a failed response.
	Failure *responses.ResponseError

	// StatusCode, if not 0 or 200, makes the server answer with that HTTP
	// status and Body instead of a response.
	StatusCode int
	// Body, if set, is sent as is instead of the built response.
	Body []byte
	// Header is added to the HTTP response.
	Header http.Header

	// Delay is waited before answering.
	Delay time.Duration
	// DropAfter, if positive, closes the connection after that many bytes of
	// the body have been sent.
	DropAfter int

	// ErrorEvent, if set, makes a stream end with an error event and a
	// response.failed event after its in_progress event (or after
	// ErrorAfterEvents events), and a request that is not streamed fail
	// with HTTP 500 and this error.
	ErrorEvent *responses.ResponseError
	// ErrorAfterEvents, if positive, is the number of events a stream sends
	// before its ErrorEvent.
	ErrorAfterEvents int
	// FlatErrorEvent sends ErrorEvent in the flat form of the OpenAPI
	// specification ({"type":"error","code":…,"message":…}) instead of the
	// nested form the API sends ({"type":"error","error":{…}}).
	FlatErrorEvent bool
	// Stall, if set, makes a stream stop sending at a point and wait. A
	// reply that is not a stream stalls after its headers (After 0), in the
	// middle of its body (After more than 0), or with its body sent but not
	// ended (StallAtEnd).
	Stall *Stall
	// LargeEvent, if set, pads one event of a stream beyond a size.
	LargeEvent *LargeEvent
	// DropAfterEvents, if positive, closes a stream's connection after that
	// many events.
	DropAfterEvents int
	// EventDelay is waited before each event of a stream.
	EventDelay time.Duration

	done <-chan struct{} // closed when the client goes away, for a stall
}

// Text replies with an assistant message holding text.
func Text(text string) Reply {
	return Reply{Output: []responses.Item{assistantMessage(text)}}
}

// JSON replies with an assistant message whose text is v encoded as JSON,
// as a model does for structured output.
func JSON(v any) Reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("responsestest: JSON: %v", err))
	}
	return Text(string(b))
}

// Refusal replies with an assistant message that refuses.
func Refusal(text string) Reply {
	return Reply{Output: []responses.Item{&responses.Message{
		Type:    "message",
		Role:    responses.RoleAssistant,
		Status:  responses.StatusCompleted,
		Content: responses.Content{&responses.Refusal{Refusal: text}},
	}}}
}

// Call is a function call the model makes in a [FunctionCalls] reply.
type Call struct {
	Name string
	// Arguments is encoded as JSON, unless it is a string, which is sent as
	// is (to send malformed arguments, for example).
	Arguments any
}

// FunctionCalls replies with calls of function tools, in order.
func FunctionCalls(calls ...Call) Reply {
	var r Reply
	for _, c := range calls {
		args, ok := c.Arguments.(string)
		if !ok {
			b, err := json.Marshal(c.Arguments)
			if err != nil {
				panic(fmt.Sprintf("responsestest: FunctionCalls: %v", err))
			}
			args = string(b)
		}
		r.Output = append(r.Output, &responses.FunctionCall{Name: c.Name, Arguments: args})
	}
	return r
}

// Items replies with a response whose output is items. Missing ids and
// statuses are filled in.
func Items(items ...responses.Item) Reply {
	return Reply{Output: items}
}

// Incomplete replies with an incomplete response holding the partial text,
// for reason "max_output_tokens" or "content_filter".
func Incomplete(reason, partialText string) Reply {
	r := Text(partialText)
	r.Status = responses.StatusIncomplete
	r.IncompleteReason = reason
	r.Output[0].(*responses.Message).Status = responses.StatusIncomplete
	return r
}

// Failed replies with a failed response (HTTP 200, status "failed").
func Failed(code, message string) Reply {
	return Reply{Status: responses.StatusFailed, Failure: &responses.ResponseError{Code: code, Message: message}}
}

// StreamFailure replies with a stream that ends after its in_progress event
// with an error event and a response.failed event, as the API's stream does
// when the model fails (code "server_error" or "insufficient_quota", for
// example). The error event has the nested form the API sends,
// {"type":"error","error":{"type","code","message","param"}}; see
// [Reply.WithFlatErrorEvent] for the flat one. A request that is not
// streamed gets HTTP 500 with the error.
func StreamFailure(code, message string) Reply {
	return Reply{ErrorEvent: &responses.ResponseError{Code: code, Message: message}}
}

// WithDropAfterEvents returns r whose stream's connection is dropped after n
// events: the TCP connection is closed without ending the body.
func (r Reply) WithDropAfterEvents(n int) Reply {
	r.DropAfterEvents = n
	return r
}

// WithEventDelay returns r whose stream waits d before each event.
func (r Reply) WithEventDelay(d time.Duration) Reply {
	r.EventDelay = d
	return r
}

// ErrorBody is the error object of an API error answer, the members of
// {"error": {"message", "type", "code", "param"}}. An empty Code or Param is
// sent as null, as the API sends it.
type ErrorBody struct {
	// Type is the error's kind, such as "invalid_request_error",
	// "requests" (a rate limit) or "server_error".
	Type string
	// Code is the error's code, such as "rate_limit_exceeded"; often "".
	Code string
	// Param is the request member the error is about, if any.
	Param string
	// Message is the human-readable message.
	Message string
}

// Error replies with an API error: the HTTP status and the JSON error body
// {"error": {"message", "type", "code", "param"}} that e describes.
func Error(status int, e ErrorBody) Reply {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": e.Message, "type": e.Type, "code": nullable(e.Code), "param": nullable(e.Param),
	}})
	return Reply{StatusCode: status, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Transcript replies with a recorded stream, served as it is, whatever the
// request: the body of an earlier streamed response, in the server-sent
// events format.
func Transcript(sse []byte) Reply {
	return Raw(http.StatusOK, "text/event-stream", sse)
}

// Raw replies with the HTTP status and body as they are, for example an HTML
// page from a proxy.
func Raw(status int, contentType string, body []byte) Reply {
	return Reply{StatusCode: status, Body: body, Header: http.Header{"Content-Type": {contentType}}}
}

// WithHeader returns r with the header key: value added, such as
// "retry-after-ms": "10" or "x-should-retry": "false".
func (r Reply) WithHeader(key, value string) Reply {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Add(key, value)
	r.Header = h
	return r
}

// WithDelay returns r answered after d.
func (r Reply) WithDelay(d time.Duration) Reply {
	r.Delay = d
	return r
}

// WithDropAfter returns r whose connection is dropped after n bytes of the
// body.
func (r Reply) WithDropAfter(n int) Reply {
	r.DropAfter = n
	return r
}

func assistantMessage(text string) *responses.Message {
	return &responses.Message{
		Type:    "message",
		Role:    responses.RoleAssistant,
		Status:  responses.StatusCompleted,
		Content: responses.Content{&responses.OutputText{Text: text, Annotations: []responses.Annotation{}}},
	}
}
