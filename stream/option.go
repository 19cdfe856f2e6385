package stream

import "math"

// Default limits of a [Decoder]. They are generous: the largest events the
// Responses API sends (a completed response carrying generated images as
// base64) stay well below them, and they match the 32 MiB line cap of the
// official Go SDK, so nothing it accepts is refused here.
const (
	// DefaultMaxLineSize is the default bound on one line, in bytes,
	// not counting its line end.
	DefaultMaxLineSize = 32 << 20

	// DefaultMaxEventSize is the default bound on the data of one event,
	// in bytes: the values of its data fields joined with "\n".
	DefaultMaxEventSize = 32 << 20
)

// maxLimit keeps limit arithmetic (limit+1, doubling a buffer) from
// overflowing an int.
const maxLimit = math.MaxInt / 4

// An Option configures a [Decoder]. Options are applied in order by
// [NewDecoder] and [Events].
type Option func(*config)

type config struct {
	maxLine  int
	maxEvent int
	spill    int // read buffer size past which a long line is read in chunks
}

// defaultSpill is the read buffer size past which a line that does not fit
// is read into chunks of this size instead of a buffer grown to hold it.
const defaultSpill = 1 << 20

// withSpill sets the size past which a long line is read in chunks; for
// tests.
func withSpill(n int) Option { return func(c *config) { c.spill = n } }

func newConfig(opts []Option) config {
	c := config{maxLine: DefaultMaxLineSize, maxEvent: DefaultMaxEventSize, spill: defaultSpill}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithMaxLineSize bounds the length of one line, in bytes, not counting its
// line end. A longer line makes [Decoder.Next] return a [*LimitError]. The
// decoder's read buffer never grows beyond this bound (plus one byte for the
// line end). A value of zero or less selects [DefaultMaxLineSize].
func WithMaxLineSize(n int) Option {
	return func(c *config) { c.maxLine = limit(n, DefaultMaxLineSize) }
}

// WithMaxEventSize bounds the data of one event, in bytes: the values of its
// data fields joined with "\n", which is what [Event.Data] holds. Larger data
// makes [Decoder.Next] return a [*LimitError]; the decoder never buffers more
// than this bound (plus one byte) of event data. A value of zero or less
// selects [DefaultMaxEventSize].
func WithMaxEventSize(n int) Option {
	return func(c *config) { c.maxEvent = limit(n, DefaultMaxEventSize) }
}

func limit(n, def int) int {
	if n <= 0 {
		return def
	}
	return min(n, maxLimit)
}
