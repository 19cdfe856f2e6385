package responses

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/respkit/respkit/internal/wire"
)

// MCPTool gives the model the tools of a remote MCP (Model Context Protocol)
// server, which OpenAI calls for it. Give the server by ServerURL, TunnelID
// or ConnectorID.
//
//wire:variant Tool mcp
type MCPTool struct {
	// ServerLabel names the server in the model's calls.
	ServerLabel string `json:"server_label"`
	ServerURL   string `json:"server_url,omitzero"`
	// TunnelID is a Secure MCP Tunnel ("tunnel_…") to reach the server
	// through.
	TunnelID string `json:"tunnel_id,omitzero"`
	// ConnectorID is a service connector, such as "connector_gmail" or
	// "connector_googledrive" (deprecated for newer models).
	ConnectorID       string `json:"connector_id,omitzero"`
	ServerDescription string `json:"server_description,omitzero"`
	// Authorization is an OAuth access token for the server.
	Authorization string `json:"authorization,omitzero"`
	// Headers are HTTP headers sent to the server.
	Headers map[string]string `json:"headers,omitzero"`
	// AllowedTools limits the server's tools the model may call; the zero
	// value allows them all.
	AllowedTools MCPAllowedTools `json:"allowed_tools,omitzero"`
	// RequireApproval says which calls wait for your approval:
	// [MCPApprovalAlways] (the default), [MCPApprovalNever], or an
	// *[MCPApprovalFilter].
	RequireApproval MCPApprovalPolicy `json:"require_approval,omitzero"`
	// DeferLoading leaves the server's tools out of the model's context
	// until tool search finds them (see [ToolSearchTool]).
	DeferLoading bool `json:"defer_loading,omitzero"`
	// AllowedCallers is [CallerDirect], [CallerProgrammatic] or both.
	AllowedCallers []string `json:"allowed_callers,omitzero"`
	meta           wire.Meta
}

// MCP returns the tool for the MCP server at url, labelled label. Its calls
// need approval until RequireApproval says otherwise.
func MCP(label, url string) *MCPTool {
	return &MCPTool{ServerLabel: label, ServerURL: url}
}

// MCPAllowedTools limits the tools of an MCP server that the model may call,
// by name or by a filter. On the wire it is a list of names, or the filter
// object when Filter is set.
type MCPAllowedTools struct {
	Names  []string
	Filter *MCPToolFilter
}

// MarshalJSON writes the filter object if a.Filter is set, and otherwise the
// list of names (null for a nil list).
func (a MCPAllowedTools) MarshalJSON() ([]byte, error) {
	if a.Filter != nil {
		return wire.Marshal(a.Filter)
	}
	return wire.Marshal(a.Names)
}

// UnmarshalJSON decodes a list of names into a.Names, or a filter object into
// a.Filter. Any other JSON value is a *[json.UnmarshalTypeError].
func (a *MCPAllowedTools) UnmarshalJSON(b []byte) error {
	*a = MCPAllowedTools{}
	v := bytes.TrimLeft(b, " \t\r\n")
	if len(v) > 0 {
		switch v[0] {
		case '{':
			a.Filter = new(MCPToolFilter)
			return wire.Unmarshal(b, a.Filter)
		case '[', 'n':
			return wire.Unmarshal(b, &a.Names)
		}
	}
	kind := "number"
	switch {
	case len(v) == 0:
		kind = "nothing"
	case v[0] == '"':
		kind = "string"
	case v[0] == 't' || v[0] == 'f':
		kind = "bool"
	}
	return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[MCPAllowedTools]()}
}

// MCPToolFilter matches tools of an MCP server by name or by their read-only
// hint.
type MCPToolFilter struct {
	ToolNames []string `json:"tool_names,omitzero"`
	// ReadOnly matches the tools that the server marks read-only
	// (readOnlyHint).
	ReadOnly bool `json:"read_only,omitzero"`
	meta     wire.Meta
}

// MCPApprovalPolicy says which calls of an MCP server's tools wait for your
// approval: an [MCPApprovalMode] for all tools, or an *[MCPApprovalFilter].
// Kinds this version does not know decode to *[Unknown].
//
//wire:union MCPApprovalPolicy
type MCPApprovalPolicy interface {
	isMCPApprovalPolicy()
}

// MCPApprovalMode is an approval policy for all the tools of a server.
//
//wire:variant MCPApprovalPolicy
type MCPApprovalMode string

// Approval policies.
const (
	MCPApprovalAlways MCPApprovalMode = "always" // every call needs approval
	MCPApprovalNever  MCPApprovalMode = "never"  // no call needs approval
)

// MCPApprovalFilter says which tools need approval (Always) and which do
// not (Never).
//
//wire:variant MCPApprovalPolicy
type MCPApprovalFilter struct {
	Always *MCPToolFilter `json:"always,omitzero"`
	Never  *MCPToolFilter `json:"never,omitzero"`
	meta   wire.Meta
}

func init() {
	wire.RegisterUnion[MCPApprovalPolicy](wire.Union{
		Key:     "type",
		Types:   mCPApprovalPolicyVariants,
		Missing: (*MCPApprovalFilter)(nil),
		Unknown: (*Unknown)(nil),
		String:  func(s string) any { return MCPApprovalMode(s) },
	})
}
