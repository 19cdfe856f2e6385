package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"unicode/utf8"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// WriteLines writes the JSONL lines of a Batch API input file that send
// the requests of src (custom id → request) to w, one line per request, as
// [Service.Upload] writes them into an upload, and returns the number of
// lines written. It holds one line at a time: it neither shards nor
// refuses duplicate custom ids, as [Service.Prepare] does; an empty custom
// id or a nil request stops it with a [*LineError].
//
// Use it to write an input file of your own, or to see what a job sends.
func WriteLines(w io.Writer, src iter.Seq2[string, *responses.Request]) (lines int, err error) {
	lw := lineWriter{w: w}
	for id, req := range src {
		switch {
		case id == "":
			return lines, &LineError{CustomID: id, Line: lines + 1, Err: ErrEmptyID}
		case req == nil:
			return lines, &LineError{CustomID: id, Line: lines + 1, Err: errors.New("nil request")}
		}
		if _, err := lw.write(id, req); err != nil {
			return lines, &LineError{CustomID: id, Line: lines + 1, Err: err}
		}
		lines++
	}
	return lines, nil
}

// lineWriter writes batch lines to w through one reused buffer.
type lineWriter struct {
	w   io.Writer
	buf []byte
}

// write writes the line that sends req as custom id, and returns its size.
func (lw *lineWriter) write(id string, req *responses.Request) (int, error) {
	var err error
	if lw.buf, err = appendLine(lw.buf[:0], id, req); err != nil {
		return 0, err
	}
	return lw.w.Write(lw.buf)
}

// appendLine appends to dst the JSONL line of the Batch API input file that
// sends req as custom id: {"custom_id":…,"method":"POST","url":"/v1/responses","body":…}
// and a newline. req is encoded as [responses.Service.Create] encodes it,
// never as a stream: a "stream" member it kept from the JSON it was decoded
// from is dropped.
func appendLine(dst []byte, id string, req *responses.Request) ([]byte, error) {
	if wire.ExtraOf(req) != nil {
		cp := *req
		wire.DropExtra(&cp, "stream")
		req = &cp
	}
	dst = append(dst, `{"custom_id":`...)
	dst = appendString(dst, id)
	dst = append(dst, `,"method":"POST","url":"`+Endpoint+`","body":`...)
	dst, err := wire.Append(dst, req)
	if err != nil {
		return dst, fmt.Errorf("encode request: %w", err)
	}
	return append(dst, "}\n"...), nil
}

// appendString appends s as a JSON string.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			b, _ := json.Marshal(s) // a string always encodes
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
