package responses

import (
	"strings"

	"github.com/respkit/respkit/internal/wire"
)

// Reasoning configures a reasoning model.
type Reasoning struct {
	// Effort is "none", "minimal", "low", "medium", "high", "xhigh" or "max".
	Effort string `json:"effort,omitzero"`
	// Mode is "standard" or "pro".
	Mode string `json:"mode,omitzero"`
	// Context says which earlier reasoning the model sees: "auto",
	// "current_turn" or "all_turns".
	Context string `json:"context,omitzero"`
	// Summary asks for a summary of the reasoning: "auto", "concise" or
	// "detailed".
	Summary string `json:"summary,omitzero"`
	// GenerateSummary is the deprecated name of Summary.
	GenerateSummary string `json:"generate_summary,omitzero"`
	meta            wire.Meta
}

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
	Status           string `json:"status,omitzero" wire:"strict"`
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
