package batch

import (
	"iter"
	"slices"

	"github.com/respkit/respkit/responses"
)

// Typed returns the requests of a typed extraction over docs (custom id →
// document input): each is template with the document's input after the
// template's own, and the strict JSON Schema of T as its text format, set
// once as [responses.Parse] sets it (see [responses.ParseRequest]). Read
// their results with [Results] of the same T. template is not modified.
//
// Put what every request shares (instructions, and the template's input)
// first, so that the API caches that prefix.
func Typed[T any](template *responses.Request, docs iter.Seq2[string, responses.Input], opts ...responses.ParseOption) (iter.Seq2[string, *responses.Request], error) {
	base, err := responses.ParseRequest[T](template, opts...)
	if err != nil {
		return nil, err
	}
	return func(yield func(string, *responses.Request) bool) {
		for id, in := range docs {
			r := *base
			if len(base.Input) > 0 {
				r.Input = append(slices.Clip(base.Input), in...)
			} else {
				r.Input = in
			}
			if !yield(id, &r) {
				return
			}
		}
	}, nil
}
