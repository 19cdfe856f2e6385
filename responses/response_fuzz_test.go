package responses

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeResponse decodes arbitrary bytes as a Response and as a Request:
// decoding never panics and fails only with a typed error, and a decoded
// value encodes to valid JSON that decodes to a value encoding to the same
// bytes.
func FuzzDecodeResponse(f *testing.F) {
	for _, dir := range []string{"items", "bodies", "events"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`{"id":"resp_1","object":"response","status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hi","annotations":[]}]}],"temperature":1.0,"store":false,"usage":{"input_tokens":0}}`))
	f.Add([]byte(`{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":{}}],"tool_choice":"auto","text":{"format":{"type":"json_schema","name":"x","schema":{}}}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzRoundTrip[Response](t, in)
		fuzzRoundTrip[Request](t, in)
	})
}
