package responses

import (
	"context"
	"fmt"
)

// MCPApprovalFunc returns the handler that answers the approval requests of
// the MCP server of tool (by its ServerLabel) with approve: nil approves
// the call, an error rejects it, its text being the reason given. The
// loop's Approve hook, if any, sees the request first, as it sees every
// call. The tool is sent with the requests, unless the request already has
// a tool of the same server.
//
// MCPApprovalFunc panics if tool or approve is nil.
func MCPApprovalFunc(tool *MCPTool, approve func(ctx context.Context, req *MCPApprovalRequest) error) Handler {
	if tool == nil || approve == nil {
		panic("responses: MCPApprovalFunc called with a nil tool or function")
	}
	return &mcpApprovalHandler{tool: tool, approve: approve}
}

type mcpApprovalHandler struct {
	tool    *MCPTool
	approve func(context.Context, *MCPApprovalRequest) error
}

func (h *mcpApprovalHandler) Tool() Tool { return h.tool }

func (h *mcpApprovalHandler) Call(ctx context.Context, call Item) (Item, error) {
	req, err := callAs[*MCPApprovalRequest](call, "the MCP server "+h.tool.ServerLabel)
	if err != nil {
		return nil, err
	}
	if req.ServerLabel != h.tool.ServerLabel {
		return nil, fmt.Errorf("responses: the approval handler of the MCP server %s got a request of %s", h.tool.ServerLabel, req.ServerLabel)
	}
	res := MCPApproval(req.ID, true)
	if err := h.approve(ctx, req); err != nil {
		res.Approve, res.Reason = false, err.Error()
	}
	return res, nil
}
