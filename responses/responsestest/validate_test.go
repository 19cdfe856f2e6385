package responsestest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
)

// TestValidateRecordedRequests checks that every request body the real API
// answered with 200 passes, and that one it refused either passes (the fake
// does not check everything) or fails as the API did.
func TestValidateRecordedRequests(t *testing.T) {
	files := conformance.Files(t, "exchanges", "*.exchange.json")
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ex struct {
			Request struct {
				Method string          `json:"method"`
				URI    string          `json:"uri"`
				Body   json.RawMessage `json:"body"`
			} `json:"request"`
			Response struct {
				Status   int    `json:"status"`
				BodyFile string `json:"body_file"`
			} `json:"response"`
		}
		if err := json.Unmarshal(data, &ex); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		uri, _, _ := strings.Cut(ex.Request.URI, "?")
		if ex.Request.Method != "POST" || !strings.HasSuffix(uri, "/responses") {
			continue
		}
		n++
		name := filepath.Base(f)
		e := validate(ex.Request.Body)
		switch {
		case e == nil:
		case ex.Response.Status == 200:
			t.Errorf("%s: validate() = %d %s %q, want nil (the API took it)", name, e.status, e.param, e.message)
		default:
			body, err := os.ReadFile(filepath.Join(filepath.Dir(f), ex.Response.BodyFile))
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Error struct{ Message, Param, Code string }
			}
			if err := json.Unmarshal(body, &want); err != nil {
				t.Fatal(err)
			}
			if e.status != ex.Response.Status || e.message != want.Error.Message || e.param != want.Error.Param || e.code != want.Error.Code {
				t.Errorf("%s: validate() = %d %q %q %q, want %d %q %q %q", name, e.status, e.code, e.param, e.message,
					ex.Response.Status, want.Error.Code, want.Error.Param, want.Error.Message)
			}
		}
	}
	if n == 0 {
		t.Skip("no recorded POST /v1/responses request")
	}
}
