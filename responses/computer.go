package responses

import "github.com/respkit/respkit/internal/wire"

// ComputerCall is the model's call of the computer use tool: one action
// (Action) or, with newer models, a batch of actions (Actions) to perform on
// the screen. Answer it with a [ComputerCallOutput] holding a screenshot taken
// after the actions, and acknowledge the pending safety checks.
//
//wire:variant Item computer_call
type ComputerCall struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Action is the action to perform, such as *[ClickAction].
	Action ComputerAction `json:"action,omitzero"`
	// Actions are the actions to perform, in order.
	Actions []ComputerAction `json:"actions,omitzero"`
	// PendingSafetyChecks must be acknowledged in the output to go on.
	PendingSafetyChecks []SafetyCheck `json:"pending_safety_checks,omitzero"`
	// Status is "in_progress", "completed" or "incomplete".
	Status Status `json:"status,omitzero" wire:"strict"`
	meta   wire.Meta
}

// SafetyCheck is a safety check raised on a computer call, such as
// "malicious_instructions" (Code), which the developer acknowledges by
// sending it back in [ComputerCallOutput.AcknowledgedSafetyChecks].
type SafetyCheck struct {
	ID      string `json:"id" wire:"strict"`
	Code    string `json:"code,omitzero"`
	Message string `json:"message,omitzero"`
	meta    wire.Meta
}

// ComputerCallOutput is the result of a [ComputerCall]: a screenshot of the
// screen after the action.
//
//wire:variant Item computer_call_output
type ComputerCallOutput struct {
	ID     string `json:"id,omitzero" wire:"strict"`
	CallID string `json:"call_id" wire:"strict"`
	// Output is a *[ComputerScreenshot].
	Output Part `json:"output"`
	// AcknowledgedSafetyChecks are the call's pending safety checks that
	// the developer acknowledges.
	AcknowledgedSafetyChecks []SafetyCheck `json:"acknowledged_safety_checks,omitzero"`
	// Status is "in_progress", "completed", "incomplete" or "failed".
	Status    Status `json:"status,omitzero" wire:"strict"`
	CreatedBy string `json:"created_by,omitzero"`
	meta      wire.Meta
}

// ComputerAction is an action of a [ComputerCall]: *[ClickAction],
// *[DoubleClickAction], *[DragAction], *[KeypressAction], *[MoveAction],
// *[ScreenshotAction], *[ScrollAction], *[TypeAction] or *[WaitAction]. Kinds
// this version does not know decode to *[Unknown].
//
//wire:union ComputerAction
type ComputerAction interface {
	isComputerAction()
}

// ClickAction clicks the mouse Button ("left", "right", "wheel", "back" or
// "forward") at X, Y, holding Keys.
//
//wire:variant ComputerAction click
type ClickAction struct {
	Button string   `json:"button,omitzero"`
	X      int      `json:"x"`
	Y      int      `json:"y"`
	Keys   []string `json:"keys,omitzero"`
	meta   wire.Meta
}

// DoubleClickAction double-clicks at X, Y, holding Keys.
//
//wire:variant ComputerAction double_click
type DoubleClickAction struct {
	X    int      `json:"x"`
	Y    int      `json:"y"`
	Keys []string `json:"keys,omitzero"`
	meta wire.Meta
}

// DragAction drags the mouse along Path, holding Keys.
//
//wire:variant ComputerAction drag
type DragAction struct {
	Path []Point  `json:"path"`
	Keys []string `json:"keys,omitzero"`
	meta wire.Meta
}

// Point is a position on the screen, in pixels.
type Point struct {
	X    int `json:"x"`
	Y    int `json:"y"`
	meta wire.Meta
}

// KeypressAction presses the Keys together, such as ["CTRL", "C"].
//
//wire:variant ComputerAction keypress
type KeypressAction struct {
	Keys []string `json:"keys"`
	meta wire.Meta
}

// MoveAction moves the mouse to X, Y, holding Keys.
//
//wire:variant ComputerAction move
type MoveAction struct {
	X    int      `json:"x"`
	Y    int      `json:"y"`
	Keys []string `json:"keys,omitzero"`
	meta wire.Meta
}

// ScreenshotAction takes a screenshot.
//
//wire:variant ComputerAction screenshot
type ScreenshotAction struct {
	meta wire.Meta
}

// ScrollAction scrolls by ScrollX, ScrollY pixels with the mouse at X, Y,
// holding Keys.
//
//wire:variant ComputerAction scroll
type ScrollAction struct {
	X       int      `json:"x"`
	Y       int      `json:"y"`
	ScrollX int      `json:"scroll_x"`
	ScrollY int      `json:"scroll_y"`
	Keys    []string `json:"keys,omitzero"`
	meta    wire.Meta
}

// TypeAction types Text.
//
//wire:variant ComputerAction type
type TypeAction struct {
	Text string `json:"text"`
	meta wire.Meta
}

// WaitAction waits a moment.
//
//wire:variant ComputerAction wait
type WaitAction struct {
	meta wire.Meta
}

func init() {
	wire.RegisterUnion[ComputerAction](wire.Union{
		Key:     "type",
		Types:   computerActionVariants,
		Unknown: (*Unknown)(nil),
	})
}

// ScreenshotOutput returns the output item that answers the computer call
// with callID with a screenshot, given by URL or data URL
// ("data:image/png;base64,…").
func ScreenshotOutput(callID, imageURL string) *ComputerCallOutput {
	return &ComputerCallOutput{CallID: callID, Output: &ComputerScreenshot{ImageURL: imageURL}}
}
