package batch

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// appendLine appends to dst the JSONL line of the Batch API input file that
// sends req as custom id: {"custom_id":…,"method":"POST","url":"/v1/responses","body":…}
// and a newline. req is encoded as [responses.Service.Create] encodes it,
// never as a stream.
func appendLine(dst []byte, id string, req *responses.Request) ([]byte, error) {
	if req.Stream {
		cp := *req
		cp.Stream = false
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
