package stream

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// tev is an event with its data as a string, for comparisons.
type tev struct {
	Type  string
	Data  string
	ID    string
	Retry time.Duration
}

// decodeAll decodes r to the end and returns its events, and the error
// that ended the stream (nil for a clean end).
func decodeAll(r io.Reader, opts ...Option) ([]tev, error) {
	d := NewDecoder(r, opts...)
	var evs []tev
	for {
		ev, err := d.Next()
		if err == io.EOF {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		evs = append(evs, tev{ev.Type, string(ev.Data), ev.ID, ev.Retry})
	}
}

// refDecode is a literal, slow reading of the WHATWG event-stream
// interpretation rules, written independently of the decoder with
// package strings and strconv, plus the decoder's one documented deviation
// (the end of the input ends a pending line and event). It has no limits.
// The table tests check it against hand-written expectations and the fuzz
// test checks the decoder against it. It also returns the last event ID
// and the reconnection time at the end of the stream.
func refDecode(in string) (evs []tev, lastID string, retry time.Duration) {
	in = strings.TrimPrefix(in, "\uFEFF")
	var lines []string
	for in != "" {
		i := strings.IndexAny(in, "\r\n")
		if i < 0 {
			lines = append(lines, in)
			break
		}
		lines = append(lines, in[:i])
		if strings.HasPrefix(in[i:], "\r\n") {
			i++
		}
		in = in[i+1:]
	}
	lines = append(lines, "") // the end of the input dispatches

	var data strings.Builder
	var typ, idBuf string
	for _, line := range lines {
		if line == "" {
			lastID = idBuf
			if data.Len() > 0 {
				t := typ
				if t == "" {
					t = "message"
				}
				evs = append(evs, tev{t, strings.TrimSuffix(data.String(), "\n"), lastID, retry})
			}
			data.Reset()
			typ = ""
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		name, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch name {
		case "event":
			typ = value
		case "data":
			data.WriteString(value)
			data.WriteString("\n")
		case "id":
			if !strings.ContainsRune(value, 0) {
				idBuf = value
			}
		case "retry":
			if value == "" {
				retry = 0
			} else if strings.Trim(value, "0123456789") == "" {
				ms, err := strconv.ParseInt(value, 10, 64)
				if err == nil && ms <= int64(1<<63-1)/int64(time.Millisecond) {
					retry = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	return evs, lastID, retry
}
