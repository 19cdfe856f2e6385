package stream

import (
	"bytes"
	"time"
)

const (
	maxTypes   = 256 // distinct event types interned per decoder
	maxTypeLen = 256 // longer event types are not interned
)

// field processes one non-empty line, as the specification's "process the
// field" does. Comments (lines starting with a colon) and unknown fields
// are ignored.
func (d *Decoder) field(line []byte) error {
	switch line[0] {
	case 'd':
		if v, ok := fieldValue(line, "data"); ok {
			return d.appendData(v)
		}
	case 'e':
		if v, ok := fieldValue(line, "event"); ok {
			d.typ = d.intern(v)
		}
	case 'i':
		if v, ok := fieldValue(line, "id"); ok && bytes.IndexByte(v, 0) < 0 && string(v) != d.idBuf {
			d.idBuf = string(v)
		}
	case 'r':
		if v, ok := fieldValue(line, "retry"); ok {
			if t, ok := parseRetry(v); ok {
				d.retry = t
			}
		}
	}
	return nil
}

// fieldValue reports whether line is a field called name and returns its
// value: what follows the colon after the name, less one leading space, or
// nothing if the line is the name alone.
func fieldValue(line []byte, name string) ([]byte, bool) {
	if len(line) < len(name) || string(line[:len(name)]) != name {
		return nil, false
	}
	v := line[len(name):]
	if len(v) == 0 {
		return v, true
	}
	if v[0] != ':' {
		return nil, false
	}
	v = v[1:]
	if len(v) > 0 && v[0] == ' ' {
		v = v[1:]
	}
	return v, true
}

// appendData appends a data value and a newline to the data buffer,
// growing it by hand so that its capacity never exceeds the event bound
// by more than the one trailing newline. Once the buffer has reached
// cfg.spill bytes, a full one is set aside as a chunk of the event's data
// (joined by dispatch) instead of being copied into a larger one: an event
// over the bound fails having held about the bound.
func (d *Decoder) appendData(v []byte) error {
	if d.dataLen+len(d.data)+len(v) > d.cfg.maxEvent {
		return d.limitError("event", d.cfg.maxEvent, d.lineOff)
	}
	if need := len(d.data) + len(v) + 1; need > cap(d.data) {
		room := d.cfg.maxEvent + 1 - d.dataLen // for this buffer, by the bound
		if cap(d.data) >= d.cfg.spill {
			d.dataChunks = append(d.dataChunks, d.data)
			d.dataLen += len(d.data)
			room -= len(d.data)
			d.data = make([]byte, 0, min(max(cap(d.data), len(v)+1), room))
		} else {
			size := min(max(2*cap(d.data), need, min(512, d.cfg.spill)), room)
			data := make([]byte, len(d.data), size)
			copy(data, d.data)
			d.data = data
		}
	}
	d.data = append(d.data, v...)
	d.data = append(d.data, '\n')
	return nil
}

// intern returns b as a string, allocating only the first time a decoder
// sees a given event type. string(b) in a comparison or a map index does
// not allocate.
func (d *Decoder) intern(b []byte) string {
	if string(b) == d.lastType {
		return d.lastType
	}
	s, ok := d.types[string(b)]
	if !ok {
		s = string(b)
		if len(b) <= maxTypeLen && len(d.types) < maxTypes {
			if d.types == nil {
				d.types = make(map[string]string)
			}
			d.types[s] = s
		}
	}
	d.lastType = s
	return s
}

// maxRetry is the largest retry value, in milliseconds, that a
// time.Duration can hold.
const maxRetry = int64(1<<63-1) / int64(time.Millisecond)

// parseRetry parses the value of a retry field: milliseconds as ASCII
// digits. An empty value resets the reconnection time to 0, "none given",
// as browsers reset it to their default. A value with anything but digits,
// or too large for a time.Duration, is not valid and the field is ignored.
func parseRetry(v []byte) (time.Duration, bool) {
	var ms int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		ms = ms*10 + int64(c-'0')
		if ms > maxRetry {
			return 0, false
		}
	}
	return time.Duration(ms) * time.Millisecond, true
}
