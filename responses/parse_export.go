package responses

import (
	"errors"

	"github.com/respkit/respkit/schema"
)

// The helpers of this file expose the steps of [Parse] one by one, for
// callers that send the request and receive the response another way, such
// as the Batch API, and must still decode exactly as Parse does.

// ParseRequest returns the request that [Parse] sends first: a copy of req
// whose text format is the strict JSON Schema of T ([schema.For], with the
// schema options among opts). req itself is not modified. Options other
// than [WithSchemaOptions] have no effect here.
func ParseRequest[T any](req *Request, opts ...ParseOption) (*Request, error) {
	p, err := newParse[T](req, opts)
	if err != nil {
		return nil, err
	}
	return p.req, nil
}

// DecodeOutput decodes the output of resp into a value of type T as [Parse]
// does, and returns the error Parse would hold in its [*ParseError]: a
// [*ResponseError], [*RefusalError], [*IncompleteError], [ErrNoText] or
// [*schema.DecodeError]. On error the value is the zero value of T.
func DecodeOutput[T any](resp *Response) (T, error) {
	if resp == nil {
		var zero T
		return zero, errors.New("responses: DecodeOutput called with a nil response")
	}
	return decodeOutput[T](resp, nil, 0)
}

// Reask returns the request that asks the model again after resp, the
// response to req, did not decode: the message [Parse] sends with
// [WithMaxAttempts], which says where and why the answer was rejected, in
// the input shaped as described there. req is not modified.
func Reask(req *Request, resp *Response, de *schema.DecodeError) (*Request, error) {
	if req == nil || resp == nil || de == nil {
		return nil, errors.New("responses: Reask needs a request, its response and the decoding error")
	}
	return reask(req, resp, de), nil
}
