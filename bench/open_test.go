//go:build unix

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
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	oairesponses "github.com/openai/openai-go/v3/responses"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/tidwall/gjson"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// An opener makes a client of an SDK for url that sends with hc, and
// returns a function that reads one stream with it: it calls ready once it
// has read k events, then reads on until the stream ends or ctx is done.
type opener func(hc *http.Client, url string) func(ctx context.Context, k int, ready func()) error

// openers are the readers that BenchmarkOpenStreams compares.
var openers = []struct {
	name string
	open opener
}{
	{"respkit", openRespkit},
	{"openai-go", openOpenAI},
	{"go-openai", openGoOpenAI},
	{"floor", openFloor},
}

// BenchmarkOpenStreams measures what an open stream costs while it waits
// on the model: 2,000 streams are opened at once against one local server,
// each is read to its 21st event, and then they all wait for the next one.
// It reports the live heap after a collection and the goroutines, counted
// from before the streams were opened and divided by the number of
// streams, the server's part and the reading goroutine included. "floor" is
// a bare net/http request read with a bufio.Scanner.
func BenchmarkOpenStreams(b *testing.B) {
	const n, k = 2000, 21
	// Each stream takes two descriptors, the client's and the server's.
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < 2*n+256 {
		b.Skipf("%d streams need %d open files; the limit is %d", n, 2*n+256, lim.Cur)
	}
	// The runtime keeps the goroutines that ended for new ones: a first
	// round of n streams makes the measured ones all reuse them, whichever
	// SDK runs first.
	openStreams(b, n, k, openFloor)
	for _, o := range openers {
		b.Run(o.name, func(b *testing.B) {
			// A first round pays what a process pays once for an SDK (type
			// caches), which is not the cost of a stream.
			openStreams(b, 100, k, o.open)
			var heap, goroutines float64
			for b.Loop() {
				h, g := openStreams(b, n, k, o.open)
				heap += h
				goroutines += g
			}
			b.ReportMetric(heap/float64(b.N)/1024, "KiB/stream")
			b.ReportMetric(goroutines/float64(b.N), "goroutines/stream")
		})
	}
}

// openStreams opens n streams that each read k events and then wait, and
// returns the live heap and the goroutines per stream while they wait.
func openStreams(tb testing.TB, n, k int, open opener) (heap, goroutines float64) {
	release := make(chan struct{})
	srv := httptest.NewServer(waitingHandler(k, release))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: n}
	defer tr.CloseIdleConnections()
	read := open(&http.Client{Transport: tr}, srv.URL)

	before := liveHeap()
	g0 := runtime.NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	readyc := make(chan struct{}, n)
	errc := make(chan error, n)
	for range n {
		wg.Go(func() {
			var once sync.Once
			err := read(ctx, k, func() { once.Do(func() { readyc <- struct{}{} }) })
			if err != nil && ctx.Err() == nil {
				errc <- err
			}
		})
	}
	for range n {
		select {
		case <-readyc:
		case err := <-errc:
			tb.Fatal(err)
		case <-time.After(time.Minute):
			tb.Fatal("the streams did not open in a minute")
		}
	}
	after := settledHeap()
	g1 := runtime.NumGoroutine()
	if f := os.Getenv("HEAPPROF"); f != "" {
		runtime.MemProfileRate = 1
		fh, _ := os.Create(f)
		pprof.WriteHeapProfile(fh)
		fh.Close()
	}

	close(release)
	cancel()
	wg.Wait()
	return float64(after-before) / float64(n), float64(g1-g0) / float64(n)
}

// settledHeap returns the live heap once the readers that said they were
// ready have gone on to wait in their next read: the least of a few
// measurements.
func settledHeap() int64 {
	h := liveHeap()
	for range 5 {
		time.Sleep(20 * time.Millisecond)
		h = min(h, liveHeap())
	}
	return h
}

func liveHeap() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// waitingHandler sends the first k events of a text stream, shaped as the
// API sends them, and then waits for release or for the client to go.
func waitingHandler(k int, release <-chan struct{}) http.Handler {
	events := bytes.SplitAfter(deltaStream(k), []byte("\n\n"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for _, ev := range events[:k] {
			w.Write(ev)
			f.Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
}

func openRespkit(hc *http.Client, url string) func(context.Context, int, func()) error {
	c, err := client.New(client.WithBaseURL(url), client.WithAPIKey("bench"), client.WithMaxRetries(0), client.WithHTTPClient(hc))
	if err != nil {
		panic(err)
	}
	rs := responses.New(c)
	return func(ctx context.Context, k int, ready func()) error {
		i := 0
		for _, err := range rs.Stream(ctx, &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}) {
			if err != nil {
				return err
			}
			if i++; i == k {
				ready()
			}
		}
		return nil
	}
}

func openOpenAI(hc *http.Client, url string) func(context.Context, int, func()) error {
	c := openai.NewClient(option.WithBaseURL(url+"/"), option.WithAPIKey("bench"), option.WithMaxRetries(0), option.WithHTTPClient(hc))
	return func(ctx context.Context, k int, ready func()) error {
		s := c.Responses.NewStreaming(ctx, oairesponses.ResponseNewParams{
			Model: "gpt-5",
			Input: oairesponses.ResponseNewParamsInputUnion{OfString: openai.String("hi")},
		})
		defer s.Close()
		i := 0
		for s.Next() {
			if i++; i == k {
				ready()
			}
		}
		return s.Err()
	}
}

func openGoOpenAI(hc *http.Client, url string) func(context.Context, int, func()) error {
	cfg := goopenai.DefaultConfig("bench")
	cfg.BaseURL = url
	cfg.HTTPClient = hc
	c := goopenai.NewClientWithConfig(cfg)
	return func(ctx context.Context, k int, ready func()) error {
		s, err := c.CreateResponseStream(ctx, goopenai.CreateResponseRequest{Model: "gpt-5", Input: "hi"})
		if err != nil {
			return err
		}
		defer s.Close()
		for i := 1; ; i++ {
			_, err := s.Recv()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if i == k {
				ready()
			}
		}
	}
}

func openFloor(hc *http.Client, url string) func(context.Context, int, func()) error {
	return func(ctx context.Context, k int, ready func()) error {
		req, err := http.NewRequestWithContext(ctx, "POST", url+"/responses", strings.NewReader(`{"model":"gpt-5","input":"hi","stream":true}`))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		sc := bufio.NewScanner(res.Body)
		i := 0
		for sc.Scan() {
			data, ok := bytes.CutPrefix(sc.Bytes(), []byte("data: "))
			if !ok {
				continue
			}
			if gjson.GetBytes(data, "type").String() == "" {
				return errors.New("an event without a type")
			}
			if i++; i == k {
				ready()
			}
		}
		return sc.Err()
	}
}
