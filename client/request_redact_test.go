package client

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestRequestNotPrinted checks that printing or logging a Request shows
// neither its Secrets nor the secrets in its headers and body, and leaves
// the Request as it was.
func TestRequestNotPrinted(t *testing.T) {
	const token, hdrKey = "mcp-Token/0043", "gw-Key-0044"
	body := `{"tools":[{"type":"mcp","authorization":"mcp-Token\/0043"}],"input":"hi"}`
	r := Request{
		Method:  http.MethodPost,
		Path:    "responses",
		Header:  http.Header{"X-Api-Key": {hdrKey}, "X-Trace": {"t-1 " + token}},
		Body:    []byte(body),
		Secrets: []string{token},
	}
	var printed []string
	for _, v := range []any{r, &r} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			printed = append(printed, fmt.Sprintf(verb, v))
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			var b bytes.Buffer
			slog.New(h(&b)).Info("request", "req", v)
			printed = append(printed, b.String())
		}
	}
	secrets := []string{token, hdrKey, `mcp-Token\/0043`, base64.StdEncoding.EncodeToString([]byte(body))}
	for _, p := range printed {
		for _, s := range secrets {
			if strings.Contains(p, s) {
				t.Errorf("printed %s in %s", s, p)
			}
		}
		if !strings.Contains(p, "responses") {
			t.Errorf("printed %s, want the path shown", p)
		}
	}
	if string(r.Body) != body || r.Secrets[0] != token || r.Header.Get("X-Api-Key") != hdrKey || r.Header.Get("X-Trace") != "t-1 "+token {
		t.Errorf("printing changed the request: %+v", []any{string(r.Body), r.Secrets, r.Header})
	}
}
