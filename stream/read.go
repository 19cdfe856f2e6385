package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

const (
	defaultBufSize = 64 << 10 // read buffer while events arrive, when the line bound allows
	idleBufSize    = 512      // read buffer while waiting for the next event
	minBufSize     = 16       // room for a byte order mark, however small the bound
	maxEmptyReads  = 100      // as bufio: then give up with io.ErrNoProgress
	maxIdleData    = 4 << 10  // a larger data buffer is dropped when the decoder waits
)

// largeBufs holds the read buffers of defaultBufSize bytes that no decoder
// is reading into: a decoder takes one when events arrive faster than its
// small buffer holds them, and puts it back when it has consumed all it
// read, before it waits for more. A process with thousands of open streams
// so holds a large buffer only for those that are busy.
var largeBufs = sync.Pool{New: func() any { return new([defaultBufSize]byte) }}

var (
	bom            = []byte("\xEF\xBB\xBF")
	errInvalidRead = errors.New("reader returned an invalid count")
	errBufferFull  = errors.New("internal error: read buffer full")
)

// bufLimit is the largest read buffer: a line of the maximum length and the
// byte that ends it.
func (d *Decoder) bufLimit() int {
	return max(d.cfg.maxLine+1, minBufSize)
}

// skipBOM consumes a byte order mark at the very start of the stream.
// Only one is skipped; a second one is part of the first line.
func (d *Decoder) skipBOM() {
	for d.w-d.r < len(bom) && bytes.HasPrefix(bom, d.buf[d.r:d.w]) && d.rerr == nil {
		d.fill()
	}
	if bytes.HasPrefix(d.buf[d.r:d.w], bom) {
		d.r += len(bom)
	}
	d.started = true
}

