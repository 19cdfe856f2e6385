package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	oairesponses "github.com/openai/openai-go/v3/responses"
	goopenai "github.com/sashabaranov/go-openai"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// serve answers every request with body, after reading the request.
func serve(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-request-id", "req_bench")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func respkitService(b *testing.B, url string) *responses.Service {
	c, err := client.New(client.WithBaseURL(url), client.WithAPIKey("bench"), client.WithMaxRetries(0))
	if err != nil {
		b.Fatal(err)
	}
	return responses.New(c)
}

func openaiClient(url string) openai.Client {
	return openai.NewClient(option.WithBaseURL(url+"/"), option.WithAPIKey("bench"), option.WithMaxRetries(0))
}

func goopenaiClient(url string) *goopenai.Client {
	cfg := goopenai.DefaultConfig("bench")
	cfg.BaseURL = url
	return goopenai.NewClientWithConfig(cfg)
}

// BenchmarkCreateLarge decodes a 1 MiB response through each SDK's create
// call against the same local server.
func BenchmarkCreateLarge(b *testing.B) {
	body := largeResponse(1 << 20)
	srv := serve(b, body)
	ctx := context.Background()
	want := len(body)
	b.Run("respkit", func(b *testing.B) {
		rs := respkitService(b, srv.URL)
		b.SetBytes(int64(want))
		b.ReportAllocs()
		for b.Loop() {
			resp, err := rs.Create(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text("hi")})
			if err != nil {
				b.Fatal(err)
			}
			if len(resp.Output) == 0 || resp.OutputText() == "" {
				b.Fatal("empty output")
			}
		}
	})
	b.Run("openai-go", func(b *testing.B) {
		c := openaiClient(srv.URL)
		b.SetBytes(int64(want))
		b.ReportAllocs()
		for b.Loop() {
			resp, err := c.Responses.New(ctx, oairesponses.ResponseNewParams{
				Model: "gpt-5",
				Input: oairesponses.ResponseNewParamsInputUnion{OfString: openai.String("hi")},
			})
			if err != nil {
				b.Fatal(err)
			}
			if len(resp.Output) == 0 || resp.OutputText() == "" {
				b.Fatal("empty output")
			}
		}
	})
	b.Run("go-openai", func(b *testing.B) {
		c := goopenaiClient(srv.URL)
		b.SetBytes(int64(want))
		b.ReportAllocs()
		for b.Loop() {
			resp, err := c.CreateResponse(ctx, goopenai.CreateResponseRequest{Model: "gpt-5", Input: "hi"})
			if err != nil {
				b.Fatal(err)
			}
			if len(resp.Output) == 0 {
				b.Fatal("empty output")
			}
		}
	})
}

// BenchmarkSendLarge sends a request whose input is 4 MiB of text through
// each SDK; the bytes allocated per call, against the input's size, are what
// it measures. The plain case is text that needs no escaping; the realistic
// case is prose with the newlines, quotes, backslashes, tabs, non-ASCII
// letters, CJK and emoji of real model input, which JSON must escape.
func BenchmarkSendLarge(b *testing.B) {
	for _, tt := range []struct{ name, text string }{
		{"plain", strings.Repeat("All work and no play makes Jack a dull boy. ", (4<<20)/44)},
		{"realistic", realisticText(4 << 20)},
	} {
		b.Run(tt.name, func(b *testing.B) { benchSendLarge(b, tt.text) })
	}
}

func benchSendLarge(b *testing.B, text string) {
	srv := serve(b, []byte(`{"id":"resp_1","object":"response","status":"completed","output":[],"model":"gpt-5"}`))
	ctx := context.Background()
	b.Run("respkit", func(b *testing.B) {
		rs := respkitService(b, srv.URL)
		perInput(b, len(text), func() error {
			_, err := rs.Create(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text(text)})
			return err
		})
	})
	b.Run("openai-go", func(b *testing.B) {
		c := openaiClient(srv.URL)
		perInput(b, len(text), func() error {
			_, err := c.Responses.New(ctx, oairesponses.ResponseNewParams{
				Model: "gpt-5",
				Input: oairesponses.ResponseNewParamsInputUnion{OfString: openai.String(text)},
			})
			return err
		})
	})
	b.Run("go-openai", func(b *testing.B) {
		c := goopenaiClient(srv.URL)
		perInput(b, len(text), func() error {
			_, err := c.CreateResponse(ctx, goopenai.CreateResponseRequest{Model: "gpt-5", Input: text})
			return err
		})
	})
}

// perInput runs call in the benchmark loop and reports, besides the usual
// figures, the bytes allocated per call divided by the input's size as
// "alloc/input", the figure that BenchmarkSendLarge is about.
func perInput(b *testing.B, size int, call func() error) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(size), "alloc/input")
}
