package client

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// memTransport answers every request with payload, reading and discarding
// the request body as a server would.
type memTransport struct {
	payload       []byte
	unknownLength bool
}

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	n := int64(len(m.payload))
	if m.unknownLength {
		n = -1
	}
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_1"}},
		Body:          io.NopCloser(bytes.NewReader(m.payload)),
		ContentLength: n,
		Request:       req,
	}, nil
}

func benchSend(b *testing.B, rt *memTransport, req *Request) {
	c := newTestClient(b, rt)
	// Bytes per second count the response only: the fake transport discards
	// the request body without copying it, so its size says nothing of speed.
	b.SetBytes(int64(len(rt.payload)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Send(b.Context(), req)
		if err != nil {
			b.Fatal(err)
		}
		if len(resp.Body) != len(rt.payload) {
			b.Fatalf("got %d bytes, want %d", len(resp.Body), len(rt.payload))
		}
	}
}

// BenchmarkSend1MiB reads a 1 MiB response with a Content-Length.
func BenchmarkSend1MiB(b *testing.B) {
	benchSend(b, &memTransport{payload: bytes.Repeat([]byte("x"), 1<<20)}, &Request{Method: http.MethodGet, Path: "responses/resp_1"})
}

// BenchmarkSend1MiBUnknownLength reads a 1 MiB response without a
// Content-Length, as after transparent gzip decoding or chunked encoding.
func BenchmarkSend1MiBUnknownLength(b *testing.B) {
	benchSend(b, &memTransport{payload: bytes.Repeat([]byte("x"), 1<<20), unknownLength: true}, &Request{Method: http.MethodGet, Path: "responses/resp_1"})
}

// BenchmarkSend4MiBRequest sends a 4 MiB body and reads a small answer: its
// allocations show that the body is not copied.
func BenchmarkSend4MiBRequest(b *testing.B) {
	benchSend(b, &memTransport{payload: []byte(`{"id":"resp_1"}`)},
		&Request{Method: http.MethodPost, Path: "responses", Body: bytes.Repeat([]byte("x"), 4<<20)})
}

// BenchmarkBaselineReadAll is the plain net/http way, for comparison with
// BenchmarkSend1MiB: http.NewRequest, Client.Do and io.ReadAll.
func BenchmarkBaselineReadAll(b *testing.B) {
	rt := &memTransport{payload: bytes.Repeat([]byte("x"), 1<<20)}
	hc := &http.Client{Transport: rt}
	b.SetBytes(int64(len(rt.payload)))
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, testBase+"/responses/resp_1", nil)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(data) != len(rt.payload) {
			b.Fatal("short read")
		}
	}
}
