package responses

import (
	"strings"

	"github.com/respkit/respkit/internal/wire"
)

// Reasoning configures a reasoning model.
type Reasoning struct {
	// Effort is how hard the model reasons, such as [EffortLow].
	Effort Effort `json:"effort,omitzero"`
	// Mode is the reasoning mode, such as [ReasoningPro].
	Mode ReasoningMode `json:"mode,omitzero"`
	// Context says which earlier reasoning the model sees, such as
	// [ReasoningContextAuto].
	Context ReasoningContext `json:"context,omitzero"`
	// Summary asks for a summary of the reasoning, such as [SummaryAuto].
	Summary Summary `json:"summary,omitzero"`
	// GenerateSummary is the deprecated name of Summary.
	GenerateSummary Summary `json:"generate_summary,omitzero"`
	meta            wire.Meta
}

// Effort is the reasoning effort of [Reasoning.Effort]. A value the API
// adds after this version is kept as it is.
type Effort string

// Reasoning efforts.
const (
	EffortNone    Effort = "none"
	EffortMinimal Effort = "minimal"
	EffortLow     Effort = "low"
	EffortMedium  Effort = "medium"
	EffortHigh    Effort = "high"
	EffortXHigh   Effort = "xhigh"
	EffortMax     Effort = "max"
)

// ReasoningMode is the mode of [Reasoning.Mode]. A value the API adds
// after this version is kept as it is.
type ReasoningMode string

// Reasoning modes.
const (
	ReasoningStandard ReasoningMode = "standard"
	ReasoningPro      ReasoningMode = "pro"
)

// ReasoningContext says which earlier reasoning the model sees
// ([Reasoning.Context]). A value the API adds after this version is kept as
// it is.
type ReasoningContext string

// Reasoning contexts.
const (
	ReasoningContextAuto        ReasoningContext = "auto"
	ReasoningContextCurrentTurn ReasoningContext = "current_turn"
	ReasoningContextAllTurns    ReasoningContext = "all_turns"
)

// Summary is how much of a reasoning summary [Reasoning.Summary] asks for.
// A value the API adds after this version is kept as it is.
type Summary string

// Reasoning summaries.
const (
	SummaryAuto     Summary = "auto"
	SummaryConcise  Summary = "concise"
	SummaryDetailed Summary = "detailed"
)

// ReasoningItem is a step of the model's reasoning. To keep reasoning across
// turns without storing responses (Store false), ask for its encrypted
// content with [IncludeReasoningEncryptedContent] and send the item back.
//
//wire:variant Item reasoning
type ReasoningItem struct {
	ID string `json:"id,omitzero" wire:"strict"`
	// Summary holds *[SummaryText] parts.
	Summary []Part `json:"summary"`
	// Content holds *[ReasoningText] parts.
	Content          []Part `json:"content,omitzero"`
	EncryptedContent string `json:"encrypted_content,omitzero"`
	Status           Status `json:"status,omitzero" wire:"strict"`
	meta             wire.Meta
}

// SummaryText returns the reasoning summary's text, the parts separated by a
// blank line.
func (r *ReasoningItem) SummaryText() string {
	var s strings.Builder
	for i, p := range r.Summary {
		if i > 0 {
			s.WriteString("\n\n")
		}
		s.WriteString(partText(p))
	}
	return s.String()
}
