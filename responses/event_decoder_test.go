package responses_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/respkit/respkit/responses"
)

func textEvents(id string) []string {
	return []string{
		`{"type":"response.created","sequence_number":0,"response":{"id":"` + id + `","status":"in_progress","output":[]}}`,
		`{"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"Hé \"q\" 😀"}`,
		`{"type":"response.output_text.delta","sequence_number":2,"item_id":"m","output_index":0,"content_index":0,"delta":"!"}`,
		`{"type":"response.completed","sequence_number":3,"response":{"id":"` + id + `","status":"completed","output":[{"type":"message","id":"m","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hé \"q\" 😀!","annotations":[]}]}]}}`,
	}
}

func TestEventDecoder(t *testing.T) {
	for _, skip := range []bool{false, true} {
		for _, more := range []bool{false, true} {
			t.Run(fmt.Sprintf("skip=%v,more=%v", skip, more), func(t *testing.T) {
				d := responses.NewEventDecoder(nil, nil)
				evs := textEvents("resp_1")
				for i, e := range evs {
					if skip && i < len(evs)-1 {
						if err := d.Skip([]byte(e)); err != nil {
							t.Fatal(err)
						}
						continue
					}
					ev, err := d.Decode([]byte(e), more && i < len(evs)-1)
					if err != nil || ev == nil {
						t.Fatalf("event %d: %v, %v", i, ev, err)
					}
				}
				if !d.Done() || d.Events() != 4 || d.Response().OutputText() != "Hé \"q\" 😀!" {
					t.Errorf("done %v, %d events, text %q", d.Done(), d.Events(), d.Response().OutputText())
				}
				if _, err := d.Decode([]byte(evs[1]), false); !errors.Is(err, responses.ErrAfterEnd) {
					t.Errorf("an event after the last: %v", err)
				}
			})
		}
	}
}

func TestEventDecoderErrors(t *testing.T) {
	evs := textEvents("resp_2")
	tests := []struct {
		name string
		run  func(d *responses.EventDecoder) error
		want error
	}{
		{"gap", func(d *responses.EventDecoder) error {
			d.Decode([]byte(evs[0]), false)
			_, err := d.Decode([]byte(evs[2]), false)
			return err
		}, responses.ErrSequenceGap},
		{"gap skipped", func(d *responses.EventDecoder) error {
			d.Skip([]byte(evs[0]))
			return d.Skip([]byte(evs[2]))
		}, responses.ErrSequenceGap},
		{"no number after numbered", func(d *responses.EventDecoder) error {
			d.Skip([]byte(evs[0]))
			return d.Skip([]byte(`{"type":"response.output_text.delta","delta":"x"}`))
		}, responses.ErrSequenceGap},
		{"not an event", func(d *responses.EventDecoder) error { return d.Skip([]byte(`[1,2]`)) }, nil},
		{"not JSON", func(d *responses.EventDecoder) error { _, err := d.Decode([]byte(`{"type":"x",`), false); return err }, nil},
		{"error event", func(d *responses.EventDecoder) error {
			_, err := d.Decode([]byte(`{"type":"error","sequence_number":0,"error":{"type":"invalid_request_error","code":"previous_response_not_found","message":"gone","param":"previous_response_id"}}`), false)
			return err
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(responses.NewEventDecoder(nil, nil))
			se, ok := errors.AsType[*responses.StreamError](err)
			if !ok {
				t.Fatalf("err = %v, want a *StreamError", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			_ = se
		})
	}
	// A broken transport: the events so far, and the response as far as
	// it came.
	d := responses.NewEventDecoder(nil, nil)
	d.Decode([]byte(evs[0]), false)
	d.Decode([]byte(evs[1]), false)
	se := d.Broken(io.ErrUnexpectedEOF)
	if se.Events != 2 || se.ResponseID != "resp_2" || se.LastSequence != 1 || !errors.Is(se, io.ErrUnexpectedEOF) {
		t.Errorf("broken: %+v", se)
	}
}

// FuzzEventDecoder decodes or skips arbitrary messages: errors, never a
// panic, and nothing after the last event.
func FuzzEventDecoder(f *testing.F) {
	var seed []byte
	for _, e := range textEvents("resp_f") {
		seed = append(append(seed, e...), '\n')
	}
	f.Add(seed, uint8(0b0101))
	f.Add([]byte("{}\n[]\nnull\n{\"type\":\"error\"}"), uint8(3))
	f.Fuzz(func(t *testing.T, in []byte, mask uint8) {
		d := responses.NewEventDecoder(nil, nil)
		for i, line := range bytes.Split(in, []byte("\n")) {
			var err error
			if mask>>(i%8)&1 == 1 {
				err = d.Skip(line)
			} else {
				_, err = d.Decode(line, i%2 == 0)
			}
			if err != nil {
				if _, ok := errors.AsType[*responses.StreamError](err); !ok {
					t.Fatalf("error %v is not a *StreamError", err)
				}
				return
			}
			if d.Done() {
				return
			}
		}
	})
}
