package responses

import "github.com/respkit/respkit/internal/wire"

// FileSearchTool lets the model search the files of vector stores. Its
// calls and their results come back as file search call items; ask for the
// results with [IncludeFileSearchResults].
//
//wire:variant Tool file_search
type FileSearchTool struct {
	VectorStoreIDs []string `json:"vector_store_ids"`
	// MaxNumResults is between 1 and 50.
	MaxNumResults  int                `json:"max_num_results,omitzero"`
	RankingOptions *FileSearchRanking `json:"ranking_options,omitzero"`
	// Filters keeps only the files whose attributes match:
	// *[ComparisonFilter] or *[CompoundFilter].
	Filters Filter `json:"filters,omitzero"`
	meta    wire.Meta
}

// FileSearch returns the file search tool over the given vector stores.
func FileSearch(vectorStoreIDs ...string) *FileSearchTool {
	return &FileSearchTool{VectorStoreIDs: vectorStoreIDs}
}

// FileSearchRanking configures how file search ranks its results.
type FileSearchRanking struct {
	// Ranker is "auto" or "default-2024-11-15".
	Ranker string `json:"ranker,omitzero"`
	// ScoreThreshold, between 0 and 1, drops results that score lower.
	ScoreThreshold float64 `json:"score_threshold,omitzero"`
	// HybridSearch weighs semantic against keyword matches.
	HybridSearch *HybridSearch `json:"hybrid_search,omitzero"`
	meta         wire.Meta
}

// HybridSearch weighs embedding (semantic) matches against text (keyword)
// matches in the reciprocal rank fusion of hybrid file search.
type HybridSearch struct {
	EmbeddingWeight float64 `json:"embedding_weight"`
	TextWeight      float64 `json:"text_weight"`
	meta            wire.Meta
}

// Filter selects files by their attributes: *[ComparisonFilter] compares one
// attribute with a value, *[CompoundFilter] combines filters. Kinds this
// version does not know decode to *[Unknown].
//
//wire:union Filter
type Filter interface {
	isFilter()
}

// ComparisonFilter compares the file attribute Key with Value.
//
//wire:variant Filter eq ne gt gte lt lte in nin
type ComparisonFilter struct {
	// Type is the comparison: "eq", "ne", "gt", "gte", "lt", "lte", "in"
	// or "nin" (not in).
	Type string `json:"type,omitzero" wire:"strict"`
	Key  string `json:"key"`
	// Value is a string, a number, a bool, or for "in" and "nin" a slice of
	// strings or numbers. Decoded numbers are float64 and decoded lists
	// []any, as with encoding/json.
	Value any `json:"value"`
	meta  wire.Meta
}

// CompoundFilter combines filters: all must match ("and") or any ("or").
//
//wire:variant Filter and or
type CompoundFilter struct {
	// Type is "and" or "or".
	Type    string   `json:"type,omitzero" wire:"strict"`
	Filters []Filter `json:"filters"`
	meta    wire.Meta
}

func init() {
	wire.RegisterUnion[Filter](wire.Union{
		Key:     "type",
		Types:   filterVariants,
		Unknown: (*Unknown)(nil),
	})
}
