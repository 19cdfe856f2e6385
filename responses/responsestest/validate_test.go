package responsestest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/tidwall/gjson"
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

var validBodies = []string{
	`{"model":"gpt-5","input":"hi"}`,
	`{"model":"gpt-5","input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}],"stream":true,"stream_options":{"include_obfuscation":false}}`,
	`{"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"1"}],"tools":[{"type":"function","name":"f","parameters":{"type":"object"},"strict":true}],"tool_choice":{"type":"function","name":"f"}}`,
	`{"model":"m","input":"hi","metadata":{"a":"b"},"temperature":0.2,"top_p":1,"max_output_tokens":500,"truncation":"auto","text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object"},"strict":true}},"reasoning":{"effort":"low","summary":"auto"},"include":["reasoning.encrypted_content"],"store":false,"parallel_tool_calls":false}`,
}

func TestValidateAccepts(t *testing.T) {
	for _, body := range validBodies {
		if e := validate([]byte(body)); e != nil {
			t.Errorf("validate(%s) = %q, want nil", body, e.message)
		}
	}
}

// FuzzValidate checks that the validator never panics, that every error it
// returns is a complete API error, and that a body it accepts is still
// accepted once decoded and encoded again.
func FuzzValidate(f *testing.F) {
	for _, b := range validBodies {
		f.Add([]byte(b))
	}
	f.Add([]byte(`{"model":"m","input":[{"type":"no_such_item"}],"temprature":1}`))
	f.Add([]byte(`{"model":"m","input":42,"metadata":{"count":5}}`))
	f.Add([]byte(`{"model":"m","tools":[{"type":"mcp","server_label":"x","allowed_tools":{"tool_names":["a"]}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := validate(body)
		if e != nil {
			if e.status != 400 || e.message == "" {
				t.Fatalf("validate(%q) = %+v", body, e)
			}
			return
		}
		var v any
		if json.Unmarshal(body, &v) != nil || duplicates(gjson.ParseBytes(body)) {
			return // decoding keeps the last of duplicate members
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if e := validate(again); e != nil {
			t.Fatalf("validate(%s) = %q, but validate(%s) = nil", again, e.message, body)
		}
	})
}

// duplicates reports whether an object in v has a member twice.
func duplicates(v gjson.Result) bool {
	if !v.IsObject() && !v.IsArray() {
		return false
	}
	dup := false
	seen := map[string]bool{}
	v.ForEach(func(k, val gjson.Result) bool {
		if v.IsObject() {
			dup = seen[k.Str]
			seen[k.Str] = true
		}
		dup = dup || duplicates(val)
		return !dup
	})
	return dup
}
