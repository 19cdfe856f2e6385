package stream

import "fmt"

// A LimitError reports a line or an event larger than the decoder allows
// (see [WithMaxLineSize] and [WithMaxEventSize]). The decoder stops at the
// first LimitError: every later call to [Decoder.Next] returns it again.
type LimitError struct {
	What   string // "line" or "event"
	Limit  int    // the bound that was exceeded, in bytes
	Offset int64  // byte offset in the stream of the line that went over
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("stream: %s exceeds %s at offset %d", e.What, formatSize(e.Limit), e.Offset)
}

// formatSize writes n in the largest binary unit that divides it.
func formatSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
