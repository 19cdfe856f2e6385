package responses

import (
	"context"
	"iter"
)

// StreamParseWith is StreamParse over stream instead of Service.Stream, so
// that tests can feed it events of their own.
func StreamParseWith[T any](ctx context.Context, stream func(context.Context, *Request) iter.Seq2[Event, error], req *Request, opts ...ParseOption) iter.Seq2[Parsed[T], error] {
	return streamParse[T](ctx, stream, req, opts)
}
