package responses

import "github.com/respkit/respkit/internal/wire"

// ModerationResults is the moderation of a response's input and output,
// asked for with [Request.Moderation]: each is a *[ModerationResult], or a
// *[ModerationFailure] when moderation could not run.
type ModerationResults struct {
	Input  ModerationOutcome `json:"input,omitzero"`
	Output ModerationOutcome `json:"output,omitzero"`
	meta   wire.Meta
}

// ModerationOutcome is the outcome of moderating a response's input or
// output: *[ModerationResult] or *[ModerationFailure]. Kinds this version
// does not know decode to *[Unknown].
//
//wire:union ModerationOutcome
type ModerationOutcome interface {
	isModerationOutcome()
}

// ModerationResult is the result of moderation by the model Model: whether
// the text was Flagged, and per category (such as "harassment" or
// "self-harm/intent") whether it applies, its score from 0 to 1, and the
// kinds of input ("text", "image") it was applied to.
//
//wire:variant ModerationOutcome moderation_result
type ModerationResult struct {
	Model                     string              `json:"model,omitzero"`
	Flagged                   bool                `json:"flagged,omitzero"`
	Categories                map[string]bool     `json:"categories,omitzero"`
	CategoryScores            map[string]float64  `json:"category_scores,omitzero"`
	CategoryAppliedInputTypes map[string][]string `json:"category_applied_input_types,omitzero"`
	meta                      wire.Meta
}

// ModerationFailure says why moderation could not run. It is data the API
// reports, not a Go error.
//
//wire:variant ModerationOutcome error
type ModerationFailure struct {
	Code    string `json:"code,omitzero"`
	Message string `json:"message,omitzero"`
	meta    wire.Meta
}

func init() {
	wire.RegisterUnion[ModerationOutcome](wire.Union{
		Key:     "type",
		Types:   moderationOutcomeVariants,
		Unknown: (*Unknown)(nil),
	})
}
