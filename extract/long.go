package extract

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/respkit/respkit/responses"
)

// Document is a text to extract from, with the id that names it.
type Document struct {
	ID   string
	Text string
}

// LongOptions configures Long. The zero value, and a nil *LongOptions, is
// windows of 100,000 approximate tokens, no preflight and no parse options.
type LongOptions struct {
	// Budget is the most tokens of document text in one request; 0 means
	// 100,000. Leave room under the model's context window for the
	// instructions, the schema and the output.
	Budget int
	// Size measures a text in tokens; nil means ApproxTokens.
	Size func(string) int
	// Preflight counts the tokens of the whole document's request first
	// (see Preflight), and sends it as one window when it fits the budget,
	// whatever Size says.
	Preflight bool
	// ParseOptions are passed to responses.Parse for each window.
	ParseOptions []responses.ParseOption
}

// Long extracts a T from a document that may be too long for one request:
// it splits doc.Text into windows that fit the budget (see Split), calls
// responses.Parse[T] for each in turn, with the document's window as a user
// message after tmpl's input, and merges the parts with merge. A document
// that fits in one window is one call, and merge is not called.
//
// Each request is a copy of tmpl with:
//
//   - PromptCacheKey set to doc.ID when tmpl has none, so that the windows of
//     a document share the cache of their common prefix (the instructions and
//     the schema; put nothing that varies before the document text);
//   - Truncation "disabled" when tmpl sets none, so that a window over the
//     context is refused with an error rather than silently cut: with
//     "auto", the API drops the start of the input to make it fit, and an
//     extraction would then miss what it never saw without any error.
//
// The error of a window is returned as it is, wrapped with the window's
// position; merge's error is returned as it is.
func Long[T any](ctx context.Context, rs *responses.Service, tmpl *responses.Request, doc Document, merge func(parts []T) (T, error), opts *LongOptions) (T, error) {
	var zero T
	if rs == nil || tmpl == nil || merge == nil {
		return zero, errors.New("extract: Long needs a Service, a request and a merge function")
	}
	var o LongOptions
	if opts != nil {
		o = *opts
	}
	if o.Budget <= 0 {
		o.Budget = 100_000
	}
	window := func(text string) *responses.Request {
		r := *tmpl
		r.Input = append(slices.Clip(tmpl.Input), responses.Text(text)...)
		if r.PromptCacheKey == "" {
			r.PromptCacheKey = doc.ID
		}
		if r.Truncation == "" {
			r.Truncation = "disabled"
		}
		return &r
	}
	var windows []string
	if o.Preflight {
		n, err := Preflight[T](ctx, rs, window(doc.Text), 0)
		if err != nil {
			return zero, err
		}
		if n <= o.Budget {
			windows = []string{doc.Text}
		}
	}
	if windows == nil {
		windows = Split(doc.Text, o.Budget, o.Size)
	}
	if len(windows) <= 1 {
		v, _, err := responses.Parse[T](ctx, rs, window(doc.Text), o.ParseOptions...)
		return v, err
	}
	parts := make([]T, 0, len(windows))
	for i, w := range windows {
		v, _, err := responses.Parse[T](ctx, rs, window(w), o.ParseOptions...)
		if err != nil {
			return zero, fmt.Errorf("extract: document %q, window %d of %d: %w", doc.ID, i+1, len(windows), err)
		}
		parts = append(parts, v)
	}
	return merge(parts)
}
