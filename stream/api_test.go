package stream

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// errReader returns n and err from every Read, after filling p with 'x'.
type errReader struct {
	n   int
	err error
}

func (r errReader) Read(p []byte) (int, error) {
	for i := range min(max(r.n, 0), len(p)) {
		p[i] = 'x'
	}
	return r.n, r.err
}

// dataAndErr returns all of s and err from its first Read.
type dataAndErr struct {
	s   string
	err error
}

func (r *dataAndErr) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, r.err
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	if r.s == "" {
		return n, r.err
	}
	return n, nil
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		r       io.Reader
		want    []tev
		is      error  // errors.Is(err, is) must hold
		message string // the error's text
	}{
		{
			name:    "timeout",
			r:       iotest.TimeoutReader(strings.NewReader("data: a\n\ndata: b")),
			want:    []tev{{Type: "message", Data: "a"}},
			is:      iotest.ErrTimeout,
			message: "stream: read error at offset 16: timeout",
		},
		{
			name:    "error at start",
			r:       iotest.ErrReader(io.ErrUnexpectedEOF),
			is:      io.ErrUnexpectedEOF,
			message: "stream: read error at offset 0: unexpected EOF",
		},
		{
			name:    "pending event discarded",
			r:       &chunkReader{chunks: []string{"data: a\n\n", "data: b\n"}, err: io.ErrUnexpectedEOF},
			want:    []tev{{Type: "message", Data: "a"}},
			is:      io.ErrUnexpectedEOF,
			message: "stream: read error at offset 17: unexpected EOF",
		},
		{
			name:    "data with the error",
			r:       &dataAndErr{s: "data: a\n\ndata: b\n\ndata: c", err: io.ErrClosedPipe},
			want:    []tev{{Type: "message", Data: "a"}, {Type: "message", Data: "b"}},
			is:      io.ErrClosedPipe,
			message: "stream: read error at offset 25: io: read/write on closed pipe",
		},
		{
			name:    "no progress",
			r:       errReader{},
			is:      io.ErrNoProgress,
			message: "stream: read error at offset 0: multiple Read calls return no data or error",
		},
		{
			name:    "count too large",
			r:       errReader{n: 1 << 30},
			is:      errInvalidRead,
			message: "stream: read error at offset 0: reader returned an invalid count",
		},
		{
			name:    "negative count",
			r:       errReader{n: -1},
			is:      errInvalidRead,
			message: "stream: read error at offset 0: reader returned an invalid count",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(tt.r)
			var got []tev
			var err error
			for {
				var ev Event
				ev, err = d.Next()
				if err != nil {
					break
				}
				got = append(got, tev{ev.Type, string(ev.Data), ev.ID, ev.Retry})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events differ (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("Next() error = %v, want one that matches %v", err, tt.is)
			}
			if err.Error() != tt.message {
				t.Errorf("Next() error = %q, want %q", err, tt.message)
			}
			// Errors are sticky.
			if _, again := d.Next(); again != err {
				t.Errorf("Next() after an error = %v, want the same error %v", again, err)
			}
		})
	}
}

func TestEOFIsSticky(t *testing.T) {
	d := NewDecoder(strings.NewReader("data: a"))
	if ev, err := d.Next(); err != nil || string(ev.Data) != "a" {
		t.Fatalf("Next() = %q, %v; want \"a\", nil", ev.Data, err)
	}
	for range 3 {
		if ev, err := d.Next(); err != io.EOF || ev.Data != nil {
			t.Fatalf("Next() at the end = %+v, %v; want a zero Event, io.EOF", ev, err)
		}
	}
}

