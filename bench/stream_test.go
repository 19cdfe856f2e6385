package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	oairesponses "github.com/openai/openai-go/v3/responses"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/tidwall/gjson"

	"github.com/respkit/respkit/responses"
)

// deltaStream returns a stream of n output_text.delta events between the
// created and completed events, framed and shaped as the API sends them.
func deltaStream(n int) []byte {
	var b bytes.Buffer
	created := `{"id":"resp_0123456789abcdef0123456789abcdef0123456789abcdef","object":"response","created_at":1764201600,"status":"in_progress","model":"gpt-5-2025-08-07","output":[],"tools":[],"tool_choice":"auto","text":{"format":{"type":"text"}},"parallel_tool_calls":true,"temperature":1.0,"top_p":1.0,"usage":null}`
	const msg = `msg_0123456789abcdef0123456789abcdef0123456789abcdef`
	fmt.Fprintf(&b, "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":%s}\n\n", created)
	fmt.Fprintf(&b, "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":%q,\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}\n\n", msg)
	fmt.Fprintf(&b, "event: response.content_part.added\ndata: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":%q,\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}}\n\n", msg)
	words := strings.Fields("The quick brown fox jumps over the lazy dog while a gopher streams tokens")
	var text strings.Builder
	for i := range n {
		w := " " + words[i%len(words)]
		text.WriteString(w)
		fmt.Fprintf(&b, "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":%q,\"output_index\":0,\"content_index\":0,\"delta\":%q,\"logprobs\":[],\"obfuscation\":\"%s\"}\n\n",
			i+3, msg, w, "qZ3kVx8Lm2Tc9RwYb4Np"[:8+i%8])
	}
	seq := n + 3
	fmt.Fprintf(&b, "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":%d,\"item_id\":%q,\"output_index\":0,\"content_index\":0,\"text\":%q,\"logprobs\":[]}\n\n", seq, msg, text.String())
	item := fmt.Sprintf(`{"id":%q,"type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":%q}],"role":"assistant"}`, msg, text.String())
	fmt.Fprintf(&b, "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":%d,\"output_index\":0,\"item\":%s}\n\n", seq+1, item)
	completed := strings.Replace(created, `"status":"in_progress"`, `"status":"completed"`, 1)
	completed = strings.Replace(completed, `"output":[]`, `"output":[`+item+`]`, 1)
	fmt.Fprintf(&b, "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":%d,\"response\":%s}\n\n", seq+2, completed)
	return b.Bytes()
}

func serveStream(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkStream reads a stream of text deltas to its end through each SDK,
// concatenating the text, against the same local server. "floor" is a
// hand-written loop over bufio and gjson that extracts only type and delta:
// the least work any decoder can do.
func BenchmarkStream(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100, 10000} {
		body := deltaStream(n)
		srv := serveStream(b, body)
		perEvent := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
		}
		b.Run(fmt.Sprintf("events=%d/respkit", n), func(b *testing.B) {
			rs := respkitService(b, srv.URL)
			b.ReportAllocs()
			for b.Loop() {
				var text strings.Builder
				for ev, err := range rs.Stream(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}) {
					if err != nil {
						b.Fatal(err)
					}
					if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
						text.WriteString(d.Delta)
					}
				}
				if text.Len() == 0 {
					b.Fatal("no text")
				}
			}
			perEvent(b)
		})
		b.Run(fmt.Sprintf("events=%d/openai-go", n), func(b *testing.B) {
			c := openaiClient(srv.URL)
			b.ReportAllocs()
			for b.Loop() {
				var text strings.Builder
				s := c.Responses.NewStreaming(ctx, oairesponses.ResponseNewParams{
					Model: "gpt-5",
					Input: oairesponses.ResponseNewParamsInputUnion{OfString: openai.String("hi")},
				})
				for s.Next() {
					if ev := s.Current(); ev.Type == "response.output_text.delta" {
						text.WriteString(ev.Delta)
					}
				}
				if err := s.Err(); err != nil {
					b.Fatal(err)
				}
				s.Close()
				if text.Len() == 0 {
					b.Fatal("no text")
				}
			}
			perEvent(b)
		})
		b.Run(fmt.Sprintf("events=%d/go-openai", n), func(b *testing.B) {
			c := goopenaiClient(srv.URL)
			b.ReportAllocs()
			for b.Loop() {
				var text strings.Builder
				s, err := c.CreateResponseStream(ctx, goopenai.CreateResponseRequest{Model: "gpt-5", Input: "hi"})
				if err != nil {
					b.Fatal(err)
				}
				for {
					ev, err := s.Recv()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if ev.Type == "response.output_text.delta" {
						text.WriteString(ev.Delta)
					}
				}
				s.Close()
				if text.Len() == 0 {
					b.Fatal("no text")
				}
			}
			perEvent(b)
		})
		b.Run(fmt.Sprintf("events=%d/floor", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := http.Post(srv.URL+"/responses", "application/json", strings.NewReader(`{"model":"gpt-5","input":"hi","stream":true}`))
				if err != nil {
					b.Fatal(err)
				}
				text := floorText(res.Body)
				res.Body.Close()
				if text == "" {
					b.Fatal("no text")
				}
			}
			perEvent(b)
		})
	}
}

// floorText reads a stream of text deltas with a hand-written loop over
// bufio and gjson that extracts only each event's type and delta, and
// returns the text.
func floorText(body io.Reader) string {
	var text strings.Builder
	r := bufio.NewReaderSize(body, 64<<10)
	for {
		line, err := r.ReadSlice('\n')
		if data, ok := bytes.CutPrefix(line, []byte("data: ")); ok {
			if gjson.GetBytes(data, "type").String() == "response.output_text.delta" {
				text.WriteString(gjson.GetBytes(data, "delta").String())
			}
		}
		if err != nil {
			return text.String()
		}
	}
}
