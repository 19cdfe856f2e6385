package responses

import (
	"context"
	"fmt"
)

// ComputerFunc returns the handler of the computer use tool, a
// *[ComputerTool] or *[ComputerUsePreviewTool], that performs each call's
// actions with fn. fn returns the call's output: a screenshot taken after
// the actions (see [ScreenshotOutput]), with the call's pending safety
// checks that the user acknowledged. An error from fn ends the loop, since
// the output of a computer call can only be a screenshot; so does an
// unknown or denied computer call. The calls of a turn run one at a time,
// in call order.
//
// ComputerFunc panics if tool is not a computer use tool or fn is nil.
func ComputerFunc(tool Tool, fn func(ctx context.Context, call *ComputerCall) (*ComputerCallOutput, error)) Handler {
	switch tool.(type) {
	case *ComputerTool, *ComputerUsePreviewTool:
	default:
		panic(fmt.Sprintf("responses: ComputerFunc called with a %T, not a computer use tool", tool))
	}
	if fn == nil {
		panic("responses: ComputerFunc called with a nil function")
	}
	return &computerHandler{tool: tool, fn: fn}
}

type computerHandler struct {
	tool Tool
	fn   func(context.Context, *ComputerCall) (*ComputerCallOutput, error)
}

func (h *computerHandler) Tool() Tool { return h.tool }
func (*computerHandler) inOrder()     {}

func (h *computerHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*ComputerCall](call, "computer")
	if err != nil {
		return nil, err
	}
	out, err := h.fn(ctx, c)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("responses: the computer handler returned no output for the call %s", c.CallID)
	}
	return out, nil
}
