package batch

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of a line refused by [Service.Prepare], matched with errors.Is
// through a [*LineError].
var (
	// ErrDuplicateID: two lines have the same custom id.
	ErrDuplicateID = errors.New("duplicate custom id")
	// ErrEmptyID: a line has no custom id.
	ErrEmptyID = errors.New("empty custom id")
	// ErrLineTooLarge: a line is larger than an input file may be, or asks
	// for more tokens than may be enqueued at once.
	ErrLineTooLarge = errors.New("line too large")
	// ErrModel: a line has no model, or not the model of the lines before
	// it; an input file holds the requests of one model.
	ErrModel = errors.New("model")
)

// LineError reports a line of a job that cannot be sent. [Service.Prepare]
// returns it before sending anything.
type LineError struct {
	CustomID string
	Line     int // the line's position in the source, from 1
	Err      error
}

func (e *LineError) Error() string {
	return fmt.Sprintf("batch: line %d (custom id %q): %v", e.Line, e.CustomID, e.Err)
}

// Unwrap returns Err.
func (e *LineError) Unwrap() error { return e.Err }

// MissingError is the error of a [Result] for a custom id that came back in
// neither the output nor the error file of its batch: the batch failed,
// expired or was cancelled before the request ran.
type MissingError struct {
	CustomID string
	BatchID  string
	Status   Status  // the batch's final status
	Errors   []Error // why the batch failed, if it did
}

func (e *MissingError) Error() string {
	msg := fmt.Sprintf("batch: custom id %q missing from the results of batch %s (%s)", e.CustomID, e.BatchID, e.Status)
	if len(e.Errors) > 0 {
		s := make([]string, len(e.Errors))
		for i, be := range e.Errors {
			s[i] = be.String()
		}
		msg += ": " + strings.Join(s, "; ")
	}
	return msg
}

// RequestError is the error of a result line that holds no response but an
// error, such as "batch_expired" for a request the window ran out on.
type RequestError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *RequestError) Error() string {
	return "batch: request failed: " + e.Code + ": " + e.Message
}
