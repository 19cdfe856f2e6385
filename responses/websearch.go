package responses

import "github.com/respkit/respkit/internal/wire"

// WebSearchCall is a call of the built-in web search tool, run by the API.
// Ask for its sources with [IncludeWebSearchSources].
//
//wire:variant Item web_search_call
type WebSearchCall struct {
	ID string `json:"id,omitzero" wire:"strict"`
	// Action is what the model did: *[SearchAction], *[OpenPageAction] or
	// *[FindInPageAction].
	Action WebSearchAction `json:"action,omitzero"`
	// Status is "in_progress", "searching", "completed", "failed" or
	// "incomplete".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

// WebSearchAction is the action of a [WebSearchCall]: *[SearchAction],
// *[OpenPageAction] or *[FindInPageAction]. Kinds this version does not know
// decode to *[Unknown].
//
//wire:union WebSearchAction
type WebSearchAction interface {
	isWebSearchAction()
}

// SearchAction is a web search.
//
//wire:variant WebSearchAction search
type SearchAction struct {
	// Query is the search query; newer responses give Queries instead.
	Query   string   `json:"query,omitzero"`
	Queries []string `json:"queries,omitzero"`
	// Sources are the sources the search used.
	Sources []WebSearchSource `json:"sources,omitzero"`
	meta    wire.Meta
}

// WebSearchSource is a source a web search used: a web page (Type "url",
// with URL) or a data provider (Type "api", with Name, such as
// "oai-weather").
type WebSearchSource struct {
	Type string `json:"type,omitzero" wire:"strict"`
	URL  string `json:"url,omitzero"`
	Name string `json:"name,omitzero"`
	meta wire.Meta
}

// OpenPageAction opens the page at URL.
//
//wire:variant WebSearchAction open_page
type OpenPageAction struct {
	URL  string `json:"url,omitzero"`
	meta wire.Meta
}

// FindInPageAction searches the page at URL for Pattern.
//
//wire:variant WebSearchAction find_in_page find
type FindInPageAction struct {
	// Type is "find_in_page", or "find" in older responses.
	Type    string `json:"type" wire:"strict"`
	URL     string `json:"url,omitzero"`
	Pattern string `json:"pattern,omitzero"`
	meta    wire.Meta
}

func init() {
	wire.RegisterUnion[WebSearchAction](wire.Union{
		Key:     "type",
		Types:   webSearchActionVariants,
		Unknown: (*Unknown)(nil),
	})
}
