package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
)

// ParseAll runs responses.Parse[T] for each request of reqs (id → request)
// with Run, and yields a Result[T] for each. The requests are not modified:
// each call sends a copy, on the flex tier with Options.Flex (falling back to
// the request's own ServiceTier), after a token count with
// Options.MaxInputTokens (see Preflight; the count uses the schema of T
// with no schema options). The errors are those of Parse (a *client.APIError,
// a *responses.ParseError holding a *responses.RefusalError,
// *responses.IncompleteError or *schema.DecodeError…) or a *TooLongError.
func ParseAll[T any](ctx context.Context, rs *responses.Service, reqs iter.Seq2[string, *responses.Request], opts *Options[*responses.Request], popts ...responses.ParseOption) iter.Seq[Result[T]] {
	o := opts.withDefaults()
	maxTokens := o.MaxInputTokens
	call := func(ctx context.Context, req *responses.Request) (T, *responses.Response, error) {
		var zero T
		if req == nil {
			return zero, nil, fmt.Errorf("extract: nil request")
		}
		r := *req
		if tier := ServiceTier(ctx); tier != "" {
			r.ServiceTier = tier
		}
		if maxTokens > 0 {
			if _, err := Preflight[T](ctx, rs, &r, maxTokens); err != nil {
				return zero, nil, err
			}
		}
		return responses.Parse[T](ctx, rs, &r, popts...)
	}
	return Run(ctx, reqs, call, &o)
}

// estimate is the least token cost of a request when Options.Tokens is nil:
// its JSON's ApproxTokens and its MaxOutputTokens.
func estimate(req *responses.Request) int {
	if req == nil {
		return 0
	}
	n := req.MaxOutputTokens
	if b, err := json.Marshal(req); err == nil {
		n += ApproxTokens(string(b))
	}
	return n
}

// TooLongError is the error of a request whose input is over a token budget.
type TooLongError struct {
	Tokens int // the input tokens the request would use
	Max    int // the budget
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("extract: input of %d tokens is over the budget of %d", e.Tokens, e.Max)
}

// Preflight counts the input tokens req would use with Parse[T] (its
// instructions, input, tools and the schema of T, with
// Service.CountInputTokens), without running the model, and returns the
// count. When maxTokens is positive and the count is over it, the error is a
// *TooLongError. opts are the schema options Parse will be given with
// responses.WithSchemaOptions, if any; they change the count only by the
// schema's name and description.
func Preflight[T any](ctx context.Context, rs *responses.Service, req *responses.Request, maxTokens int, opts ...schema.Option) (int, error) {
	if rs == nil || req == nil {
		return 0, fmt.Errorf("extract: Preflight needs a Service and a request")
	}
	text, err := schemaFormat[T](opts)
	if err != nil {
		return 0, err
	}
	c, err := rs.CountInputTokens(ctx, &responses.CountTokensRequest{
		Model:              req.Model,
		Input:              req.Input,
		Instructions:       req.Instructions,
		PreviousResponseID: req.PreviousResponseID,
		Conversation:       req.Conversation,
		Tools:              req.Tools,
		ToolChoice:         req.ToolChoice,
		ParallelToolCalls:  req.ParallelToolCalls,
		Reasoning:          req.Reasoning,
		Text:               text,
		Truncation:         req.Truncation,
	})
	if err != nil {
		return 0, fmt.Errorf("extract: count input tokens: %w", err)
	}
	if maxTokens > 0 && c.InputTokens > maxTokens {
		return c.InputTokens, &TooLongError{Tokens: c.InputTokens, Max: maxTokens}
	}
	return c.InputTokens, nil
}

// schemaFormat returns the text configuration Parse[T] sends.
func schemaFormat[T any](opts []schema.Option) (responses.TextConfig, error) {
	s, err := schema.For[T](opts...)
	if err != nil {
		return responses.TextConfig{}, err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return responses.TextConfig{}, fmt.Errorf("extract: encode schema %s: %w", s.Name, err)
	}
	return responses.TextConfig{Format: &responses.FormatJSONSchema{
		Name:        s.Name,
		Description: s.Description,
		Schema:      raw,
		Strict:      new(s.Strict),
	}}, nil
}
