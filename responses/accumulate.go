package responses

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Accumulator rebuilds a [Response] from the events of its stream, so that
// a caller can show the response while it streams and still has all of it
// when the stream ends, or breaks off. Give it every event with [Accumulator.Add]
// and read the result with [Accumulator.Response].
//
// The zero value is ready to use. An Accumulator is for the events of one
// response and is not safe for concurrent use. It never modifies the
// events it is given: what it changes, it copies first.
type Accumulator struct {
	resp *Response // nil until the first event that carries a response

	// items[i] is what the accumulator knows of the item at Output[i].
	items []accItem

	open    map[accTextKey]*accOpenText // the texts that deltas are writing
	cur     *accOpenText                // the one written last, if still open,
	curKey  accTextKey                  // and its key
	lastSeq int64                       // the greatest sequence number seen

	// lastDelta is the part that the last output text delta went to,
	// which the next one almost always extends. Any other event clears it;
	// a change made to the response since is seen by comparing pointers.
	lastDelta accLastDelta

	errs       []*ErrorEvent
	audio      strings.Builder
	transcript strings.Builder
}

// accLastDelta is where an output text delta went.
type accLastDelta struct {
	out, content int
	id           string
	msg          *Message
	part         *OutputText
}

// AccumulateError is the error of [Accumulator.Add] for an event that does
// not fit the response accumulated so far: an index out of range, an event
// about an item of another kind or id, an event out of sequence. The event
// is not applied, and the accumulator stays usable.
type AccumulateError struct {
	Event  Event  // the event, or nil when Add was given none
	Reason string // what does not fit, such as "output index 3 out of range (2 items)"
}

func (e *AccumulateError) Error() string {
	if e.Event == nil || isNilEvent(e.Event) {
		return "responses: accumulate: " + e.Reason
	}
	if seq := e.Event.Sequence(); seq != 0 {
		return fmt.Sprintf("responses: accumulate %s (sequence %d): %s", e.Event.EventType(), seq, e.Reason)
	}
	return fmt.Sprintf("responses: accumulate %s: %s", e.Event.EventType(), e.Reason)
}

// accReason is what an event handler reports; Add wraps it in an
// *AccumulateError.
type accReason string

func (r accReason) Error() string { return string(r) }

func accReasonf(format string, args ...any) error { return accReason(fmt.Sprintf(format, args...)) }

// Response returns the response accumulated so far, or nil before the first
// event that carries one (usually *[CreatedEvent]). It is the accumulator's
// live value: later calls to Add update it, and after a terminal event
// (*[CompletedEvent], *[IncompleteEvent], *[FailedEvent]) it holds that
// event's response. When a stream breaks off before its end, it holds
// everything received: the items in progress with the text that arrived,
// Status still "in_progress". Read it between calls to Add; do not modify
// it while events are still being added.
func (a *Accumulator) Response() *Response { return a.resp }

// Errors returns the *[ErrorEvent]s added so far, in order; a stream
// usually ends with at most one. An error event does not change the
// response.
func (a *Accumulator) Errors() []*ErrorEvent { return a.errs }

// Audio returns the response's audio (base64 encoded) and its transcript,
// as accumulated from *[AudioDeltaEvent] and *[AudioTranscriptDeltaEvent].
// The audio events name no output item, so the audio is kept here rather
// than in the response.
func (a *Accumulator) Audio() (data, transcript string) {
	return a.audio.String(), a.transcript.String()
}

