package stream

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// endlessLine is a stream of one data line that never ends, made up as it
// is read.
type endlessLine struct{ started bool }

func (e *endlessLine) Read(p []byte) (int, error) {
	n := 0
	if !e.started {
		n = copy(p, "data: ")
		e.started = true
	}
	for i := n; i < len(p); i++ {
		p[i] = 'x'
	}
	return len(p), nil
}

// A line over the bound fails having allocated about the bound, not the
// doubling of a growing buffer.
func TestLongLineMemory(t *testing.T) {
	const limit = 16 << 20
	d := NewDecoder(&endlessLine{}, WithMaxLineSize(limit))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := d.Next()
	runtime.ReadMemStats(&after)
	if _, ok := errors.AsType[*LimitError](err); !ok {
		t.Fatalf("Next = %v, want a *LimitError", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit+limit/8 {
		t.Errorf("failing at a line bound of %d MiB allocated %.1f MiB, want at most %.1f", limit>>20, float64(got)/(1<<20), float64(limit+limit/8)/(1<<20))
	}
}

// Long lines read in chunks give the same events and errors as when the
// buffer grows to hold them.
func TestLongLines(t *testing.T) {
	long := strings.Repeat("0123456789", 30)
	inputs := []string{
		"data: " + long + "\n\n",
		"data: " + long + "\r\n\r\ndata: b\n\n",
		"data: " + long + "\rdata: " + long + "\r\r",
		"event: " + long + "\ndata: x\n\n",
		"data: " + long[:250] + "\n\n",  // at the bound
		"data: " + long[:251] + "\n\n",  // over it
		"data: " + long + long + "\n\n", // far over it
		"data: " + long[:100] + "\n: " + long + "\ndata: y\n\n",
		"data: " + long, // cut by the end of the stream
	}
	for _, in := range inputs {
		opts := []Option{WithMaxLineSize(256)}
		want, wantErr := decodeAll(strings.NewReader(in), opts...)
		for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in)), &unevenReader{r: bytes.NewReader([]byte(in))}} {
			got, err := decodeAll(r, append(opts, withSpill(8))...)
			if !cmp.Equal(want, got) {
				t.Errorf("%.40q…: in chunks (-grown +chunks):\n%s", in, cmp.Diff(want, got))
			}
			if !cmp.Equal(wantErr, err, cmp.Comparer(sameError)) {
				t.Errorf("%.40q…: in chunks, error %v, want %v", in, err, wantErr)
			}
		}
	}
}

// endlessEvent is a stream of one event of data lines that never ends,
// made up as it is read.
type endlessEvent struct{ pos int }

func (e *endlessEvent) Read(p []byte) (int, error) {
	const line = "data: " + "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\n"
	for i := range p {
		p[i] = line[e.pos%len(line)]
		e.pos++
	}
	return len(p), nil
}

// An event of many lines over the bound fails having allocated about the
// bound, not the doubling of a growing buffer.
func TestManyLineEventMemory(t *testing.T) {
	const limit = 16 << 20
	d := NewDecoder(&endlessEvent{}, WithMaxEventSize(limit))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := d.Next()
	runtime.ReadMemStats(&after)
	if le, ok := errors.AsType[*LimitError](err); !ok || le.What != "event" {
		t.Fatalf("Next = %v, want an event *LimitError", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit+limit/8 {
		t.Errorf("failing at an event bound of %d MiB allocated %.1f MiB, want at most %.1f", limit>>20, float64(got)/(1<<20), float64(limit+limit/8)/(1<<20))
	}
}

// Events of many lines, their data set aside in chunks, give the same
// events and errors as when one buffer grows to hold them.
func TestLongEvents(t *testing.T) {
	line := "data: " + strings.Repeat("0123456789", 3) + "\n"
	inputs := []string{
		strings.Repeat(line, 8) + "\n",
		strings.Repeat(line, 8) + "\n" + "data: b\n\n" + strings.Repeat(line, 3) + "\n",
		strings.Repeat(line, 9) + "\n",  // at the bound of 9 × 31 - 1 bytes
		strings.Repeat(line, 10) + "\n", // over it
		"data: a\ndata\ndata:\n" + strings.Repeat(line, 4) + "\n",
		strings.Repeat(line, 5), // cut by the end of the stream
	}
	for _, in := range inputs {
		opts := []Option{WithMaxEventSize(9*31 - 1)}
		want, wantErr := decodeAll(strings.NewReader(in), opts...)
		for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
			got, err := decodeAll(r, append(opts, withSpill(8))...)
			if !cmp.Equal(want, got) {
				t.Errorf("%.40q…: in chunks (-grown +chunks):\n%s", in, cmp.Diff(want, got))
			}
			if !cmp.Equal(wantErr, err, cmp.Comparer(sameError)) {
				t.Errorf("%.40q…: in chunks, error %v, want %v", in, err, wantErr)
			}
		}
	}
}
