package responses

import (
	"errors"
	"fmt"
)

// ErrNoText is the Err of a [*ParseError] for a response that has no output
// text to decode, for example because the model called a tool instead of
// answering (see [Response.FunctionCalls]).
var ErrNoText = errors.New("responses: response has no output text")

// ParseError is the error of [Parse] and [StreamParse] once a response came
// back: Err says why there is no value, and the responses received are kept
// so that nothing is lost (their usage was paid for).
//
// Err is a [*ResponseError] (the response failed), a [*RefusalError], an
// [*IncompleteError], [ErrNoText], a [*schema.DecodeError] (the text does not
// decode into the type, with the JSON path of the problem), or the error of
// a later request when the model was re-asked. [errors.As] reaches it through
// the ParseError.
type ParseError struct {
	// Response is the last response received.
	Response *Response
	// Attempts holds every response received, in order; Response is the last
	// one. It has more than one only when the model was re-asked (see
	// [WithMaxAttempts]).
	Attempts []*Response
	// Usage is the usage of all the Attempts, summed.
	Usage Usage
	// Err says why there is no value.
	Err error
}

func (e *ParseError) Error() string {
	if n := len(e.Attempts); n > 1 {
		return fmt.Sprintf("responses: parse failed after %d attempts: %v", n, e.Err)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ParseError) Unwrap() error { return e.Err }

// RefusalError reports that the model refused to answer: its output holds a
// refusal instead of the structured output asked for.
type RefusalError struct {
	// Refusal is the model's explanation, as in [Response.Refusal].
	Refusal string
	// Response is the response that holds the refusal.
	Response *Response
}

func (e *RefusalError) Error() string {
	return "responses: the model refused: " + e.Refusal
}

// IncompleteError reports a response that stopped before its output was
// complete, so its text was not decoded. The partial text can be read with a
// [schema.Partial] to salvage what it holds.
type IncompleteError struct {
	// Reason is why the response stopped: "max_output_tokens",
	// "content_filter", or another reason the API gives in
	// [Response.IncompleteDetails].
	Reason string
	// Text is the output text written before the response stopped (the text
	// [Parse] would have decoded), possibly "".
	Text string
	// Response is the incomplete response.
	Response *Response
}

func (e *IncompleteError) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = "no reason given"
	}
	return fmt.Sprintf("responses: response incomplete (%s) after %d bytes of output text", reason, len(e.Text))
}
