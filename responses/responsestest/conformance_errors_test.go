package responsestest_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/responses/responsestest"
)

// shape describes a JSON value by its members, in order, and their kinds.
func shape(t *testing.T, data string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			b.WriteByte('{')
			for _, k := range keys {
				b.WriteString(k + ":")
				walk(v[k])
				b.WriteByte(',')
			}
			b.WriteByte('}')
		case string:
			b.WriteString("string")
		case float64:
			b.WriteString("number")
		case nil:
			b.WriteString("null")
		default:
			b.WriteString("other")
		}
	}
	walk(v)
	return b.String()
}

// TestErrorEventLikeTheAPI checks that the error event and the
// response.failed event after it have the members, and kinds of values, of
// the recorded ones.
func TestErrorEventLikeTheAPI(t *testing.T) {
	t.Parallel()
	var recorded []string
	for _, f := range conformance.Files(t, "sse", "*.sse") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for d := range strings.SplitSeq(string(b), "\n") {
			if d, ok := strings.CutPrefix(d, "data: "); ok && strings.HasPrefix(d, `{"type":"error"`) {
				recorded = append(recorded, d)
			}
		}
	}
	if len(recorded) == 0 {
		t.Skip("no recorded error event")
	}
	data, err := rawStream(t, responsestest.StreamFailure("insufficient_quota", "You exceeded your current quota."))
	if err != nil || len(data) != 4 {
		t.Fatalf("stream = %q, %v", data, err)
	}
	for _, rec := range recorded {
		if got, want := shape(t, data[2]), shape(t, rec); got != want {
			t.Errorf("error event shape\n got %s\nwant %s (recorded %s)", got, want, rec)
		}
	}
	var failed struct {
		Response struct {
			Status string          `json:"status"`
			Error  json.RawMessage `json:"error"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(data[3]), &failed); err != nil || failed.Response.Status != "failed" ||
		shape(t, string(failed.Response.Error)) != "{code:string,message:string,}" {
		t.Errorf("response.failed = %s, %v", data[3], err)
	}
}
