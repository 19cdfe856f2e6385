package responses

import "github.com/respkit/respkit/schema"

// A ParseOption changes how [Parse] and [StreamParse] work.
type ParseOption func(*parseConfig)

type parseConfig struct {
	maxAttempts int
	schemaOpts  []schema.Option
	attempts    *[]*Response
	usage       *Usage
}

// WithMaxAttempts lets Parse and StreamParse re-ask the model when its output
// text does not decode (a [*schema.DecodeError]: invalid JSON, a schema
// mismatch, an error from a Validate method): n is the number of requests in
// total, the first one included. The default, and any n below 2, is one
// request: no re-ask. Refusals, incomplete or failed responses and API errors
// are never re-asked.
//
// To re-ask, the next request is the previous one with a user message that
// says what was wrong (the JSON path and the error) added after the model's
// answer:
//
//   - when the request belongs to a Conversation, its input is that message
//     alone: the conversation already holds the rest;
//   - when the response was stored (the default), it continues it with
//     PreviousResponseID and its input is that message alone;
//   - otherwise (Store false), its input is the previous input, the output of
//     the response as input ([Response.ToInput]) and that message. As nothing
//     was stored, the output items are sent without their ids, and reasoning
//     items that lack their encrypted content are left out (ask for it with
//     [IncludeReasoningEncryptedContent] to keep the model's reasoning).
func WithMaxAttempts(n int) ParseOption {
	return func(c *parseConfig) { c.maxAttempts = n }
}

// WithSchemaOptions passes options to [schema.For], for example to name the
// format or to describe it to the model with [schema.WithDescription].
func WithSchemaOptions(opts ...schema.Option) ParseOption {
	return func(c *parseConfig) { c.schemaOpts = append(c.schemaOpts, opts...) }
}

// WithAttempts appends every response received to *dst, in order, whether
// the parse succeeds or not: with [WithMaxAttempts], the responses of the
// attempts that were re-asked come before the last one.
func WithAttempts(dst *[]*Response) ParseOption {
	return func(c *parseConfig) { c.attempts = dst }
}

// WithUsage adds the usage of every response received to *u, so that *u
// holds the usage of all attempts (added to what it held before).
func WithUsage(u *Usage) ParseOption {
	return func(c *parseConfig) { c.usage = u }
}
