package stream

import (
	"io"
	"time"
)

// A Decoder reads server-sent events from an input stream.
//
// The zero Decoder is not usable; create one with [NewDecoder]. A Decoder
// is not safe for concurrent use. It does not close its reader.
type Decoder struct {
	rd  io.Reader
	cfg config

	// Read side (see read.go).
	buf     []byte // buf[r:w] is read but not yet consumed
	r, w    int
	base    int64 // stream offset of buf[0]
	lf, cr  int   // buf[r:lf] holds no '\n', buf[r:cr] no '\r' (see eol)
	skipLF  bool  // the last line ended in CR: a next '\n' ends nothing
	started bool  // the leading byte order mark has been dealt with
	rerr    error // the reader's error, acted on once buf[r:w] is used up
	lineOff int64 // stream offset of the line being processed

	// Parse side (see field.go).
	data     []byte        // data buffer: each data value followed by '\n'
	typ      string        // event type buffer
	idBuf    string        // last event ID buffer
	lastID   string        // last event ID string
	retry    time.Duration // reconnection time
	types    map[string]string
	lastType string

	err error // sticky: returned by every later call to Next
}

// NewDecoder returns a Decoder that reads from r. It reads in chunks of up
// to 64 KiB (more only while a longer line needs it, up to the line bound),
// and allocates its buffers on the first call to [Decoder.Next].
func NewDecoder(r io.Reader, opts ...Option) *Decoder {
	return &Decoder{rd: r, cfg: newConfig(opts)}
}

// Reset discards the decoder's state and makes it read from r, as if
// it were new, keeping its options and its buffers. It lets a pool of
// decoders serve many streams without allocating.
func (d *Decoder) Reset(r io.Reader) {
	*d = Decoder{
		rd:       r,
		cfg:      d.cfg,
		buf:      d.buf,
		data:     d.data[:0],
		types:    d.types,
		lastType: d.lastType,
	}
}

// Next returns the next event in the stream.
//
// At the end of the stream Next returns io.EOF; a final event whose blank
// line is missing is returned before that (see "Deviations" in the package
// documentation). An error from the reader is returned wrapped with the
// stream offset at which it happened; errors.Is sees through the wrapping.
// A line or event over its bound is a [*LimitError]. After an error, Next
// returns the same error forever; a partially read event is discarded.
//
// The returned event's Data is valid only until the next call to Next.
func (d *Decoder) Next() (Event, error) {
	if d.err != nil {
		return Event{}, d.err
	}
	if !d.started {
		d.skipBOM()
	}
	d.data = d.data[:0]
	for {
		line, err := d.readLine()
		if err != nil {
			d.err = err
			if err == io.EOF {
				// Process the pending lines as if a blank line followed.
				if ev, ok := d.dispatch(); ok {
					return ev, nil
				}
			}
			return Event{}, err
		}
		if len(line) == 0 {
			if ev, ok := d.dispatch(); ok {
				return ev, nil
			}
			continue
		}
		if err := d.field(line); err != nil {
			d.err = err
			return Event{}, err
		}
	}
}

// dispatch ends the event being built, as the specification's "dispatch the
// event" does, and reports whether there is an event to return.
func (d *Decoder) dispatch() (Event, bool) {
	d.lastID = d.idBuf
	typ := d.typ
	d.typ = ""
	if len(d.data) == 0 {
		return Event{}, false
	}
	if typ == "" {
		typ = "message"
	}
	n := len(d.data) - 1 // drop the last '\n'
	return Event{Type: typ, Data: d.data[:n:n], ID: d.lastID, Retry: d.retry}, true
}

// Offset returns the number of bytes of the stream consumed so far,
// including a leading byte order mark. After Next returns an event, it is
// the offset just past the line end of the blank line that ended it; it is
// useful to say where a malformed event was found.
func (d *Decoder) Offset() int64 {
	return d.base + int64(d.r)
}

// LastEventID returns the stream's last event ID: the value [Event.ID] of
// the next event would have. Unlike the ID of the last event returned, it
// also reflects an id field in a block without data, even one at the end of
// the stream. A client that reconnects sends it in the Last-Event-ID header.
func (d *Decoder) LastEventID() string {
	return d.lastID
}

// Retry returns the stream's reconnection time: the value of the most
// recent valid retry field read so far, or 0 if there was none. Unlike the
// Retry of the last event returned, it also reflects a retry field in a
// block without data.
func (d *Decoder) Retry() time.Duration {
	return d.retry
}
