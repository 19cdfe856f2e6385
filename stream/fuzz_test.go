package stream

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecoder checks, on any input, that the decoder does not panic, that
// its buffers and events stay within small bounds, that reading the input
// one byte at a time or in uneven chunks gives the same events and error as
// reading it whole, and that without a limit error it gives the events of
// the literal reading of the specification in refDecode.
func FuzzDecoder(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.sse"))
	for _, path := range seeds {
		in, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(in)
	}
	for _, tt := range decodeTests {
		f.Add([]byte(tt.in))
	}
	const maxLine, maxEvent = 64, 128
	f.Fuzz(func(t *testing.T, in []byte) {
		opts := []Option{WithMaxLineSize(maxLine), WithMaxEventSize(maxEvent)}
		d := NewDecoder(bytes.NewReader(in), opts...)
		var evs []tev
		var err error
		for {
			var ev Event
			if ev, err = d.Next(); err != nil {
				break
			}
			if len(ev.Data) > maxEvent || len(ev.Type) > maxLine || len(ev.ID) > maxLine {
				t.Fatalf("event %+v is over the bounds", ev)
			}
			if bytes.IndexByte(ev.Data, '\r') >= 0 || strings.ContainsAny(ev.Type+ev.ID, "\r\n") || strings.ContainsRune(ev.ID, 0) {
				t.Fatalf("event %+v holds a character it cannot hold", ev)
			}
			evs = append(evs, tev{ev.Type, string(ev.Data), ev.ID, ev.Retry})
		}
		if cap(d.buf) > max(maxLine+1, minBufSize) || cap(d.data) > maxEvent+1 {
			t.Fatalf("buffers of %d and %d bytes, over the bounds", cap(d.buf), cap(d.data))
		}

		for i, r := range []io.Reader{
			iotest.OneByteReader(bytes.NewReader(in)),
			&unevenReader{r: bytes.NewReader(in)},
			&unevenReader{r: bytes.NewReader(in)},
		} {
			o := opts
			if i == 2 {
				o = append(o, withSpill(8)) // long lines read in chunks
			}
			got, gotErr := decodeAll(r, o...)
			if !cmp.Equal(evs, got) {
				t.Fatalf("reading in pieces gives other events (-whole +pieces):\n%s", cmp.Diff(evs, got))
			}
			if err == io.EOF {
				err = nil
			}
			if !cmp.Equal(err, gotErr, cmp.Comparer(sameError)) {
				t.Fatalf("reading in pieces gives error %v, want %v", gotErr, err)
			}
		}

		want, lastID, retry := refDecode(string(in))
		checkWaits(t, in)
		lerr, ok := errors.AsType[*LimitError](err)
		switch {
		case err == nil:
			if !cmp.Equal(evs, want) {
				t.Fatalf("events differ from the reference (-reference +decoder):\n%s", cmp.Diff(want, evs))
			}
			if d.LastEventID() != lastID || d.Retry() != retry {
				t.Fatalf("LastEventID, Retry = %q, %v; reference %q, %v", d.LastEventID(), d.Retry(), lastID, retry)
			}
		case ok:
			// The events before the error are the reference's first
			// events, and the error names a line that is over the bound.
			if len(evs) > len(want) || !slices.Equal(evs, want[:len(evs)]) {
				t.Fatalf("events before %v differ from the reference (-reference +decoder):\n%s", err, cmp.Diff(want, evs))
			}
			line := in[lerr.Offset:]
			if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
				line = line[:i]
			}
			switch lerr.What {
			case "line":
				if len(line) <= maxLine {
					t.Fatalf("%v, but the line there is %q", err, line)
				}
			case "event":
				if !bytes.HasPrefix(line, []byte("data")) {
					t.Fatalf("%v, but the line there is %q", err, line)
				}
			default:
				t.Fatalf("unknown limit in %v", err)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// checkWaits checks that a decoder with the default bounds, which moves
// between its small buffer and a large one as reads bring more or less,
// reads in as the reference reads: the input, repeated past the small
// buffer's size, is read in one piece, in reads of 1 to 7 bytes, and in
// reads of about the small buffer's size.
func checkWaits(t *testing.T, in []byte) {
	long := bytes.Repeat(in, 3*idleBufSize/(len(in)+1)+1)
	want, _, _ := refDecode(string(long))
	for _, r := range []io.Reader{
		bytes.NewReader(long),
		&unevenReader{r: bytes.NewReader(long)},
		&sizedReader{r: bytes.NewReader(long), sizes: []int{idleBufSize - 1, 3, idleBufSize + 1, 2 * idleBufSize, 1}},
	} {
		got, err := decodeAll(r)
		if err != nil {
			t.Fatalf("%T: %v", r, err)
		}
		if !cmp.Equal(want, got) {
			t.Fatalf("%T: events differ from the reference (-reference +decoder):\n%s", r, cmp.Diff(want, got))
		}
	}
}

// sizedReader returns reads of the given sizes in turn.
type sizedReader struct {
	r     io.Reader
	sizes []int
	i     int
}

func (s *sizedReader) Read(p []byte) (int, error) {
	n := s.sizes[s.i%len(s.sizes)]
	s.i++
	return s.r.Read(p[:min(len(p), n)])
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// unevenReader returns reads of 1 to 7 bytes in turn.
type unevenReader struct {
	r io.Reader
	n int
}

func (u *unevenReader) Read(p []byte) (int, error) {
	u.n = u.n%7 + 1
	return u.r.Read(p[:min(len(p), u.n)])
}
