package responses

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/respkit/respkit/schema"
)

// Errors that a [ToolError] matches with errors.Is.
var (
	// ErrUnknownTool: no handler answers the call.
	ErrUnknownTool = errors.New("responses: unknown tool")
	// ErrInvalidArguments: the call's arguments do not decode; the error
	// also matches the *[schema.DecodeError] when there is one.
	ErrInvalidArguments = errors.New("responses: invalid tool arguments")
	// ErrDenied: the loop's Approve hook denied the call; the error also
	// matches the error the hook returned.
	ErrDenied = errors.New("responses: tool call denied")
)

// ToolError reports a tool call that failed: no handler answers it
// ([ErrUnknownTool]), its arguments do not decode ([ErrInvalidArguments]),
// the loop's Approve hook denied it ([ErrDenied]), its handler returned an
// error or panicked (a *[PanicError]).
//
// By default a [Loop] does not stop on it: it sends the model an output
// that says what went wrong, such as
//
//	error: unknown tool "get_wether"; available tools: get_weather, calculate
//	error: invalid arguments: $.city: expected string, got number 3
//	denied: the user declined
//
// so that the model can correct itself. [Loop.OnToolError] can make it end
// the loop instead.
type ToolError struct {
	Call *ToolCall
	Err  error
}

func (e *ToolError) Error() string {
	return fmt.Sprintf("responses: tool %s (call %s): %v", e.Call.Name, e.Call.CallID, e.Err)
}

// Unwrap returns Err.
func (e *ToolError) Unwrap() error { return e.Err }

// PanicError is the error of a handler that panicked. The loop recovers the
// panic, so that it does not take the process down.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the handler's goroutine stack when it panicked
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

type unknownToolError struct {
	name      string
	available []string
}

func (e *unknownToolError) Error() string {
	list := "none"
	if len(e.available) > 0 {
		list = strings.Join(e.available, ", ")
	}
	return "unknown tool " + strconv.Quote(e.name) + "; available tools: " + list
}

func (e *unknownToolError) Is(target error) bool { return target == ErrUnknownTool }
func (e *unknownToolError) modelText() string    { return "error: " + e.Error() }

// noHandlerError is an unknown tool without names to suggest, such as a
// shell call when no handler runs shell commands.
type noHandlerError struct{ msg string }

func (e *noHandlerError) Error() string        { return e.msg }
func (e *noHandlerError) Is(target error) bool { return target == ErrUnknownTool }
func (e *noHandlerError) modelText() string    { return "error: " + e.msg }

type argumentsError struct{ err error }

var errNotJSON = errors.New("the arguments are not valid JSON")

func (e *argumentsError) Error() string        { return "invalid arguments: " + e.err.Error() }
func (e *argumentsError) Unwrap() error        { return e.err }
func (e *argumentsError) Is(target error) bool { return target == ErrInvalidArguments }

func (e *argumentsError) modelText() string {
	if de, ok := errors.AsType[*schema.DecodeError](e.err); ok {
		return "error: invalid arguments: " + de.Path + ": " + de.Err.Error()
	}
	return "error: " + e.Error()
}

type deniedError struct{ err error }

func (e *deniedError) Error() string        { return "denied: " + e.err.Error() }
func (e *deniedError) Unwrap() error        { return e.err }
func (e *deniedError) Is(target error) bool { return target == ErrDenied }
func (e *deniedError) modelText() string    { return e.Error() }

func (e *PanicError) modelText() string { return "error: the tool failed with an internal error" }

// modelText returns what the model is told about a failed call: the text of
// err, unless err says otherwise.
func modelText(err error) string {
	var m interface{ modelText() string }
	if errors.As(err, &m) {
		return m.modelText()
	}
	return "error: " + err.Error()
}