// Add applies the next event of the stream to the response.
//
// Lifecycle events (*[CreatedEvent], *[QueuedEvent], *[InProgressEvent])
// set the response: its ID, settings and status; the items accumulated so
// far are kept unless the event's response has output of its own.
// Terminal events (*[CompletedEvent], *[IncompleteEvent], *[FailedEvent])
// carry the final response, which replaces the accumulated one, except
// that the accumulated items are kept when the final response has no
// output at all.
//
// Events find the item they are about by its OutputIndex. Their ItemID
// must not name another item; one that names none is accepted, since
// proxies have been seen to rewrite the ids of every event.
//
// *[OutputItemAddedEvent] appends its item to the output: its OutputIndex
// must be the number of items so far. *[ContentPartAddedEvent] appends its
// part to the content of the message (or reasoning item) at OutputIndex;
// *[ReasoningSummaryPartAddedEvent] to a reasoning item's summary;
// *[ShellCallCommandAddedEvent] its command to a shell call's commands;
// *[OutputTextAnnotationAddedEvent] its annotation to a text's
// annotations (an annotation_index absent from the JSON appends).
//
// Deltas append to the text they are about: the text of an *[OutputText],
// *[Refusal], *[ReasoningText] or *[SummaryText] part, the arguments of a
// *[FunctionCall] or *[MCPCall], the input of a *[CustomToolCall], the code
// of a *[CodeInterpreterCall], the diff of an *[ApplyPatchCall], a command
// of a *[ShellCall], the stdout and stderr of a command of a
// *[ShellCallOutput]; text deltas append their log probabilities too. A
// delta for the part (or command) just after the last one creates it, as
// if it had been announced; a command output past the next one is
// preceded by empty outputs when the shell call has that many commands.
// The cost of a delta does not grow with the length of its text.
//
// Done events (…DoneEvent, *[OutputItemDoneEvent]) carry the whole value,
// which replaces what was accumulated; like deltas, they create the part,
// command or item just after the last.
//
// The progress events of the tools the API runs (file search, web search,
// code interpreter, image generation, MCP calls) set their item's Status;
// partial images set the image generation call's Result, so that the
// latest one can be shown. Progress about an item that is done (by its
// OutputItemDoneEvent or the final response) changes nothing, and the
// progress of items that have no status (MCP tool listings, compaction)
// is ignored. *[ErrorEvent]s are kept (see [Accumulator.Errors]), audio
// deltas too (see [Accumulator.Audio]); neither changes the response.
// Events of kinds this version does not know (*[Unknown]) are ignored.
//
// Add returns an *[AccumulateError] for an event that does not fit, and
// leaves the response as it was: an event about an item before any
// response; an index out of range, taken (for an added event) or past the
// next free one; an event about an item of another kind than the event is
// for, or whose ItemID is the ID of another item; an event without the
// item, part, annotation or response it should carry; a sequence number
// not greater than the last one (a repeated event). A sequence number of 0 means "unknown" (the first
// event's, and every event's in streams recorded before mid-2025) and is
// never refused; an event that fails for another reason still counts as
// seen. Add returns an error for a nil event too.
func (a *Accumulator) Add(ev Event) error {
	if ev == nil || isNilEvent(ev) {
		return &AccumulateError{Reason: "no event"}
	}
	if seq := ev.Sequence(); seq != 0 {
		if seq <= a.lastSeq {
			return &AccumulateError{Event: ev, Reason: fmt.Sprintf("sequence number %d does not follow %d", seq, a.lastSeq)}
		}
		a.lastSeq = seq
	}
	if err := a.apply(ev); err != nil {
		return &AccumulateError{Event: ev, Reason: err.Error()}
	}
	return nil
}

