package responses

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/respkit/respkit/schema"
)

// Handler is a tool together with the code that answers the model's calls
// of it, for a [Loop]. Tool returns the tool to send with the request; Call
// answers one call of it with the output item to send back, or an error,
// which the loop turns into an output the model can read (see [ToolError]).
//
// The tool says which calls the handler answers: a *[FunctionTool] or
// *[CustomTool] answers the *[FunctionCall] or *[CustomToolCall] items with
// its name; an *[ApplyPatchTool] answers *[ApplyPatchCall] items; a
// *[ShellTool] answers *[ShellCall] items; a *[LocalShellTool] answers
// *[LocalShellCall] items; a *[ComputerTool] or *[ComputerUsePreviewTool]
// answers *[ComputerCall] items; and an *[MCPTool] answers the
// *[MCPApprovalRequest] items of its server (its ServerLabel).
//
// [Func], [RawFunc] and [CustomFunc] make handlers of Go functions;
// [ApplyPatchIn], [ApplyPatchFunc], [ShellFunc], [LocalShellFunc],
// [ComputerFunc] and [MCPApprovalFunc] answer the calls of built-in tools. Call may be called
// concurrently, for the calls of one turn, and must honour ctx; the
// handlers of apply_patch, shell and computer calls get them one at a time,
// in call order, since each may depend on the one before.
type Handler interface {
	Tool() Tool
	Call(ctx context.Context, call Item) (Item, error)
}

// ToolCall is a call of a tool that the model made, as a [Loop] shows it to
// its hooks and in a [ToolError].
type ToolCall struct {
	// Item is the call: *[FunctionCall], *[CustomToolCall],
	// *[ApplyPatchCall], *[ShellCall], *[LocalShellCall], *[ComputerCall]
	// or *[MCPApprovalRequest].
	Item Item `json:"item"`
	// Name is the name of the tool: the function's or custom tool's name,
	// the MCP server's tool name, or for the other built-in tools their type:
	// "apply_patch", "shell", "local_shell" or "computer".
	Name string `json:"name"`
	// CallID pairs the call with its output; for an MCP approval request it
	// is the request's ID.
	CallID string `json:"call_id" wire:"strict"`
	// Arguments is what the model wrote: the function's JSON arguments, the
	// custom tool's input, the MCP tool's JSON arguments, or the JSON of the
	// operation or action of another built-in tool's call.
	Arguments string `json:"arguments" wire:"strict"`

	route route
}

// A route is the kind of call item a handler answers and, for function and
// custom tools, the tool's name (for MCP approvals, the server label).
type route struct {
	kind string
	name string
}

// routeOf returns the calls that a handler of the tool t answers.
func routeOf(t Tool) (route, bool) {
	switch t := t.(type) {
	case *FunctionTool:
		return route{"function_call", t.Name}, true
	case *CustomTool:
		return route{"custom_tool_call", t.Name}, true
	case *ApplyPatchTool:
		return route{"apply_patch_call", ""}, true
	case *ShellTool:
		return route{"shell_call", ""}, true
	case *LocalShellTool:
		return route{"local_shell_call", ""}, true
	case *ComputerTool, *ComputerUsePreviewTool:
		return route{"computer_call", ""}, true
	case *MCPTool:
		return route{"mcp_approval_request", t.ServerLabel}, true
	}
	return route{}, false
}

