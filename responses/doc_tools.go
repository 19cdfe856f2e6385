// # Tools and the tool loop
//
// A [Handler] is a tool together with the Go code that answers the model's
// calls of it. [Func] makes one of a Go function whose arguments are a
// struct: the tool's parameters are the strict JSON Schema of the struct,
// and the model's arguments are decoded into it strictly.
//
//	type Args struct {
//		City string `json:"city" jsonschema_description:"The city, such as Paris"`
//	}
//	weather := responses.Func("get_weather", "Get the current weather in a city.",
//		func(ctx context.Context, a Args) (Weather, error) { ... })
//
// [RawFunc] takes a hand-written schema and passes the raw JSON arguments,
// [CustomFunc] answers a custom tool (free text, or text held to a
// grammar), and [ApplyPatchIn] (patches applied inside an [os.Root] with
// package patch), [ApplyPatchFunc], [ShellHandler], [LocalShellHandler],
// [ComputerFunc] and [MCPApprovalFunc] answer the calls of built-in tools
// that the client runs. respkit never runs a command unless it is given an
// Exec function.
//
// A [Loop] sends a request with the handlers' tools, runs the calls of the
// response (in parallel, and in call order in the next request), sends
// their outputs back and repeats until the model answers without a call,
// within a turn budget:
//
//	loop := &responses.Loop{Service: rs, Tools: []responses.Handler{weather}}
//	t, err := loop.Run(ctx, &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Weather in Paris?")})
//	fmt.Println(t.Response().OutputText())
//
// It works with stored responses (the following requests carry
// previous_response_id and only the tool outputs) and without (Store false:
// the following requests replay the conversation, encrypted reasoning
// included), and returns a [Transcript] of every turn. A call that fails
// (unknown tool, arguments that do not decode, an error or a panic in the
// handler, a call denied by the Approve hook) is answered with an output
// that tells the model what went wrong, unless OnToolError ends the loop.
// [Loop.Stream] yields the events of every turn as they come, with a
// *[ToolOutputEvent] for each answered call, for a program that shows
// progress; [Loop.Dispatch] runs the calls of one response, for a caller
// that sends the requests itself.
package responses
