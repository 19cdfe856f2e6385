package batch_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/respkit/respkit/batch"
)

func FuzzDecodeResult(f *testing.F) {
	f.Add([]byte(`{"id":"r","custom_id":"a","response":{"status_code":200,"request_id":"q","body":{"status":"completed","output":[]}},"error":null}`))
	f.Add([]byte(`{"custom_id":"a","response":{"status_code":500,"body":{"error":{"message":"x"}}}}`))
	f.Add([]byte(`{"custom_id":"a","response":null,"error":{"code":"batch_expired","message":"m"}}`))
	f.Add([]byte(`{"custom_id":1}`))
	f.Add([]byte(`not json`))
	f.Add([]byte(`{"custom_id":"a","response":{"status_code":200,"body":{"status":"completed","output":[]}},"error":nul}`))
	f.Add([]byte(`{"custom_id":"a","response":{"status_code":500,"body":{"error":{"message":"x"}}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := batch.DecodeResult(line)
		if err == nil && r.CustomID == "" && !bytes.Contains(line, []byte(`"custom_id":""`)) && !bytes.Contains(line, []byte(`custom_id`)) {
			t.Errorf("a line without a custom id decoded: %q", line)
		}
		if err == nil && !json.Valid(line) {
			t.Errorf("a line that is not JSON decoded: %q", line)
		}
	})
}

func FuzzReadLines(f *testing.F) {
	f.Add("a\nbb\r\n\nccc", 3)
	f.Add("", 1)
	f.Add(strings.Repeat("x", 70000)+"\ny", 100000)
	f.Fuzz(func(t *testing.T, in string, max int) {
		if max <= 0 || max > 1<<20 {
			return
		}
		var n int
		err := batch.ReadLines(strings.NewReader(in), max, func(l []byte) error {
			if len(l) == 0 || len(l) > max || bytes.ContainsAny(l, "\n") {
				t.Errorf("line %q", l)
			}
			n++
			return nil
		})
		if err != nil && errors.Is(err, errors.ErrUnsupported) {
			t.Fatal(err)
		}
	})
}

func TestReadLinesBound(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100_000)
	var got []string
	err := batch.ReadLines(strings.NewReader("a\r\n\n"+long+"\nb"), 200_000, func(l []byte) error {
		got = append(got, string(l))
		return nil
	})
	if err != nil || len(got) != 3 || got[0] != "a" || got[1] != long || got[2] != "b" {
		t.Errorf("ReadLines() = %d lines, %v", len(got), err)
	}
	err = batch.ReadLines(strings.NewReader(long+"\n"), 1000, func([]byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "longer than 1000") {
		t.Errorf("ReadLines() of a long line = %v", err)
	}
}
