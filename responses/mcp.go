package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// MCPListTools lists the tools of a remote MCP server, as the API found
// them when the MCP tool was first used.
//
//wire:variant Item mcp_list_tools
type MCPListTools struct {
	ID          string        `json:"id,omitzero" wire:"strict"`
	ServerLabel string        `json:"server_label,omitzero"`
	Tools       []MCPToolInfo `json:"tools,omitzero"`
	// Error says why the tools could not be listed.
	Error string `json:"error,omitzero"`
	meta  wire.Meta
}

// MCPToolInfo describes a tool of an MCP server.
type MCPToolInfo struct {
	Name        string `json:"name,omitzero"`
	Description string `json:"description,omitzero"`
	// InputSchema is the JSON Schema of the tool's arguments.
	InputSchema json.RawMessage `json:"input_schema,omitzero"`
	// Annotations are the MCP tool annotations, such as readOnlyHint.
	Annotations json.RawMessage `json:"annotations,omitzero"`
	meta        wire.Meta
}

// MCPApprovalRequest asks for the developer's approval before the API calls
// a tool of an MCP server. Answer it with an [MCPApprovalResponse].
//
//wire:variant Item mcp_approval_request
type MCPApprovalRequest struct {
	ID          string `json:"id,omitzero" wire:"strict"`
	ServerLabel string `json:"server_label,omitzero"`
	Name        string `json:"name,omitzero"`
	// Arguments is the JSON object of arguments.
	Arguments string `json:"arguments,omitzero" wire:"strict"`
	meta      wire.Meta
}

// MCPApprovalResponse approves or rejects the [MCPApprovalRequest] whose ID
// is ApprovalRequestID.
//
//wire:variant Item mcp_approval_response
type MCPApprovalResponse struct {
	ID                string `json:"id,omitzero" wire:"strict"`
	ApprovalRequestID string `json:"approval_request_id"`
	Approve           bool   `json:"approve"`
	// Reason explains the decision.
	Reason string `json:"reason,omitzero"`
	meta   wire.Meta
}

// MCPApproval returns the item that approves (or, with approve false,
// rejects) the MCP approval request with the id requestID.
func MCPApproval(requestID string, approve bool) *MCPApprovalResponse {
	return &MCPApprovalResponse{ApprovalRequestID: requestID, Approve: approve}
}

// MCPCall is a call of a tool on a remote MCP server, run by the API.
//
//wire:variant Item mcp_call
type MCPCall struct {
	ID          string `json:"id,omitzero" wire:"strict"`
	ServerLabel string `json:"server_label,omitzero"`
	Name        string `json:"name,omitzero"`
	// Arguments is the JSON object of arguments.
	Arguments string `json:"arguments,omitzero" wire:"strict"`
	// Output is the tool's output.
	Output string `json:"output,omitzero"`
	// Error is *[MCPProtocolFailure], *[MCPToolExecutionFailure] or
	// *[MCPHTTPFailure] when the call failed.
	Error MCPCallFailure `json:"error,omitzero"`
	// Status is "in_progress", "completed", "incomplete", "calling" or
	// "failed".
	Status Status `json:"status,omitzero" wire:"strict"`
	// ApprovalRequestID is the [MCPApprovalRequest] the call was approved
	// with.
	ApprovalRequestID string `json:"approval_request_id,omitzero"`
	meta              wire.Meta
}

// MCPCallFailure is why an [MCPCall] failed: *[MCPProtocolFailure],
// *[MCPToolExecutionFailure] or *[MCPHTTPFailure]. Kinds this version does
// not know decode to *[Unknown]. It is data the API reports, not a Go error.
//
//wire:union MCPCallFailure
type MCPCallFailure interface {
	isMCPCallFailure()
}

// MCPProtocolFailure is a failure of the MCP protocol, with its JSON-RPC
// Code.
//
//wire:variant MCPCallFailure mcp_protocol_error
type MCPProtocolFailure struct {
	Code    int    `json:"code,omitzero"`
	Message string `json:"message,omitzero"`
	meta    wire.Meta
}

// MCPToolExecutionFailure is a tool's own failure: its result content.
//
//wire:variant MCPCallFailure mcp_tool_execution_error
type MCPToolExecutionFailure struct {
	Content json.RawMessage `json:"content,omitzero"`
	meta    wire.Meta
}

// MCPHTTPFailure is an HTTP error status from the MCP server, with its
// status Code.
//
//wire:variant MCPCallFailure http_error
type MCPHTTPFailure struct {
	Code    int    `json:"code,omitzero"`
	Message string `json:"message,omitzero"`
	meta    wire.Meta
}

func init() {
	wire.RegisterUnion[MCPCallFailure](wire.Union{
		Key:     "type",
		Types:   mCPCallFailureVariants,
		Unknown: (*Unknown)(nil),
	})
}
