package batch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// benchRequest is a typed extraction request for a document of about
// 1.5 KB that JSON must escape (quotes, backslashes, newlines, tabs) with
// accented letters, CJK and emoji.
func benchRequest(b *testing.B) *responses.Request {
	doc := strings.Repeat("Société \"Ærø\" — C:\\notes\n\t東京 日本語 🚀 👍🏽 invoice total 1,234.56 ", 25)
	src, err := batch.Typed[record](&responses.Request{Model: "m", Instructions: "Extract the document."},
		func(yield func(string, responses.Input) bool) { yield("doc-000001", responses.Text(doc)) })
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range src {
		return r
	}
	b.Fatal("no request")
	return nil
}

// BenchmarkEncodeRequest is the baseline: the request alone, encoded into
// a reused buffer as Service.Create encodes it.
func BenchmarkEncodeRequest(b *testing.B) {
	r := benchRequest(b)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = wire.Append(buf[:0], r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkWriteLine writes the batch line of the same request into a
// reused buffer, as Upload does.
func BenchmarkWriteLine(b *testing.B) {
	r := benchRequest(b)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = batch.AppendLine(buf[:0], "doc-000001", r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkReadResult decodes one output line into T.
func BenchmarkReadResult(b *testing.B) {
	_, resp, _ := answer("doc-000001", jsonResult(`{"input":"doc doc-000001"}`))
	line := fmt.Appendf(nil, `{"id":"batch_req_1","custom_id":"doc-000001","response":{"status_code":200,"request_id":"req_1","body":%s},"error":null}`, resp)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := batch.DecodeResult(line)
		if err != nil || r.Err != nil {
			b.Fatal(err, r.Err)
		}
	}
}