// isNilEvent reports whether ev is a nil pointer in an interface.
func isNilEvent(ev Event) bool {
	v := reflect.ValueOf(ev)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func (a *Accumulator) apply(ev Event) error {
	if _, ok := ev.(*OutputTextDeltaEvent); !ok {
		a.lastDelta.part = nil
	}
	switch ev := ev.(type) {
	// The response.
	case *CreatedEvent:
		return a.setResponse(ev.Response)
	case *QueuedEvent:
		return a.setResponse(ev.Response)
	case *InProgressEvent:
		return a.setResponse(ev.Response)
	case *CompletedEvent:
		return a.setFinalResponse(ev.Response)
	case *IncompleteEvent:
		return a.setFinalResponse(ev.Response)
	case *FailedEvent:
		return a.setFinalResponse(ev.Response)
	case *ErrorEvent:
		a.errs = append(a.errs, ev)
		return nil

	// Items and parts.
	case *OutputItemAddedEvent:
		return a.addItem(ev.OutputIndex, ev.Item)
	case *OutputItemDoneEvent:
		return a.doneItem(ev.OutputIndex, ev.Item)
	case *ContentPartAddedEvent:
		return a.addPart(ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Part)
	case *ContentPartDoneEvent:
		return a.donePart(ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Part)
	case *ReasoningSummaryPartAddedEvent:
		return a.addSummaryPart(ev.OutputIndex, ev.ItemID, ev.SummaryIndex, ev.Part)
	case *ReasoningSummaryPartDoneEvent:
		return a.doneSummaryPart(ev.OutputIndex, ev.ItemID, ev.SummaryIndex, ev.Part)
	case *OutputTextAnnotationAddedEvent:
		return a.addAnnotation(ev)

	// Text.
	case *OutputTextDeltaEvent:
		return a.outputTextDelta(ev)
	case *OutputTextDoneEvent:
		return a.outputTextDone(ev)
	case *RefusalDeltaEvent:
		return a.text(txtRefusal, ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Delta, false)
	case *RefusalDoneEvent:
		return a.text(txtRefusal, ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Refusal, true)
	case *ReasoningTextDeltaEvent:
		return a.text(txtReasoning, ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Delta, false)
	case *ReasoningTextDoneEvent:
		return a.text(txtReasoning, ev.OutputIndex, ev.ItemID, ev.ContentIndex, ev.Text, true)
	case *ReasoningSummaryTextDeltaEvent:
		return a.text(txtSummary, ev.OutputIndex, ev.ItemID, ev.SummaryIndex, ev.Delta, false)
	case *ReasoningSummaryTextDoneEvent:
		return a.text(txtSummary, ev.OutputIndex, ev.ItemID, ev.SummaryIndex, ev.Text, true)
	case *FunctionCallArgumentsDeltaEvent:
		return a.text(txtArguments, ev.OutputIndex, ev.ItemID, 0, ev.Delta, false)
	case *FunctionCallArgumentsDoneEvent:
		return a.functionArgumentsDone(ev)
	case *CustomToolCallInputDeltaEvent:
		return a.text(txtInput, ev.OutputIndex, ev.ItemID, 0, ev.Delta, false)
	case *CustomToolCallInputDoneEvent:
		return a.text(txtInput, ev.OutputIndex, ev.ItemID, 0, ev.Input, true)
	case *MCPCallArgumentsDeltaEvent:
		return a.text(txtMCPArguments, ev.OutputIndex, ev.ItemID, 0, ev.Delta, false)
	case *MCPCallArgumentsDoneEvent:
		return a.text(txtMCPArguments, ev.OutputIndex, ev.ItemID, 0, ev.Arguments, true)
	case *CodeInterpreterCallCodeDeltaEvent:
		return a.text(txtCode, ev.OutputIndex, ev.ItemID, 0, ev.Delta, false)
	case *CodeInterpreterCallCodeDoneEvent:
		return a.text(txtCode, ev.OutputIndex, ev.ItemID, 0, ev.Code, true)
	case *ApplyPatchCallOperationDiffDeltaEvent:
		return a.text(txtDiff, ev.OutputIndex, ev.ItemID, 0, ev.Delta, false)
	case *ApplyPatchCallOperationDiffDoneEvent:
		return a.text(txtDiff, ev.OutputIndex, ev.ItemID, 0, ev.Diff, true)

	// Shell calls.
	case *ShellCallCommandAddedEvent:
		return a.addCommand(ev)
	case *ShellCallCommandDeltaEvent:
		return a.text(txtCommand, ev.OutputIndex, "", ev.CommandIndex, ev.Delta, false)
	case *ShellCallCommandDoneEvent:
		return a.text(txtCommand, ev.OutputIndex, "", ev.CommandIndex, ev.Command, true)
	case *ShellCallOutputContentDeltaEvent:
		return a.shellOutputDelta(ev)
	case *ShellCallOutputContentDoneEvent:
		return a.shellOutputDone(ev)

	// Progress of the tools the API runs.
	case *CodeInterpreterCallInProgressEvent:
		return accSetStatus[*CodeInterpreterCall](a, ev.OutputIndex, ev.ItemID, "in_progress")
	case *CodeInterpreterCallInterpretingEvent:
		return accSetStatus[*CodeInterpreterCall](a, ev.OutputIndex, ev.ItemID, "interpreting")
	case *CodeInterpreterCallCompletedEvent:
		return accSetStatus[*CodeInterpreterCall](a, ev.OutputIndex, ev.ItemID, "completed")
	case *FileSearchCallInProgressEvent:
		return accSetStatus[*FileSearchCall](a, ev.OutputIndex, ev.ItemID, "in_progress")
	case *FileSearchCallSearchingEvent:
		return accSetStatus[*FileSearchCall](a, ev.OutputIndex, ev.ItemID, "searching")
	case *FileSearchCallCompletedEvent:
		return accSetStatus[*FileSearchCall](a, ev.OutputIndex, ev.ItemID, "completed")
	case *WebSearchCallInProgressEvent:
		return accSetStatus[*WebSearchCall](a, ev.OutputIndex, ev.ItemID, "in_progress")
	case *WebSearchCallSearchingEvent:
		return accSetStatus[*WebSearchCall](a, ev.OutputIndex, ev.ItemID, "searching")
	case *WebSearchCallCompletedEvent:
		return accSetStatus[*WebSearchCall](a, ev.OutputIndex, ev.ItemID, "completed")
	case *ImageGenerationCallInProgressEvent:
		return accSetStatus[*ImageGenerationCall](a, ev.OutputIndex, ev.ItemID, "in_progress")
	case *ImageGenerationCallGeneratingEvent:
		return accSetStatus[*ImageGenerationCall](a, ev.OutputIndex, ev.ItemID, "generating")
	case *ImageGenerationCallCompletedEvent:
		return accSetStatus[*ImageGenerationCall](a, ev.OutputIndex, ev.ItemID, "completed")
	case *ImageGenerationCallPartialImageEvent:
		return a.partialImage(ev)
	case *MCPCallInProgressEvent:
		return accSetStatus[*MCPCall](a, ev.OutputIndex, ev.ItemID, "in_progress")
	case *MCPCallCompletedEvent:
		return accSetStatus[*MCPCall](a, ev.OutputIndex, ev.ItemID, "completed")
	case *MCPCallFailedEvent:
		return accSetStatus[*MCPCall](a, ev.OutputIndex, ev.ItemID, "failed")

	// Audio, which belongs to no item.
	case *AudioDeltaEvent:
		a.audio.WriteString(ev.Delta)
	case *AudioTranscriptDeltaEvent:
		a.transcript.WriteString(ev.Delta)
	}
	// Progress without a status to set (MCP tool listings, compaction,
	// the end of the audio) and kinds of event this version does not know.
	return nil
}

// setFinalResponse applies the response of a terminal event: its items are
// done.
func (a *Accumulator) setFinalResponse(r *Response) error {
	if err := a.setResponse(r); err != nil {
		return err
	}
	for i := range a.resp.Output {
		a.state(i).done = true
	}
	return nil
}

// setResponse applies the response of a lifecycle or terminal event.
func (a *Accumulator) setResponse(r *Response) error {
	if r == nil {
		return accReason("the event has no response")
	}
	if a.resp == nil {
		a.resp = new(Response)
	}
	out, h := a.resp.Output, a.resp.http
	*a.resp = *r
	if a.resp.http == nil {
		a.resp.http = h // the HTTP exchange of the stream, set by its reader
	}
	if len(r.Output) > 0 || len(out) == 0 {
		// The event's output is the server's word: the accumulator owns
		// none of its items, and the texts being written are gone.
		a.resp.Output = slices.Clone(r.Output)
		clear(a.items)
		a.closeAll()
	} else {
		a.resp.Output = out
	}
	return nil
}
