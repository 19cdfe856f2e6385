package responses

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/respkit/respkit/schema"
)

// Parse asks the model for structured output and decodes it into a value of
// type T.
//
// It sends a copy of req whose text format is the strict JSON Schema of T
// (see [schema.For]; any format already in req is replaced, and req itself is
// not modified), waits for the response with [Service.Create], and decodes the
// output text with [schema.Decode]: strictly, with the Validate methods of T
// run. The text decoded is that of the last assistant message that has text,
// not counting "commentary" messages: its output_text parts, concatenated.
// With a json_schema format the model writes its answer as one message, so
// that message is the answer; a preamble written before tool calls is
// commentary, and texts of several messages would not form one document.
//
// On success it returns the value and the response. On error the value is
// the zero value of T. An error about the request or the call itself (a
// type T without a strict schema, a *client.APIError) is returned as it
// is; once a response came back, the error is a [*ParseError] that holds the
// responses, and its Err says why:
//
//   - [*ResponseError]: the response failed;
//   - [*RefusalError]: the model refused to answer;
//   - [*IncompleteError]: the response stopped early, for example at
//     max_output_tokens or by a content filter; the partial text is in it;
//   - [ErrNoText]: the response has no output text, for example because the
//     model called a tool instead;
//   - [*schema.DecodeError]: the text does not decode into T, with the JSON
//     path of the problem (a [*schema.ValidationError] inside it for an
//     error from a Validate method).
//
// Use [errors.As] (or [errors.AsType]) to reach them. Parse returns the last
// response it received along with the error, when there is one.
//
// Parse does not re-ask by default. With [WithMaxAttempts], a text that does
// not decode is sent back to the model with what is wrong, and the model
// tries again; see WithMaxAttempts. A background request (req.Background) is
// rejected, as Parse needs the response's output: use [StreamParse] or poll.
func Parse[T any](ctx context.Context, s *Service, req *Request, opts ...ParseOption) (T, *Response, error) {
	var zero T
	if s == nil {
		return zero, nil, errors.New("responses: Parse called with a nil Service")
	}
	if req != nil && req.Background {
		return zero, nil, errors.New("responses: Parse cannot wait for a background response; use StreamParse, or Create and poll with Get")
	}
	p, err := newParse[T](req, opts)
	if err != nil {
		return zero, nil, err
	}
	ctx, end := s.observeCall(ctx, "parse", req)
	v, resp, err := parseLoop[T](ctx, s, p)
	if end != nil {
		end(resp, err, 0)
	}
	return v, resp, err
}

// parseLoop is Parse after its checks: it creates responses until one
// decodes or the attempts are spent.
func parseLoop[T any](ctx context.Context, s *Service, p *parse) (T, *Response, error) {
	var zero T
	for {
		resp, err := s.Create(ctx, p.req)
		if err != nil {
			return zero, p.last(), p.fail(err)
		}
		p.record(resp)
		v, err := decodeOutput[T](resp, nil, 0)
		if err == nil {
			return v, resp, nil
		}
		if !p.retry(resp, err) {
			return zero, resp, p.fail(err)
		}
	}
}

// newParse checks req and returns the state of a parse of T, with the
// request of its first attempt.
func newParse[T any](req *Request, opts []ParseOption) (*parse, error) {
	if req == nil {
		return nil, errors.New("responses: parse called with a nil request")
	}
	var cfg parseConfig
	for _, o := range opts {
		o(&cfg)
	}
	s, err := schema.For[T](cfg.schemaOpts...)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("responses: encode schema %s: %w", s.Name, err)
	}
	// A shallow copy: the caller's request and everything it points to stay
	// as they are; only fields of the copy are replaced, never written into.
	r := *req
	r.Text.Format = &FormatJSONSchema{
		Name:        s.Name,
		Description: s.Description,
		Schema:      raw,
		Strict:      new(s.Strict),
	}
	return &parse{cfg: cfg, req: &r}, nil
}

// decodeOutput returns the value of T in the output of resp, or the error
// that says why there is none. If p is not nil, it decoded the streamed text
// of the output item at index, and its final value is used when that item's
// text is the one to decode.
func decodeOutput[T any](resp *Response, p *schema.Partial[T], index int) (T, error) {
	var zero T
	switch resp.Status {
	case StatusCompleted, StatusIncomplete, "":
	case StatusFailed:
		if resp.Error != nil {
			return zero, resp.Error
		}
		return zero, &ResponseError{Message: "the response failed without saying why"}
	default:
		return zero, fmt.Errorf("responses: response %s is %s, not completed", resp.ID, resp.Status)
	}
	if r := resp.Refusal(); r != "" {
		return zero, &RefusalError{Refusal: r, Response: resp}
	}
	text, i, ok := outputJSON(resp)
	if resp.Status == StatusIncomplete {
		e := &IncompleteError{Text: text, Response: resp}
		if d := resp.IncompleteDetails; d != nil {
			e.Reason = d.Reason
		}
		return zero, e
	}
	if !ok {
		return zero, ErrNoText
	}
	var (
		v   T
		err error
	)
	if p != nil && i == index && p.Text() == text {
		v, err = p.Final()
	} else {
		v, err = schema.Decode[T]([]byte(text))
	}
	if err != nil {
		return zero, err
	}
	return v, nil
}

// outputJSON returns the text that holds the structured output of resp: the
// output_text parts of the last assistant message that has some, not
// counting commentary, concatenated; and that message's index in the output.
func outputJSON(resp *Response) (text string, index int, ok bool) {
	for i := len(resp.Output) - 1; i >= 0; i-- {
		m, isMsg := resp.Output[i].(*Message)
		if !isMsg || m == nil || m.Phase == PhaseCommentary || m.Role != RoleAssistant && m.Role != "" {
			continue
		}
		for _, part := range m.Content {
			if t, isText := part.(*OutputText); isText {
				text += t.Text
				ok = true
			}
		}
		if ok {
			return text, i, true
		}
	}
	return "", -1, false
}

// DecodeArguments decodes the arguments of a function call into a value of
// type T, strictly, as [Parse] decodes output text (see [schema.Decode]): it
// is meant for the calls of a function tool whose parameters are the schema
// of T. The error, for arguments that do not decode, wraps a
// [*schema.DecodeError] with the JSON path of the problem; the value is then
// the zero value.
func DecodeArguments[T any](c *FunctionCall) (T, error) {
	var zero T
	if c == nil {
		return zero, errors.New("responses: DecodeArguments called with a nil call")
	}
	v, err := schema.Decode[T]([]byte(c.Arguments))
	if err != nil {
		return zero, fmt.Errorf("responses: arguments of %s: %w", c.Name, err)
	}
	return v, nil
}
