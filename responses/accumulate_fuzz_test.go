package responses_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// FuzzAccumulator adds the events of arbitrary input, one event per line:
// Add never panics and fails only with an *AccumulateError, the response
// can always be encoded, and the events are never changed.
func FuzzAccumulator(f *testing.F) {
	for _, tt := range accumulateTests {
		f.Add([]byte(strings.Join(tt.events, "\n")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			acc  responses.Accumulator
			evs  []responses.Event
			encs [][]byte
		)
		for line := range bytes.SplitSeq(data, []byte("\n")) {
			ev, err := responses.UnmarshalEvent(line)
			if err != nil {
				continue
			}
			enc, err := wire.Marshal(&ev)
			if err != nil {
				continue
			}
			if err := acc.Add(ev); err != nil {
				if _, ok := errors.AsType[*responses.AccumulateError](err); !ok {
					t.Fatalf("Add = %v (%T), want an *AccumulateError", err, err)
				}
			}
			if r := acc.Response(); r != nil {
				if _, err := wire.Marshal(r); err != nil {
					t.Fatalf("wire.Marshal(Response()) = %v", err)
				}
			}
			evs, encs = append(evs, ev), append(encs, enc)
		}
		for i := range evs {
			enc, err := wire.Marshal(&evs[i])
			if err != nil || !bytes.Equal(enc, encs[i]) {
				t.Errorf("event %d changed by Add: %s, was %s (%v)", i, enc, encs[i], err)
			}
		}
	})
}
