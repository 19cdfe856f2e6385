// Package responses is the OpenAI Responses API: its types, the Service
// that calls it, and the helpers that turn a model into a dependable part of
// a Go program.
//
// # Index by task
//
//   - Call the API: [Service.Create] with a [Request], which returns a
//     [Response] ([Response.OutputText]); options for one call
//     ([client.Option], [WithInclude]) or for all calls of a [Service.With].
//   - Stream: [Service.Stream] yields [Event] values (*[OutputTextDeltaEvent],
//     *[CompletedEvent], …); [Accumulator] rebuilds the response;
//     [ReadEvents] reads any stream; [Service.Resume] and
//     [Service.WithResume] pick up a broken one.
//   - Typed output: [Parse], [StreamParse] and [Parsed], [WithMaxAttempts];
//     [DecodeArguments] for a function call's arguments.
//   - Tools: [Handler] values from [Func], [RawFunc], [CustomFunc],
//     [ApplyPatchIn], [EditIn], [ShellFunc] and the other constructors; the [Loop]
//     ([Loop.Run], [Loop.Stream], [Loop.Dispatch]) and its [Transcript],
//     over HTTP or a [Loop.Transport] such as a WebSocket connection
//     (package responses/ws); [RunState], [Loop.Checkpoint] and
//     [Loop.Resume] for runs that outlive a process; [Observer] and
//     [Service.WithObserver] for tracing and metrics (the nested module
//     github.com/respkit/respkit/otel records them with OpenTelemetry);
//     built-in tools: [WebSearch], [FileSearch], [CodeInterpreter], [MCP],
//     [Shell], [ApplyPatch].
//   - Conversations: [Request.PreviousResponseID], or the history sent back
//     with [Response.ToInput]; [Service.Conversations] and
//     [Request.Conversation] for one kept by the server.
//   - Images, files and audio: [UserMessage] with parts: [ImageURL],
//     [ImageBytes], [ImageFile], [ImageReader], [FileID], [FileBytes],
//     [FileFromPath], [AudioBytes]; package files uploads large ones.
//   - Background work: [Request.Background], [Service.Wait],
//     [Service.Cancel], [Service.Resume]; package webhook for the API's
//     calls when it ends.
//   - Stored responses: [Service.Get], [Service.Delete],
//     [Service.InputItems], [Service.Compact], [Service.CountInputTokens].
//   - Errors: *[client.APIError] (the API said no), *[ProtocolError] (a
//     body or event that does not decode), *[StreamError] (a stream that
//     ended early), *[ResponseError] (a failed response), *[ParseError],
//     *[RefusalError] and *[IncompleteError] (no typed value),
//     *[MaxTurnsError] (a loop out of turns).
//
// # A first call
//
// A [Service] sends requests with a [client.Client]. A complete program:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//
//		"github.com/respkit/respkit/client"
//		"github.com/respkit/respkit/responses"
//	)
//
//	func main() {
//		c, err := client.New() // OPENAI_API_KEY from the environment
//		if err != nil {
//			log.Fatal(err)
//		}
//		rs := responses.New(c)
//		resp, err := rs.Create(context.Background(), &responses.Request{
//			Model: "gpt-5-mini",
//			Input: responses.Text("Say hello to a Go developer."),
//		})
//		if err != nil {
//			log.Fatal(err) // a *client.APIError for an API error
//		}
//		fmt.Println(resp.OutputText())
//	}
//
// [Request] and [Response] are plain structs. A field's zero value means
// "not set"; fields whose zero value means something are pointers, set with
// new (Temperature: new(0.2)). The Service never modifies a request.
//
// # Items, parts, tools and events
//
// The API's unions are sealed interfaces whose values are pointers to
// concrete types, read with a type switch:
//
//   - [Item]: an entry of a conversation — *[Message], *[FunctionCall],
//     *[FunctionCallOutput], *[ReasoningItem], the calls of the built-in
//     tools (*[WebSearchCall], *[ApplyPatchCall], *[ShellCall], …). The same
//     types are request input and response output, so [Response.ToInput]
//     sends a response's output back as the next input.
//   - [Part]: the content of a message — *[InputText], *[InputImage],
//     *[InputFile], *[OutputText], *[Refusal], ….
//   - [Tool] and [ToolChoice]: *[FunctionTool] for your functions, and the
//     built-in tools, such as [WebSearch], [FileSearch], [CodeInterpreter],
//     [MCP], [Shell] and [ApplyPatch].
//   - [Event]: a stream event, such as *[OutputTextDeltaEvent] and
//     *[CompletedEvent].
//
// Images and files go in a message as parts: [ImageURL] and [FileID] refer to
// them, [ImageBytes], [ImageFile] and [ImageReader] put an image inline as a
// data URL of its sniffed type, [FileBytes] and [FileFromPath] a file, up to
// [MaxInlineSize]. Package github.com/respkit/respkit/files uploads larger
// files (its Documents chooses inline or upload by size). The Responses API
// takes no audio in its input (the spec's input content is text, images and
// files): [InputAudio], which [AudioBytes] and [AudioFile] make, exists for
// the evals and graders that take it.
//
// A kind this version does not know decodes to *[Unknown], which keeps its
// JSON. Every value remembers the JSON members it was decoded with, unknown
// and null ones included: encoding a decoded [Response] gives back the same
// JSON, so responses can be stored, replayed and sent back unchanged. A
// member that was null stays null while its field keeps the zero value; a
// value set in Go wins.
//
// A member whose JSON value has the wrong kind (a number for a string, say)
// is kept as it was and written back unchanged, its field left at the zero
// value, except for the members this package acts on: the type, the ids
// (id, item_id, call_id, response_id), the sequence number, the output,
// content and summary indexes, the status and the arguments. For those the
// decoding fails with an error that names the member's JSON path, such as
// "output[2].call_id": a *[ProtocolError] from [Service.Create] and the
// streams, wrapping the codec's error.
//
// # Streaming
//
// [Service.Stream] returns an iterator over typed events; the request is
// sent when the loop starts and the connection closed when it ends, also on
// break:
//
//	for ev, err := range rs.Stream(ctx, req) {
//		if err != nil {
//			log.Fatal(err) // *StreamError: an error event, a failed response, a broken connection
//		}
//		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
//			fmt.Print(d.Delta)
//		}
//	}
//
// An [Accumulator] rebuilds the [Response] from the events, so a program
// can show the state at any point. [ReadEvents] reads a stream from any
// [io.Reader]. A background response's stream can be picked up after a lost
// connection with [Service.Resume], or by itself with [Service.WithResume],
// from the LastSequence of the *[StreamError]. Every event is delivered once,
// in order: a gap in the sequence numbers ends a stream with an error
// wrapping [ErrSequenceGap], and a failed call sends at most the client's
// MaxRetries+1 requests in all.
//
// # Structured output
//
// [Parse] asks for JSON that matches a Go type's strict JSON Schema (from
// the schema package) and decodes the answer into it, or says why it
// cannot: *[RefusalError], *[IncompleteError], or a *schema.DecodeError
// with the JSON path of the problem, inside a *[ParseError] that keeps the
// responses. [WithMaxAttempts] sends a decoding or validation error back to
// the model to be corrected. [StreamParse] yields the value as it fills, while
// the JSON streams in. [DecodeArguments] decodes a function call's arguments
// the same way.
//
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
// grammar), [EditIn] answers an [EditTool], a custom tool through which the
// model edits files in a format of package patch (V4A, SEARCH/REPLACE
// blocks, pseudo-XML edits or unified diffs, held to the format by a
// grammar), and [ApplyPatchIn] (patches applied inside an [os.Root] with
// package patch), [ApplyPatchFunc], [ShellFunc], [LocalShellFunc],
// [ComputerFunc] and [MCPApprovalFunc] answer the calls of built-in tools
// that the client runs. respkit never runs a command itself: [ShellFunc]
// is given the function that does.
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
// [Loop.Stream] yields the events of every turn as they come, with the
// loop's own *[ToolOutputEvent] for each answered call (each a [LoopEvent]),
// for a program that shows progress; [Loop.Dispatch] runs the calls of one
// response, for a caller that sends the requests itself.
//
// # Runs that outlive a process
//
// A [Loop.Run] lives as long as its process. An agent whose tool waits a
// day for a person's approval, or that must survive a deploy, keeps its
// run's [RunState] instead: a JSON value with the request, the transcript
// and the calls of the turn in progress. [Loop.Checkpoint] hands it over
// at every step (after each response, before the calls start, after each
// call, between turns); [Loop.Resume] goes on from it, in any process that
// has the same handlers:
//
//	loop.Checkpoint = func(ctx context.Context, s *responses.RunState) error {
//		b, err := json.Marshal(s)
//		if err != nil {
//			return err
//		}
//		return db.SaveRun(ctx, runID, b)
//	}
//
// An Approve hook that returns [ErrPending] stops the run with a
// *[PausedError] once the turn's other calls are decided; nothing runs and
// nothing is sent until the person decides. Store the state, record the
// decision ([RunState.Approve], [RunState.Deny]) when it comes, and resume.
// A call is marked started before its handler runs: a run that stopped
// while a call ran (a crash, a deploy) runs the call again on resume only
// if its handler is [Idempotent], and otherwise pauses for a decision
// ([RunState.Rerun], [RunState.Skip] with the output of an effect that
// happened, [RunState.Fail]), so that no tool runs twice by accident.
//
// Three ways to run work that outlives a process, by what it is:
//
//   - A tool conversation on your own storage: the run state above, kept
//     in your database (a row per run), resumed by whichever process
//     handles the next event.
//   - A tool conversation under a workflow engine: the nested module
//     github.com/respkit/respkit/temporal runs the loop's steps
//     ([Loop.NextRequest] and the steps after it) as a Temporal workflow,
//     each model call and each tool call an activity, approvals as
//     signals and the run state as the workflow's state, so that retries,
//     timers and crashed workers are Temporal's concern.
//   - Extraction over a corpus, where no call depends on another: the
//     Batch API (package batch), cheaper and resumable by its job id, or
//     package extract within the rate limits.
//
// # Other calls
//
// [Service.Get], [Service.Delete] and [Service.Cancel] work on stored
// responses; [Service.InputItems] lists a response's input, fetching pages
// as the loop needs them; [Service.Conversations] keeps a conversation on
// the server, which [Request.Conversation] continues (see [Conversations]);
// [Service.Compact] compacts a long conversation;
// [Service.CountInputTokens] counts a request's tokens without running the
// model.
//
// # Per-call options
//
// Every call takes options after its arguments, the [client.Option] values
// that configure a client, applied to this call alone: an idempotency key or
// a tenant header ([client.WithHeader]), a bound on the whole call
// ([client.WithCallTimeout]) or on each attempt ([client.WithTimeout]), the
// retry budget ([client.WithMaxRetries]), and query parameters or body
// members this package does not know yet ([client.WithQuery],
// [client.WithBodyField]). [WithInclude] asks [Service.Get] for optional
// data. [Service.With] makes a Service whose calls all apply options, which
// is how [Parse], [StreamParse], [Service.Wait] and a [Loop]'s Service take
// them ([Loop.Run] and [Loop.Stream] also take options of their own).
//
// # Background work
//
// A request with [Request.Background] set returns at once, queued, and runs
// on the server; the work goes on whatever the caller does, until it ends or
// [Service.Cancel] stops it. Four ways to learn how it ends:
//
//   - Poll: [Service.Wait] gets the response until it is completed, failed,
//     cancelled or incomplete, with a growing interval that follows any hint
//     the server sends. For a batch job or a script that can wait, and the
//     simplest. Wait never cancels the response when its context ends: wait
//     again later, or cancel it explicitly.
//   - Stream: [Service.Stream] of a request with Background set yields the
//     events as they come, for a caller that shows progress.
//   - Resume: a background stream whose connection broke is picked up with
//     [Service.Resume] from the last sequence number seen, or by itself with
//     [Service.WithResume], for long streams over unreliable networks.
//   - Webhook: the API calls an HTTP endpoint of the caller when the response
//     ends (response.completed, response.failed, ...); package
//     github.com/respkit/respkit/webhook verifies and decodes these calls. For
//     a server that starts many long responses and should hold no connection
//     or goroutine for each.
//
// # Testing
//
// Package responsestest is a fake Responses API for tests and offline runs:
// scripted replies, realistic bodies and streams, recorded requests, faults.
package responses

//go:generate go run ../internal/cmd/wiregen