func TestEvents(t *testing.T) {
	in := "data: a\n\ndata: b\n\ndata: c\n\n"
	t.Run("all", func(t *testing.T) {
		var got []string
		for ev, err := range Events(strings.NewReader(in)) {
			if err != nil {
				t.Fatalf("Events: unexpected error %v", err)
			}
			got = append(got, string(ev.Data))
		}
		if want := []string{"a", "b", "c"}; !cmp.Equal(got, want) {
			t.Errorf("Events(%q) = %q, want %q", in, got, want)
		}
	})
	t.Run("break and continue", func(t *testing.T) {
		seq := Events(strings.NewReader(in))
		var got []string
		for ev := range seq {
			got = append(got, string(ev.Data))
			break
		}
		for ev := range seq {
			got = append(got, string(ev.Data))
		}
		for range seq {
			t.Fatal("a finished iterator yielded again")
		}
		if want := []string{"a", "b", "c"}; !cmp.Equal(got, want) {
			t.Errorf("events = %q, want %q", got, want)
		}
	})
	t.Run("error ends", func(t *testing.T) {
		r := &chunkReader{chunks: []string{"data: a\n\ndata: b"}, err: io.ErrUnexpectedEOF}
		var got []string
		var errs []error
		for ev, err := range Events(r) {
			if err != nil {
				if ev.Data != nil || ev.Type != "" {
					t.Errorf("an event %+v was yielded with the error %v", ev, err)
				}
				errs = append(errs, err)
				continue
			}
			got = append(got, string(ev.Data))
		}
		if want := []string{"a"}; !cmp.Equal(got, want) {
			t.Errorf("events = %q, want %q", got, want)
		}
		if len(errs) != 1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) {
			t.Errorf("errors = %v, want one io.ErrUnexpectedEOF", errs)
		}
	})
	t.Run("limit error", func(t *testing.T) {
		var errs []error
		for _, err := range Events(strings.NewReader("data: aaaa\n\n"), WithMaxLineSize(4)) {
			errs = append(errs, err)
		}
		if len(errs) != 1 {
			t.Fatalf("yielded %d times, want once", len(errs))
		}
		if _, ok := errors.AsType[*LimitError](errs[0]); !ok {
			t.Errorf("error = %v, want a *LimitError", errs[0])
		}
	})
}

func TestDecoderState(t *testing.T) {
	in := "retry: 100\nid: 1\ndata: a\n\n" + // 26 bytes
		": comment\n" + // 36
		"data: b\r\n\r\n" + // 47
		"id: 2\nretry: 200\n\n"
	d := NewDecoder(strings.NewReader(in))
	steps := []struct {
		data   string
		offset int64
		lastID string
		retry  time.Duration
	}{
		{"a", 26, "1", 100 * time.Millisecond},
		{"b", 46, "1", 100 * time.Millisecond}, // the LF of the last CRLF is not read yet
	}
	for _, s := range steps {
		ev, err := d.Next()
		if err != nil {
			t.Fatalf("Next() error = %v", err)
		}
		if string(ev.Data) != s.data {
			t.Errorf("Next().Data = %q, want %q", ev.Data, s.data)
		}
		if got := d.Offset(); got != s.offset {
			t.Errorf("after %q: Offset() = %d, want %d", s.data, got, s.offset)
		}
		if got := d.LastEventID(); got != s.lastID {
			t.Errorf("after %q: LastEventID() = %q, want %q", s.data, got, s.lastID)
		}
		if got := d.Retry(); got != s.retry {
			t.Errorf("after %q: Retry() = %v, want %v", s.data, got, s.retry)
		}
	}
	// The last block has no data: no event, but the stream's state moves.
	if _, err := d.Next(); err != io.EOF {
		t.Fatalf("Next() error = %v, want io.EOF", err)
	}
	if got, want := d.Offset(), int64(len(in)); got != want {
		t.Errorf("at the end: Offset() = %d, want %d", got, want)
	}
	if got := d.LastEventID(); got != "2" {
		t.Errorf("at the end: LastEventID() = %q, want %q", got, "2")
	}
	if got := d.Retry(); got != 200*time.Millisecond {
		t.Errorf("at the end: Retry() = %v, want 200ms", got)
	}
}

func TestOffsetCountsBOM(t *testing.T) {
	d := NewDecoder(strings.NewReader("\uFEFFdata: a\n\n"))
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	if got := d.Offset(); got != 12 {
		t.Errorf("Offset() = %d, want 12", got)
	}
}

