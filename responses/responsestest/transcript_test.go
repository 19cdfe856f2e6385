package responsestest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// TestTranscript serves every recorded stream as it is and reads it back
// through Service.Stream: the client sees the recorded events, unchanged.
func TestTranscript(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	for _, path := range conformance.Files(t, "sse", "*.sse") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var want []responses.Event
		var wantErr error
		for ev, err := range responses.ReadEvents(bytes.NewReader(data)) {
			if err != nil {
				wantErr = err
				break
			}
			want = append(want, ev)
		}
		srv.Enqueue(responsestest.Transcript(data))
		var got []responses.Event
		var gotErr error
		for ev, err := range rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("replay")}) {
			if err != nil {
				gotErr = err
				break
			}
			got = append(got, ev)
		}
		name := filepath.Base(path)
		if len(got) != len(want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: %d events and error %v, want %d and %v", name, len(got), gotErr, len(want), wantErr)
			continue
		}
		var se *responses.StreamError
		if gotErr != nil && !errors.As(gotErr, &se) {
			t.Errorf("%s: error %v, want a *StreamError", name, gotErr)
		}
		for i := range got {
			a, _ := wire.Marshal(&want[i])
			b, _ := wire.Marshal(&got[i])
			if d := jsontest.Diff(a, b); d != "" {
				t.Errorf("%s: event %d differs:\n%s", name, i, d)
				break
			}
		}
	}
}