// readLine returns the next line without its line end. At the end of the
// input it returns a last line that has no line end, then io.EOF. Any
// other error is a read error or a [*LimitError]. The line points into
// d.buf and is valid until the next call.
func (d *Decoder) readLine() ([]byte, error) {
	for {
		if d.skipLF && d.r < d.w {
			if d.buf[d.r] == '\n' {
				d.r++
			}
			d.skipLF = false
		}
		if i := d.eol(); i >= 0 {
			return d.take(i, true)
		}
		if d.longLen+d.w-d.r > d.cfg.maxLine {
			return nil, d.limitError("line", d.cfg.maxLine, d.lineStart())
		}
		if d.rerr != nil {
			if d.r < d.w || d.long != nil {
				return d.take(d.w-d.r, false)
			}
			if d.rerr == io.EOF {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("stream: read error at offset %d: %w", d.base+int64(d.w), d.rerr)
		}
		d.fill()
	}
}

// lineStart returns the stream offset of the line being read.
func (d *Decoder) lineStart() int64 {
	if d.long != nil {
		return d.longOff
	}
	return d.base + int64(d.r)
}

// take consumes and returns the n bytes at d.r as a line, after the chunks
// read before them if any, and the line end after them if eol is set.
func (d *Decoder) take(n int, eol bool) ([]byte, error) {
	d.lineOff = d.lineStart()
	if d.longLen+n > d.cfg.maxLine {
		return nil, d.limitError("line", d.cfg.maxLine, d.lineOff)
	}
	line := d.buf[d.r : d.r+n : d.r+n]
	if d.long != nil {
		line = d.join(line)
	}
	d.r += n
	if eol {
		d.skipLF = d.buf[d.r] == '\r'
		d.r++
	}
	return line, nil
}

func (d *Decoder) limitError(what string, limit int, off int64) error {
	return &LimitError{What: what, Limit: limit, Offset: off}
}

// eol returns the index, relative to d.r, of the first CR or LF in
// d.buf[d.r:d.w], or -1 if there is none.
//
// It remembers what it found: d.buf[d.r:d.lf] holds no LF, and d.lf is
// d.w or the index of an LF, as of the last search; d.nextCR likewise for
// CR (see cr).
// A search runs to d.w, not to the end of the line, and only when the
// remembered answer no longer holds, so each byte is searched at most
// once for each of CR and LF, whatever line ends the stream uses: a stream
// without CR costs one search for CR per read, not one per line.
func (d *Decoder) eol() int {
	lf := max(d.lf, d.r)
	if lf < d.w && d.buf[lf] != '\n' {
		if i := bytes.IndexByte(d.buf[lf:d.w], '\n'); i >= 0 {
			lf += i
		} else {
			lf = d.w
		}
	}
	d.lf = lf
	// A CR matters only before the LF.
	if e := min(lf, d.cr(lf)); e < d.w {
		return e - d.r
	}
	return -1
}

// cr returns the index of the first CR in d.buf[d.r:d.w], or d.w if there
// is none; an index of end or more may also mean there is none before end.
// It searches only past the remembered answer, and only when that answer
// is before end.
func (d *Decoder) cr(end int) int {
	cr := max(d.nextCR, d.r)
	if cr < end && d.buf[cr] != '\r' {
		if i := bytes.IndexByte(d.buf[cr:d.w], '\r'); i >= 0 {
			cr += i
		} else {
			cr = d.w
		}
		d.nextCR = cr
	}
	return cr
}

// fill reads more input into d.buf, first moving the unconsumed bytes to
// its start and growing it if it is full (never beyond d.bufLimit). A read
// error is kept in d.rerr. The caller makes sure that d.buf has room or can
// grow: it holds at most one partial line of at most d.cfg.maxLine bytes.
//
// A read with nothing pending may wait long for the next event: it reads
// into the decoder's small buffer (see wait), so that an idle stream holds
// only that.
func (d *Decoder) fill() {
	if d.r == d.w && d.long == nil {
		d.wait()
	} else if d.r > 0 {
		d.w = copy(d.buf, d.buf[d.r:d.w])
		d.base += int64(d.r)
		d.lf = max(d.lf-d.r, 0)
		d.nextCR = max(d.nextCR-d.r, 0)
		d.r = 0
	}
	if d.w == len(d.buf) && len(d.buf) >= d.cfg.spill {
		d.spillBuf()
	}
	if d.w == len(d.buf) || (d.w > 0 && d.waiting()) {
		if !d.grow() {
			// Unreachable while callers keep the contract; failing beats
			// reading into an empty slice until io.ErrNoProgress.
			d.rerr = errBufferFull
			return
		}
	}
	for range maxEmptyReads {
		n, err := d.rd.Read(d.buf[d.w:])
		if n < 0 || n > len(d.buf)-d.w {
			d.rerr = errInvalidRead
			return
		}
		d.w += n
		if err != nil {
			d.rerr = err
			return
		}
		if n > 0 {
			return
		}
	}
	d.rerr = io.ErrNoProgress
}

// firstSize is the size of the read buffer that events are read into:
// defaultBufSize unless the line bound or the spill size is smaller.
func (d *Decoder) firstSize() int {
	return min(defaultBufSize, d.bufLimit(), max(d.cfg.spill, minBufSize))
}

// wait makes the small buffer the read buffer, when the buffer holds
// nothing unconsumed: the large one goes back to largeBufs, and a data
// buffer grown for a large event is dropped. A decoder that reads events as
// they are sent, one read each, never leaves the small buffer while they
// fit in it.
func (d *Decoder) wait() {
	d.base += int64(d.r)
	d.r, d.w, d.lf, d.nextCR = 0, 0, 0, 0
	if len(d.data) == 0 && cap(d.data) > maxIdleData {
		d.data = nil // not in the middle of an event's data
	}
	if d.small == nil {
		d.small = make([]byte, min(idleBufSize, d.firstSize()))
	}
	d.putLarge()
	d.buf = d.small
}

// waiting reports whether d.buf is the small buffer, and a larger one
// should be used once a read has brought something.
func (d *Decoder) waiting() bool {
	return len(d.buf) > 0 && len(d.buf) < d.firstSize() && len(d.small) > 0 && &d.buf[0] == &d.small[0]
}

// grow replaces the read buffer, which holds d.w bytes, with a larger one:
// a large buffer from largeBufs after the small one, twice the size after
// that, never beyond d.bufLimit. It reports false when the buffer is at
// that bound.
func (d *Decoder) grow() bool {
	var buf []byte
	if d.waiting() {
		size := d.firstSize()
		d.large = largeBufs.Get().(*[defaultBufSize]byte)
		buf = d.large[:size:size]
	} else {
		size := min(2*len(d.buf), d.bufLimit())
		if size <= len(d.buf) {
			return false
		}
		buf = make([]byte, size)
	}
	copy(buf, d.buf[:d.w])
	if d.large != nil && &d.buf[0] == &d.large[0] {
		d.putLarge()
	}
	d.buf = buf
	return true
}

// putLarge gives the large buffer back to largeBufs, if the decoder has one.
// d.buf must no longer point into it.
func (d *Decoder) putLarge() {
	if d.large != nil {
		largeBufs.Put(d.large)
		d.large = nil
	}
}

// spillBuf sets aside the full read buffer, which holds the start of a
// line, as a chunk of that line, and reads on into a new buffer of the same
// size. A long line is so read in chunks that are never copied until it
// ends: a line over the bound fails having held about the bound, where a
// buffer doubling to hold it would hold and copy up to twice as much.
func (d *Decoder) spillBuf() {
	if d.long == nil {
		d.longOff = d.base
	}
	d.long = append(d.long, d.buf[:d.w])
	d.longLen += d.w
	if d.large != nil && &d.buf[0] == &d.large[0] {
		d.large = nil // the line's chunk now: never reused
	}
	d.base += int64(d.w)
	// Room for the rest of the bound and the line end, no more.
	size := max(min(len(d.buf), d.cfg.maxLine+1-d.longLen), minBufSize)
	d.buf = make([]byte, size)
	d.w, d.lf, d.nextCR = 0, 0, 0
}

// join returns the line whose chunks are set aside in d.long and whose end
// is rest, in a buffer of its own, and forgets the chunks.
func (d *Decoder) join(rest []byte) []byte {
	line := make([]byte, 0, d.longLen+len(rest))
	for _, c := range d.long {
		line = append(line, c...)
	}
	line = append(line, rest...)
	clear(d.long)
	d.long, d.longLen = nil, 0
	return line
}