func TestReset(t *testing.T) {
	d := NewDecoder(strings.NewReader("\uFEFFid: 1\nretry: 5\nevent: x\ndata: first\n\ndata: pending"), WithMaxLineSize(100))
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	d.Reset(strings.NewReader("\uFEFFdata: second\n\n"))
	got, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	want := Event{Type: "message", Data: []byte("second")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after Reset: Next() differs (-want +got):\n%s", diff)
	}
	if d.Offset() != 17 || d.LastEventID() != "" || d.Retry() != 0 {
		t.Errorf("after Reset: Offset, LastEventID, Retry = %d, %q, %v; want 17, \"\", 0", d.Offset(), d.LastEventID(), d.Retry())
	}
	if d.cfg.maxLine != 100 {
		t.Errorf("after Reset: max line = %d, want 100 (options are kept)", d.cfg.maxLine)
	}
	// Reset also clears a sticky error.
	d.Reset(iotest.ErrReader(io.ErrClosedPipe))
	if _, err := d.Next(); !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("Next() error = %v, want io.ErrClosedPipe", err)
	}
	d.Reset(strings.NewReader("data: third"))
	if ev, err := d.Next(); err != nil || string(ev.Data) != "third" {
		t.Errorf("Next() after Reset = %q, %v; want \"third\", nil", ev.Data, err)
	}
}

func TestTypesAreInterned(t *testing.T) {
	in := strings.Repeat("event: response.output_text.delta\ndata: x\n\nevent: other\ndata: y\n\n", 3)
	d := NewDecoder(strings.NewReader(in))
	seen := map[string]*byte{}
	for {
		ev, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p := unsafe.StringData(ev.Type)
		if q, ok := seen[ev.Type]; ok && q != p {
			t.Errorf("type %q was allocated again", ev.Type)
		}
		seen[ev.Type] = p
	}
	if len(seen) != 2 {
		t.Errorf("saw types %v, want 2", seen)
	}
}

func TestTypeCacheIsBounded(t *testing.T) {
	var b strings.Builder
	for i := range 2 * maxTypes {
		b.WriteString("event: t")
		b.WriteString(strings.Repeat("x", i))
		b.WriteString("\ndata: x\n\n")
	}
	b.WriteString("event: " + strings.Repeat("y", 2*maxTypeLen) + "\ndata: x\n\n")
	d := NewDecoder(strings.NewReader(b.String()))
	n, err := drain(d)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2*maxTypes+1 {
		t.Errorf("decoded %d events, want %d", n, 2*maxTypes+1)
	}
	if len(d.types) > maxTypes {
		t.Errorf("the type cache holds %d types, want at most %d", len(d.types), maxTypes)
	}
}

// TestSteadyStateAllocs checks the promise of the package documentation:
// once its buffers have grown and its event types are known, a decoder
// does not allocate.
func TestSteadyStateAllocs(t *testing.T) {
	in := textDeltaStream(1000)
	r := strings.NewReader(in)
	d := NewDecoder(r)
	if _, err := drain(d); err != nil { // warm up: buffers and the type cache
		t.Fatal(err)
	}
	r.Reset(in)
	d.Reset(r)
	allocs := testing.AllocsPerRun(500, func() {
		if _, err := d.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Next() allocates %v times per event, want 0", allocs)
	}
}

// countingReader returns its chunks one per Read and counts the reads.
type countingReader struct {
	chunks []string
	reads  int
}

func (r *countingReader) Read(p []byte) (int, error) {
	r.reads++
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks = r.chunks[1:] // the chunks are smaller than p
	return n, nil
}

// TestNoReadAhead checks that Next returns an event as soon as the blank
// line that ends it has arrived, without reading further: on a live
// stream a further read would block until the server's next event.
func TestNoReadAhead(t *testing.T) {
	for _, first := range []string{
		"data: a\n\n",
		"data: a\r\r", // no waiting to see whether an LF follows the CR
		"data: a\r\n\r\n",
		"data: a\r\n\r",
		"\uFEFFdata: a\n\n",
		":\n\n: keep-alive\r\rdata: a\n\n",
		"id: 1\n\ndata: a\n\n",
	} {
		r := &countingReader{chunks: []string{first, "data: b\n\n"}}
		d := NewDecoder(r)
		ev, err := d.Next()
		if err != nil || string(ev.Data) != "a" {
			t.Fatalf("Next() on %q = %q, %v; want \"a\", nil", first, ev.Data, err)
		}
		if r.reads != 1 {
			t.Errorf("Next() on %q read %d times before returning the event, want 1", first, r.reads)
		}
		if ev, err := d.Next(); err != nil || string(ev.Data) != "b" {
			t.Errorf("second Next() on %q = %q, %v; want \"b\", nil", first, ev.Data, err)
		}
	}
}
