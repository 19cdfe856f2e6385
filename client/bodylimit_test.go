package client

import (
	"errors"
	"io"
	"net/http"
	"runtime"
	"testing"
)

// endless is a body of unknown length that never ends, made up as it is
// read: it holds nothing.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func (endless) Close() error { return nil }

type endlessTransport struct{}

func (endlessTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Header: http.Header{}, Body: endless{}, ContentLength: -1, Request: req,
	}, nil
}

// A body over the limit fails having allocated about the limit, not the
// doubling of a growing buffer.
func TestBodyLimitMemory(t *testing.T) {
	const limit = 16 << 20
	c := newTestClient(t, endlessTransport{}, WithMaxBodySize(limit), WithMaxRetries(0))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.Send(t.Context(), post)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("Send = %v, want ErrBodyTooLarge", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit+limit/8 {
		t.Errorf("failing at a limit of %d MiB allocated %.1f MiB, want at most %.1f", limit>>20, float64(got)/(1<<20), float64(limit+limit/8)/(1<<20))
	}
}

// readUnknown gives back exactly what it read, whatever the size and
// however the reader splits it.
func TestReadUnknown(t *testing.T) {
	for _, n := range []int{0, 1, 100, 32 << 10, 32<<10 + 1, 1 << 20, 5<<20 + 3} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i * 7)
		}
		for _, limit := range []int64{int64(n), int64(n) + 1, 10 << 20} {
			got, err := readUnknown(&choppy{b: want}, limit)
			if err != nil || string(got) != string(want) {
				t.Errorf("readUnknown(%d bytes, limit %d) = %d bytes, %v", n, limit, len(got), err)
			}
		}
		if n > 0 {
			if _, err := readUnknown(&choppy{b: want}, int64(n)-1); !errors.Is(err, ErrBodyTooLarge) {
				t.Errorf("readUnknown(%d bytes, limit %d) = %v, want ErrBodyTooLarge", n, n-1, err)
			}
		}
	}
}

// choppy reads b in pieces of varied size.
type choppy struct {
	b []byte
	i int
}

func (c *choppy) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	c.i++
	n := min(len(p), len(c.b), 1+c.i*37%70000)
	copy(p, c.b[:n])
	c.b = c.b[n:]
	return n, nil
}
