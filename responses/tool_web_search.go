package responses

import "github.com/respkit/respkit/internal/wire"

// WebSearchTool lets the model search the web. Its searches come back as web
// search call items, and the answer cites its sources with URL citations.
//
//wire:variant Tool web_search web_search_2025_08_26
type WebSearchTool struct {
	// Type is "web_search" or the dated "web_search_2025_08_26"; it must be
	// set, as [WebSearch] does.
	Type    string            `json:"type,omitzero" wire:"strict"`
	Filters *WebSearchFilters `json:"filters,omitzero"`
	// UserLocation localizes the results; without it they are localized to
	// the United States.
	UserLocation *UserLocation `json:"user_location,omitzero"`
	// SearchContextSize is "low", "medium" (the default) or "high": how
	// much of the context window the search results may fill.
	SearchContextSize string `json:"search_context_size,omitzero"`
	// ExternalWebAccess false keeps the search to cached content (it is
	// live by default).
	ExternalWebAccess *bool `json:"external_web_access,omitzero"`
	// ReturnTokenBudget is echoed by the API ("default"); it is not
	// documented.
	ReturnTokenBudget string `json:"return_token_budget,omitzero"`
	meta              wire.Meta
}

// WebSearch returns the web search tool.
func WebSearch() *WebSearchTool {
	return &WebSearchTool{Type: "web_search"}
}

// WebSearchFilters narrows a web search.
type WebSearchFilters struct {
	// AllowedDomains keeps the search to these domains and their
	// subdomains, such as "pubmed.ncbi.nlm.nih.gov".
	AllowedDomains []string `json:"allowed_domains,omitzero"`
	meta           wire.Meta
}

// UserLocation is the approximate location of the user, which web search
// results are localized to.
type UserLocation struct {
	// Type is "approximate"; the web_search_preview tool requires it.
	Type string `json:"type,omitzero" wire:"strict"`
	// Country is the two-letter ISO country code, such as "US".
	Country string `json:"country,omitzero"`
	// Region and City are free text, such as "California" and
	// "San Francisco".
	Region string `json:"region,omitzero"`
	City   string `json:"city,omitzero"`
	// Timezone is an IANA time zone, such as "America/Los_Angeles".
	Timezone string `json:"timezone,omitzero"`
	meta     wire.Meta
}

// WebSearchPreviewTool is the preview version of [WebSearchTool].
//
//wire:variant Tool web_search_preview web_search_preview_2025_03_11
type WebSearchPreviewTool struct {
	// Type is "web_search_preview" or the dated
	// "web_search_preview_2025_03_11"; it must be set.
	Type         string        `json:"type,omitzero" wire:"strict"`
	UserLocation *UserLocation `json:"user_location,omitzero"`
	// SearchContextSize is "low", "medium" (the default) or "high".
	SearchContextSize string `json:"search_context_size,omitzero"`
	// SearchContentTypes is "text", "image" or both.
	SearchContentTypes []string `json:"search_content_types,omitzero"`
	// Domains appears in the API reference's example; it is not
	// documented.
	Domains []string `json:"domains,omitzero"`
	meta    wire.Meta
}
