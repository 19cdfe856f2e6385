package responses_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// deltaReader produces a stream of n text deltas, framed as the API frames
// them, without holding the stream in memory.
type deltaReader struct {
	n, i int
	buf  []byte
}

func (r *deltaReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		switch {
		case r.i == 0:
			r.buf = fmt.Appendf(r.buf, "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n"+
				"data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}\n\n"+
				"data: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}\n\n")
		case r.i <= r.n:
			r.buf = fmt.Appendf(r.buf, "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\" w%d\",\"logprobs\":[],\"obfuscation\":\"q%dZ\"}\n\n", r.i+2, r.i%10, r.i*7919)
		case r.i == r.n+1:
			r.buf = fmt.Appendf(r.buf, "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":%d,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}\n\n", r.n+3)
		default:
			return 0, io.EOF
		}
		r.i++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// heapGrowth reads events until two marks and returns how much the live
// heap grew between them.
func heapGrowth(t *testing.T, events func(yield func(responses.Event, error) bool), first, second int) (growth int64) {
	t.Helper()
	var before runtime.MemStats
	i := 0
	for _, err := range events {
		if err != nil {
			t.Fatal(err)
		}
		switch i++; i {
		case first:
			runtime.GC()
			runtime.ReadMemStats(&before)
		case second:
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			return int64(after.HeapAlloc) - int64(before.HeapAlloc)
		}
	}
	t.Fatalf("the stream ended after %d events", i)
	return 0
}

// TestReadEventsMemoryFlat checks that reading a stream keeps no memory per
// event: the live heap does not grow between event 10,000 and 100,000.
func TestReadEventsMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100,000 events")
	}
	const first, second = 10_000, 100_000
	growth := heapGrowth(t, responses.ReadEvents(&deltaReader{n: second}), first, second)
	// Keeping the events would cost over 100 bytes each: 9 MB here.
	if growth > 256<<10 {
		t.Errorf("the live heap grew by %d bytes over %d events", growth, second-first)
	}
}

// TestStreamMemory checks that Service.Stream keeps no memory per event
// beyond the response's text, which it accumulates for the partial
// response of a broken stream.
func TestStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100,000 events")
	}
	const first, second = 10_000, 100_000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.Copy(w, &deltaReader{n: second})
	}))
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("test"))
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	growth := heapGrowth(t, rs.Stream(context.Background(), &responses.Request{Model: "m", Input: responses.Text("hi")}), first, second)
	// The text grows by " wN", 3 bytes a delta; its buffer doubles, so it
	// may hold twice that, and the old buffer may not be collected yet.
	text := int64(3 * (second - first))
	if growth > 4*text+256<<10 {
		t.Errorf("the live heap grew by %d bytes over %d events, for %d bytes of text", growth, second-first, text)
	}
}
