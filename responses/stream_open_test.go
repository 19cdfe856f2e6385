package responses_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// idleStreamEvents returns the first events of a text stream, shaped as the
// API sends them, one string each.
func idleStreamEvents(k int) []string {
	const msg = "msg_0123456789abcdef0123456789abcdef0123456789abcdef"
	evs := []string{
		`event: response.created` + "\n" + `data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_0123456789abcdef0123456789abcdef0123456789abcdef","object":"response","created_at":1764201600,"status":"in_progress","model":"gpt-5-2025-08-07","output":[],"tools":[],"tool_choice":"auto","text":{"format":{"type":"text"}},"parallel_tool_calls":true,"temperature":1.0,"top_p":1.0,"usage":null}}` + "\n\n",
		`event: response.output_item.added` + "\n" + `data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"` + msg + `","type":"message","status":"in_progress","content":[],"role":"assistant"}}` + "\n\n",
		`event: response.content_part.added` + "\n" + `data: {"type":"response.content_part.added","sequence_number":2,"item_id":"` + msg + `","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}` + "\n\n",
	}
	words := strings.Fields(`Le caf\u00e9 "ouvert" \u00e0 \u6771\u4eac \U0001F600 ferme\n t\u00f4t`)
	for i := len(evs); i < k; i++ {
		evs = append(evs, fmt.Sprintf("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":%q,\"output_index\":0,\"content_index\":0,\"delta\":%q,\"logprobs\":[],\"obfuscation\":\"qZ3kVx8L\"}\n\n", i, msg, " "+words[i%len(words)]))
	}
	return evs[:k]
}

// A reader makes what it needs to read streams from url with hc (a
// client), and returns a function that reads one stream: it calls ready
// once it has read k events, and reads on until ctx is done.
type reader func(url string, hc *http.Client) func(ctx context.Context, ready func()) error

// idleCost opens n streams of a server that sends k events each and then
// waits, reads them until each has had its k events, and returns the live
// heap and the goroutines per stream while they wait.
func idleCost(t *testing.T, n, k int, open reader) (heap, goroutines float64) {
	t.Helper()
	evs := idleStreamEvents(k)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		for _, ev := range evs {
			io.WriteString(w, ev)
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: n}
	defer tr.CloseIdleConnections()
	read := open(srv.URL, &http.Client{Transport: tr})

	before := liveHeap()
	g0 := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	ready := make(chan struct{}, n)
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			var once sync.Once
			err := read(ctx, func() { once.Do(func() { ready <- struct{}{} }) })
			if ctx.Err() == nil {
				errs <- fmt.Errorf("the stream ended while it should wait: %v", err)
			}
		})
	}
	for range n {
		select {
		case <-ready:
		case err := <-errs:
			t.Fatal(err)
		}
	}
	after := settledHeap()
	g1 := runtime.NumGoroutine()
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

// readFloor reads a stream with net/http and a bufio.Scanner: the least an
// open stream can cost.
func readFloor(k int) reader {
	return func(url string, hc *http.Client) func(context.Context, func()) error {
		return func(ctx context.Context, ready func()) error {
			req, _ := http.NewRequestWithContext(ctx, "POST", url+"/responses", strings.NewReader(`{"model":"gpt-5","input":"hi","stream":true}`))
			res, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			sc := bufio.NewScanner(res.Body)
			i := 0
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data: ") {
					if i++; i == k {
						ready()
					}
				}
			}
			return sc.Err()
		}
	}
}

// readRespkit reads a stream with Service.Stream, one client for all.
func readRespkit(t *testing.T, k int) reader {
	return func(url string, hc *http.Client) func(context.Context, func()) error {
		c, err := client.New(client.WithBaseURL(url), client.WithAPIKey("test"), client.WithHTTPClient(hc))
		if err != nil {
			t.Fatal(err)
		}
		rs := responses.New(c)
		return func(ctx context.Context, ready func()) error {
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
}

// TestOpenStreamMemory pins what an open stream that waits for the model
// costs: the live heap per stream, the HTTP exchange and the server's side
// included, at most 4 KiB more than a bare net/http request read with a
// bufio.Scanner, and no goroutine more. (bench/ compares it with the other
// SDKs.) Before the decoder gave its read buffer back while it waited, an
// open stream held 64 KiB more.
func TestOpenStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 900 streams")
	}
	if raceEnabled {
		// The race detector changes what stays live: under it, the
		// large buffers that some waiting streams gave back stay
		// reachable after the collections, though no decoder holds one.
		t.Skip("memory is not measured under the race detector")
	}
	const n, k = 300, 21
	idleCost(t, n, k, readFloor(k)) // goroutines for the runtime to reuse
	floor, floorG := idleCost(t, n, k, readFloor(k))
	heap, g := idleCost(t, n, k, readRespkit(t, k))
	t.Logf("per open stream: %.1f KiB and %.1f goroutines; bare net/http: %.1f KiB and %.1f goroutines", heap/1024, g, floor/1024, floorG)
	if heap > floor+4<<10 {
		t.Errorf("an open stream holds %.1f KiB, %.1f KiB more than a bare net/http stream; want at most 4 KiB more", heap/1024, (heap-floor)/1024)
	}
	if g > floorG {
		t.Errorf("an open stream runs %.1f goroutines, a bare net/http stream %.1f; want no more", g, floorG)
	}
}

// TestStreamLetsGoOfRequest checks that an open stream does not keep its
// request's body, which may be a long conversation, once the server has
// answered: before, the encoded request stayed live, held by the call (for
// retries) and by net/http (for its own), as long as the stream was read.
func TestStreamLetsGoOfRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, idleStreamEvents(1)[0])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("test"))
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	// 8 MiB of text that JSON must escape, as a long conversation has.
	input := strings.Repeat("Le caf\u00e9 \"ouvert\"\n\t\u6771\u4eac \U0001F600 ", 8<<20/40)
	req := &responses.Request{Model: "gpt-5", Input: responses.Text(input)}

	before := liveHeap()
	ctx := t.Context()
	for _, err := range rs.Stream(ctx, req) {
		if err != nil {
			t.Fatal(err)
		}
		// The first event: the stream now waits for the next one.
		growth := liveHeap() - before
		if growth > 1<<20 {
			t.Errorf("the live heap grew by %.1f MiB while the stream waits, for a request of %.1f MiB", float64(growth)/(1<<20), float64(len(input))/(1<<20))
		}
		break
	}
	runtime.KeepAlive(req)
}
