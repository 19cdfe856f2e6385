package stream

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLimits(t *testing.T) {
	const maxLine, maxEvent = 32, 40
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		in   string
		want []tev       // events before the error
		err  *LimitError // nil: a clean end
	}{
		{"line at bound", "data:" + a(maxLine-5) + "\n\n", []tev{{Type: "message", Data: a(maxLine - 5)}}, nil},
		{"line at bound at eof", "data:" + a(maxLine-5), []tev{{Type: "message", Data: a(maxLine - 5)}}, nil},
		{"line at bound with crlf", "data:" + a(maxLine-5) + "\r\n\r\n", []tev{{Type: "message", Data: a(maxLine - 5)}}, nil},
		{"comment at bound", ":" + a(maxLine-1) + "\n", nil, nil},
		{"line one over", "data:" + a(maxLine-4) + "\n\n", nil, &LimitError{"line", maxLine, 0}},
		{"line one over at eof", "data:" + a(maxLine-4), nil, &LimitError{"line", maxLine, 0}},
		{"comment one over", ":" + a(maxLine) + "\n", nil, &LimitError{"line", maxLine, 0}},
		{"line one over after an event", "data: x\n\n:" + a(maxLine) + "\n", []tev{{Type: "message", Data: "x"}}, &LimitError{"line", maxLine, 9}},
		{"line one over after bom", "\uFEFF:" + a(maxLine) + "\n", nil, &LimitError{"line", maxLine, 3}},
		{"long line without end", "data:" + a(10*maxLine), nil, &LimitError{"line", maxLine, 0}},
		{"event at bound", "data:" + a(20) + "\ndata:" + a(maxEvent-21) + "\n\n", []tev{{Type: "message", Data: a(20) + "\n" + a(maxEvent-21)}}, nil},
		{"event at bound with empty lines", "data:" + a(20) + "\ndata:" + a(maxEvent-23) + "\ndata\ndata\n\n", []tev{{Type: "message", Data: a(20) + "\n" + a(maxEvent-23) + "\n\n"}}, nil},
		{"event one over", "data:" + a(20) + "\ndata:" + a(maxEvent-20) + "\n\n", nil, &LimitError{"event", maxEvent, 26}},
		{"event one over by a newline", "data:" + a(20) + "\ndata:" + a(maxEvent-22) + "\ndata\ndata\n\n", nil, &LimitError{"event", maxEvent, 55}},
		{"event one over after an event", "data: x\n\ndata: " + a(25) + "\ndata: " + a(20) + "\n\n", []tev{{Type: "message", Data: "x"}}, &LimitError{"event", maxEvent, 41}},
		{"limits are per event", strings.Repeat("data: "+a(maxEvent/2)+"\n\n", 3), []tev{
			{Type: "message", Data: a(maxEvent / 2)}, {Type: "message", Data: a(maxEvent / 2)}, {Type: "message", Data: a(maxEvent / 2)}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rd := range readers {
				got, err := decodeAll(rd.wrap(strings.NewReader(tt.in)), WithMaxLineSize(maxLine), WithMaxEventSize(maxEvent))
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s: events differ (-want +got):\n%s", rd.name, diff)
				}
				if tt.err == nil {
					if err != nil {
						t.Errorf("%s: err = %v, want nil", rd.name, err)
					}
					continue
				}
				lerr, ok := errors.AsType[*LimitError](err)
				if !ok {
					t.Errorf("%s: err = %v, want a *LimitError", rd.name, err)
					continue
				}
				if *lerr != *tt.err {
					t.Errorf("%s: err = %+v, want %+v", rd.name, *lerr, *tt.err)
				}
			}
		})
	}
}

func TestLimitErrorMessage(t *testing.T) {
	tests := []struct {
		err  LimitError
		want string
	}{
		{LimitError{"event", 32 << 20, 123}, "stream: event exceeds 32 MiB at offset 123"},
		{LimitError{"line", 64 << 10, 0}, "stream: line exceeds 64 KiB at offset 0"},
		{LimitError{"line", 1, 5}, "stream: line exceeds 1 byte at offset 5"},
		{LimitError{"line", 1000, 5}, "stream: line exceeds 1000 bytes at offset 5"},
		{LimitError{"line", 3 << 19, 5}, "stream: line exceeds 1536 KiB at offset 5"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("(%+v).Error() = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// endless repeats a pattern forever.
type endless struct {
	pattern string
	off     int
}

func (r *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.pattern[r.off%len(r.pattern)]
		r.off++
	}
	return len(p), nil
}

// TestLimitsBoundMemory reads endless input that never ends a line or an
// event: the decoder must stop with a LimitError, with buffers no larger
// than its bounds, rather than run out of memory.
func TestLimitsBoundMemory(t *testing.T) {
	const maxLine, maxEvent = 100 << 10, 1 << 20
	tests := []struct {
		name    string
		pattern string
		what    string
	}{
		{"endless line", "data: aaaaaaaaaaaaaaaa", "line"},
		{"endless comment", ":", "line"},
		{"endless event", "data: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "event"},
		{"endless cr event", "data: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r", "event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(&endless{pattern: tt.pattern}, WithMaxLineSize(maxLine), WithMaxEventSize(maxEvent))
			_, err := d.Next()
			lerr, ok := errors.AsType[*LimitError](err)
			if !ok || lerr.What != tt.what {
				t.Fatalf("Next() error = %v, want a *LimitError for the %s", err, tt.what)
			}
			if cap(d.buf) > maxLine+1 {
				t.Errorf("read buffer holds %d bytes, want at most %d", cap(d.buf), maxLine+1)
			}
			if cap(d.data) > maxEvent+1 {
				t.Errorf("data buffer holds %d bytes, want at most %d", cap(d.data), maxEvent+1)
			}
		})
	}
}

func TestDefaultLimits(t *testing.T) {
	tests := []struct {
		name            string
		opts            []Option
		maxLine, maxEvt int
	}{
		{"none", nil, DefaultMaxLineSize, DefaultMaxEventSize},
		{"zero", []Option{WithMaxLineSize(0), WithMaxEventSize(0)}, DefaultMaxLineSize, DefaultMaxEventSize},
		{"negative", []Option{WithMaxLineSize(-1), WithMaxEventSize(-5)}, DefaultMaxLineSize, DefaultMaxEventSize},
		{"set", []Option{WithMaxLineSize(10), WithMaxEventSize(20)}, 10, 20},
		{"last wins", []Option{WithMaxLineSize(10), WithMaxLineSize(11)}, 11, DefaultMaxEventSize},
		{"huge", []Option{WithMaxLineSize(math.MaxInt), WithMaxEventSize(math.MaxInt)}, maxLimit, maxLimit},
	}
	for _, tt := range tests {
		d := NewDecoder(strings.NewReader(""), tt.opts...)
		if d.cfg.maxLine != tt.maxLine || d.cfg.maxEvent != tt.maxEvt {
			t.Errorf("%s: limits = %d, %d; want %d, %d", tt.name, d.cfg.maxLine, d.cfg.maxEvent, tt.maxLine, tt.maxEvt)
		}
	}
	// A huge bound must not make the decoder allocate a huge buffer.
	d := NewDecoder(strings.NewReader("data: a\n\n"), WithMaxLineSize(math.MaxInt/2), WithMaxEventSize(math.MaxInt/2))
	if _, err := d.Next(); err != nil {
		t.Fatalf("Next() error = %v", err)
	}
	if cap(d.buf) > defaultBufSize {
		t.Errorf("read buffer holds %d bytes, want at most %d", cap(d.buf), defaultBufSize)
	}
}
