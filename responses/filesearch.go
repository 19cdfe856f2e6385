package responses

import "github.com/respkit/respkit/internal/wire"

// FileSearchCall is a call of the built-in file search tool, run by the API
// over vector stores. Ask for its results with [IncludeFileSearchResults].
//
//wire:variant Item file_search_call
type FileSearchCall struct {
	ID      string   `json:"id,omitzero" wire:"strict"`
	Queries []string `json:"queries,omitzero"`
	// Status is "in_progress", "searching", "completed", "incomplete" or
	// "failed".
	Status  Status             `json:"status,omitzero" wire:"strict"`
	Results []FileSearchResult `json:"results,omitzero"`
	meta    wire.Meta
}

// FileSearchResult is a chunk of a file that a file search found.
type FileSearchResult struct {
	FileID   string `json:"file_id,omitzero"`
	Filename string `json:"filename,omitzero"`
	// Score is the relevance, from 0 to 1.
	Score float64 `json:"score,omitzero"`
	Text  string  `json:"text,omitzero"`
	// Attributes are the file's attributes: each a string, a number
	// (float64) or a bool.
	Attributes map[string]any `json:"attributes,omitzero"`
	meta       wire.Meta
}
