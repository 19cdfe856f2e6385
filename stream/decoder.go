package stream

import (
	"bytes"
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
	buf     []byte                // buf[r:w] is read but not yet consumed
	small   []byte                // the buffer read into while waiting for an event
	large   *[defaultBufSize]byte // the pooled buffer, if buf is in it
	r, w    int
	base    int64 // stream offset of buf[0]
	lf      int   // buf[r:lf] holds no '\n' (see eol)
	nextCR  int   // buf[r:nextCR] holds no '\r' (see cr)
	skipLF  bool  // the last line ended in CR: a next '\n' ends nothing
	started bool  // the leading byte order mark has been dealt with
	rerr    error // the reader's error, acted on once buf[r:w] is used up
	lineOff int64 // stream offset of the line being processed

	// A line longer than the read buffer once that has reached cfg.spill
	// bytes is read in chunks (see spill), joined when it ends.
	long    [][]byte // the chunks of the line so far, before buf
	longLen int      // bytes in long
	longOff int64    // stream offset of the line that long begins

	// Parse side (see field.go).
	data []byte // data buffer: each data value followed by '\n'
	// An event's data past a data buffer of cfg.spill bytes is set aside
	// in chunks (see appendData), joined when the event is dispatched.
	dataChunks [][]byte
	dataLen    int           // bytes in dataChunks
	typ        string        // event type buffer
	idBuf      string        // last event ID buffer
	lastID     string        // last event ID string
	retry      time.Duration // reconnection time
	types      map[string]string
	lastType   string

	err error // sticky: returned by every later call to Next
}

// NewDecoder returns a Decoder that reads from r. It allocates its buffers
// on the first call to [Decoder.Next]. While it waits for an event it reads
// into a buffer of 512 bytes; when more arrives than that holds, it reads
// in chunks of up to 64 KiB (more only while a longer line needs it, up to
// the line bound), into a buffer shared through a pool with the other
// decoders of the process and given back when all it held is consumed. So
// a decoder waiting on a slow stream holds about 512 bytes, whatever the
// size of the events it read before.
func NewDecoder(r io.Reader, opts ...Option) *Decoder {
	return &Decoder{rd: r, cfg: newConfig(opts)}
}

// Reset discards the decoder's state and makes it read from r, as if
// it were new, keeping its options and its small buffers; a large read
// buffer goes back to the pool that the decoders share. It lets a pool of
// decoders serve many streams without allocating.
func (d *Decoder) Reset(r io.Reader) {
	d.putLarge()
	data := d.data[:0]
	if cap(data) > maxIdleData {
		data = nil
	}
	*d = Decoder{
		rd:       r,
		cfg:      d.cfg,
		small:    d.small,
		data:     data,
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
	for tries := 0; ; tries++ {
		ev, st := d.whole()
		if st == whole {
			return ev, nil
		}
		// An event cut by the end of the read buffer is read on, to be
		// taken whole, unless it is large or comes in many pieces: the
		// lines are for those, and search each byte once.
		if st != short || d.rerr != nil || tries == maxWholeReads || d.w-d.r >= d.firstSize() {
			break
		}
		d.fill()
	}
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

// Unterminated reports whether the event that Next returned last was cut
// short by the end of the stream: it lacked its blank line, and Next
// dispatched it because the stream ended. A stream that is cut in the middle
// of an event ends this way.
func (d *Decoder) Unterminated() bool { return d.err == io.EOF }

// whole returns the next event at once, without copying its data, when
// it is the usual kind and already read in whole: an optional "event: "
// line, one "data: " line, and a blank line, all ending in LF and within
// the bounds. Otherwise it reports short when the buffer ends before such
// an event does, and other when the event is not of that kind, which
// leaves it to the line-by-line reading; that gives the same result (and
// says what is wrong with the event, if anything).
func (d *Decoder) whole() (Event, wholeState) {
	if d.skipLF || d.typ != "" {
		return Event{}, other
	}
	b := d.buf[d.r:d.w]
	var typ []byte
	i := 0
	if len(b) < len(eventPrefix) && bytes.HasPrefix(eventPrefix, b) {
		return Event{}, d.cut()
	}
	if bytes.HasPrefix(b, eventPrefix) {
		j := bytes.IndexByte(b[len(eventPrefix):], '\n')
		if j < 0 {
			return Event{}, d.cut()
		}
		if len(eventPrefix)+j > d.cfg.maxLine {
			return Event{}, other
		}
		typ = b[len(eventPrefix) : len(eventPrefix)+j]
		i = len(eventPrefix) + j + 1
	}
	if !bytes.HasPrefix(b[i:], dataPrefix) {
		if len(b[i:]) < len(dataPrefix) && bytes.HasPrefix(dataPrefix, b[i:]) {
			return Event{}, d.cut()
		}
		return Event{}, other
	}
	start := i + len(dataPrefix)
	j := bytes.IndexByte(b[start:], '\n')
	if j < 0 {
		return Event{}, d.cut()
	}
	if len(dataPrefix)+j > d.cfg.maxLine || j > d.cfg.maxEvent {
		return Event{}, other
	}
	end := start + j + 1 // past the data line
	if end >= len(b) {
		return Event{}, d.cut()
	}
	if b[end] != '\n' {
		return Event{}, other
	}
	end++ // past the blank line
	if d.cr(d.r+end) < d.r+end {
		return Event{}, other // a CR ends a line there
	}
	data := b[start : start+j : start+j]
	d.lineOff = d.base + int64(d.r+end-1)
	d.r += end
	d.lastID = d.idBuf
	t := "message"
	if len(typ) > 0 {
		t = d.intern(typ)
	}
	return Event{Type: t, Data: data, ID: d.lastID, Retry: d.retry}, whole
}

// cut returns short for an event that the end of the buffer cuts, unless
// a CR ends a line before: such an event is not of the usual kind.
func (d *Decoder) cut() wholeState {
	if d.cr(d.w) < d.w {
		return other
	}
	return short
}

// maxWholeReads bounds the reads that Next makes to take an event whole.
const maxWholeReads = 3

// wholeState is what [Decoder.whole] found.
type wholeState uint8

const (
	whole wholeState = iota // an event, taken
	short                   // the start of such an event, cut by the end of the buffer
	other                   // an event of another kind
)

var (
	eventPrefix = []byte("event: ")
	dataPrefix  = []byte("data: ")
)

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
	data := d.data
	if d.dataChunks != nil {
		data = make([]byte, 0, d.dataLen+len(d.data))
		for _, c := range d.dataChunks {
			data = append(data, c...)
		}
		data = append(data, d.data...)
		clear(d.dataChunks)
		d.dataChunks, d.dataLen = nil, 0
	}
	n := len(data) - 1 // drop the last '\n'
	return Event{Type: typ, Data: data[:n:n], ID: d.lastID, Retry: d.retry}, true
}

// Buffered returns the number of bytes read from the stream and not yet
// consumed by Next. When it is 0, the next call to Next reads from the
// stream first, and may wait there for the server.
func (d *Decoder) Buffered() int {
	return d.w - d.r
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
