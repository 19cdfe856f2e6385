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
// field" does.
func (d *Decoder) field(line []byte) error {
	if line[0] == ':' {
		return nil // a comment, such as a keep-alive
	}
	// Only the names of the known fields matter, and none is longer than
	// five bytes: look for the colon in the first six bytes only, rather
	// than search a long line of an unknown field.
	i := 0
	for i < len(line) && i < 6 && line[i] != ':' {
		i++
	}
	var name, value []byte
	switch {
	case i < len(line) && line[i] == ':':
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	case i == len(line):
		name = line // no colon: the whole line is the name, the value is empty
	default:
		return nil // a name longer than any known field's
	}
	switch string(name) {
	case "data":
		return d.appendData(value)
	case "event":
		d.typ = d.intern(value)
	case "id":
		if bytes.IndexByte(value, 0) < 0 && string(value) != d.idBuf {
			d.idBuf = string(value)
		}
	case "retry":
		if t, ok := parseRetry(value); ok {
			d.retry = t
		}
	}
	return nil
}

// appendData appends a data value and a newline to the data buffer,
// growing it by hand so that its capacity never exceeds the event bound
// by more than the one trailing newline.
func (d *Decoder) appendData(v []byte) error {
	if len(d.data)+len(v) > d.cfg.maxEvent {
		return d.limitError("event", d.cfg.maxEvent, d.lineOff)
	}
	if need := len(d.data) + len(v) + 1; need > cap(d.data) {
		size := min(max(2*cap(d.data), need, 512), d.cfg.maxEvent+1)
		data := make([]byte, len(d.data), size)
		copy(data, d.data)
		d.data = data
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