// callOf returns the call that it is, or false when it is not an item that
// the client answers.
func callOf(it Item) (*ToolCall, bool) {
	switch it := it.(type) {
	case *FunctionCall:
		return &ToolCall{Item: it, Name: it.Name, CallID: it.CallID, Arguments: it.Arguments, route: route{"function_call", it.Name}}, true
	case *CustomToolCall:
		return &ToolCall{Item: it, Name: it.Name, CallID: it.CallID, Arguments: it.Input, route: route{"custom_tool_call", it.Name}}, true
	case *ApplyPatchCall:
		return &ToolCall{Item: it, Name: "apply_patch", CallID: it.CallID, Arguments: jsonText(&it.Operation), route: route{"apply_patch_call", ""}}, true
	case *ShellCall:
		return &ToolCall{Item: it, Name: "shell", CallID: it.CallID, Arguments: jsonText(&it.Action), route: route{"shell_call", ""}}, true
	case *LocalShellCall:
		return &ToolCall{Item: it, Name: "local_shell", CallID: it.CallID, Arguments: jsonText(&it.Action), route: route{"local_shell_call", ""}}, true
	case *ComputerCall:
		var args string
		if it.Action != nil {
			args = jsonText(&it.Action)
		} else {
			args = jsonText(&it.Actions)
		}
		return &ToolCall{Item: it, Name: "computer", CallID: it.CallID, Arguments: args, route: route{"computer_call", ""}}, true
	case *MCPApprovalRequest:
		return &ToolCall{Item: it, Name: it.Name, CallID: it.ID, Arguments: it.Arguments, route: route{"mcp_approval_request", it.ServerLabel}}, true
	}
	return nil, false
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// Func returns the handler of a function tool named name, which calls fn
// with the call's arguments decoded into an A.
//
// The tool's parameters are the strict JSON Schema of A ([schema.For]), so
// A is a struct whose fields are the arguments; the arguments are decoded
// strictly ([schema.Decode]): arguments that do not decode are answered
// with the decoding error and its JSON path, and fn is not called. The
// result is sent as the call's output: a string as it is, a [Content] (text,
// images and files) as its parts, a [json.RawMessage] as its text, any other
// value as its JSON encoding. An error from fn is sent as "error: " and its
// text.
//
// Func panics if fn is nil, if name does not match ^[a-zA-Z0-9_-]{1,64}$ or
// if A has no strict JSON Schema (such as a map or an interface): these are
// mistakes in the program, found the first time it runs. Tool returns the
// same *[FunctionTool] each time.
func Func[A, R any](name, description string, fn func(context.Context, A) (R, error)) Handler {
	if fn == nil {
		panic("responses: Func " + name + " called with a nil function")
	}
	s, err := schema.For[A](schema.WithName(name))
	if err != nil {
		panic(fmt.Sprintf("responses: Func %s: %v", name, err))
	}
	decode := func(ctx context.Context, raw json.RawMessage) (R, error) {
		args, err := schema.Decode[A](raw)
		if err != nil {
			var zero R
			return zero, &argumentsError{err}
		}
		return fn(ctx, args)
	}
	tool := &FunctionTool{Name: name, Description: description, Parameters: json.RawMessage(s.String()), Strict: new(true)}
	return &funcHandler[R]{tool: tool, fn: decode}
}

// RawFunc returns the handler of the function tool, whose Parameters schema
// is written by hand, which calls fn with the call's arguments as they are:
// a JSON object, which fn decodes itself. Arguments that are not valid JSON
// are answered with an error, and fn is not called. The result is sent as
// [Func] sends it.
//
// To make a hand-written schema strict, pass it through [schema.FromJSON]
// and set Strict to new(true). RawFunc panics if tool or fn is nil or the
// tool has no name. Tool returns tool itself.
func RawFunc[R any](tool *FunctionTool, fn func(ctx context.Context, arguments json.RawMessage) (R, error)) Handler {
	if tool == nil || tool.Name == "" || fn == nil {
		panic("responses: RawFunc called with a nil or unnamed tool or a nil function")
	}
	valid := func(ctx context.Context, raw json.RawMessage) (R, error) {
		if !json.Valid(raw) {
			var zero R
			return zero, &argumentsError{errNotJSON}
		}
		return fn(ctx, raw)
	}
	return &funcHandler[R]{tool: tool, fn: valid}
}

// funcHandler answers the calls of a function tool with fn.
type funcHandler[R any] struct {
	tool *FunctionTool
	fn   func(context.Context, json.RawMessage) (R, error)
}

func (h *funcHandler[R]) Tool() Tool { return h.tool }

func (h *funcHandler[R]) Call(ctx context.Context, call Item) (Item, error) {
	fc, err := callAs[*FunctionCall](call, h.tool.Name)
	if err != nil {
		return nil, err
	}
	r, err := h.fn(ctx, json.RawMessage(fc.Arguments))
	if err != nil {
		return nil, err
	}
	out, err := outputContent(r)
	if err != nil {
		return nil, err
	}
	return &FunctionCallOutput{CallID: fc.CallID, Output: out}, nil
}

// CustomFunc returns the handler of the custom tool, which calls fn with
// the text the model wrote for the tool (held to the tool's grammar, if it
// has one: see [Grammar]) and sends back the text fn returns. An error
// from fn is sent as "error: " and its text.
//
// CustomFunc panics if tool or fn is nil or the tool has no name. Tool
// returns tool itself.
func CustomFunc(tool *CustomTool, fn func(ctx context.Context, input string) (string, error)) Handler {
	if tool == nil || tool.Name == "" || fn == nil {
		panic("responses: CustomFunc called with a nil or unnamed tool or a nil function")
	}
	return &customHandler{tool: tool, fn: fn}
}

type customHandler struct {
	tool *CustomTool
	fn   func(context.Context, string) (string, error)
}

func (h *customHandler) Tool() Tool { return h.tool }

func (h *customHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*CustomToolCall](call, h.tool.Name)
	if err != nil {
		return nil, err
	}
	out, err := h.fn(ctx, c.Input)
	if err != nil {
		return nil, err
	}
	return CustomOutput(c.CallID, out), nil
}

// callAs returns call as a T, or an error when a handler is given a call of
// another kind (which a Loop never does).
func callAs[T Item](call Item, tool string) (T, error) {
	c, ok := call.(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("responses: the handler of %s cannot answer a %T, only a %T", tool, call, zero)
	}
	return c, nil
}

// outputContent returns the output of a function whose result is v.
func outputContent(v any) (Content, error) {
	switch v := v.(type) {
	case string:
		return PlainText(v), nil
	case Content:
		if v == nil {
			return PlainText(""), nil
		}
		return v, nil
	case []Part:
		return outputContent(Content(v))
	case json.RawMessage:
		return PlainText(string(v)), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("responses: encode the result as JSON: %w", err)
	}
	return PlainText(string(b)), nil
}
