package responses_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// secretRequest is a request that carries a secret of each kind.
func secretRequest() (*responses.Request, []string) {
	const token, header, secret = "tok-Sensitive1/x", "hdr-Sensitive2", "val-Sensitive3"
	mcp := responses.MCP("wiki", "https://mcp.example.com")
	mcp.Authorization = token
	mcp.Headers = map[string]string{"X-Api-Key": header}
	shell := &responses.ShellTool{Environment: &responses.ContainerAuto{NetworkPolicy: &responses.NetworkPolicy{
		Type:           "allowlist",
		AllowedDomains: []string{"example.com"},
		DomainSecrets:  []responses.DomainSecret{{Domain: "example.com", Name: "KEY", Value: secret}},
	}}}
	return &responses.Request{Model: "m", Input: responses.Text("hi"), Tools: []responses.Tool{mcp, shell}}, []string{token, header, secret}
}

// TestRequestSecretsScrubbedFromErrors checks that a server echoing a
// request's MCP token, MCP header or domain secret, JSON-escaped, does not
// put it into the error of Create or Stream, nor into the client's log.
func TestRequestSecretsScrubbedFromErrors(t *testing.T) {
	req, secrets := secretRequest()
	for _, s := range secrets {
		var esc strings.Builder
		for _, r := range s {
			fmt.Fprintf(&esc, `\u%04x`, r)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"message":"bad MCP credential %s","type":"invalid_request_error"}}`, esc.String())
		}))
		var logs bytes.Buffer
		c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("test-key-123"), client.WithMaxRetries(0),
			client.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
		if err != nil {
			t.Fatal(err)
		}
		rs := responses.New(c)
		_, err1 := rs.Create(t.Context(), req)
		var err2 error
		for _, e := range rs.Stream(t.Context(), req) {
			err2 = e
		}
		srv.Close()
		for _, err := range []error{err1, err2} {
			if _, ok := errors.AsType[*client.APIError](err); !ok {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if out := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(out, s) || !strings.Contains(out, "bad MCP credential [REDACTED]") {
				t.Errorf("error shows %q: %s", s, out)
			}
		}
		if strings.Contains(logs.String(), s) {
			t.Errorf("log shows %q: %s", s, logs.String())
		}
	}
}

// TestRequestLogValue checks that logging a request with slog, with the
// JSON or the text handler, leaves out its secrets but keeps the rest.
func TestRequestLogValue(t *testing.T) {
	req, secrets := secretRequest()
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		slog.New(h).Info("send", "request", req, "value", *req)
	}
	for _, s := range secrets {
		if strings.Contains(buf.String(), s) {
			t.Errorf("log shows %q:\n%s", s, buf.String())
		}
	}
	if !strings.Contains(buf.String(), "mcp.example.com") || !strings.Contains(buf.String(), "example.com") {
		t.Errorf("log lost the request:\n%s", buf.String())
	}
	// The request itself keeps its secrets.
	if mcp := req.Tools[0].(*responses.MCPTool); mcp.Authorization != secrets[0] {
		t.Errorf("logging changed the request: %+v", mcp)
	}
}

// TestToolLogValue checks that logging a tool, or the part of one that
// holds a secret, on its own with slog's JSON or text handler leaves out
// its secrets but keeps the rest.
func TestToolLogValue(t *testing.T) {
	req, secrets := secretRequest()
	mcp, shell := req.Tools[0].(*responses.MCPTool), req.Tools[1].(*responses.ShellTool)
	env := shell.Environment.(*responses.ContainerAuto)
	ci := &responses.CodeInterpreterTool{Container: env}
	values := []any{mcp, *mcp, shell, *shell, env, *env, env.NetworkPolicy, *env.NetworkPolicy,
		env.NetworkPolicy.DomainSecrets[0], ci, *ci}
	for _, h := range []struct {
		new  func(*bytes.Buffer) slog.Handler
		json bool
	}{
		{func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }, true},
		{func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }, false},
	} {
		for _, v := range values {
			var buf bytes.Buffer
			slog.New(h.new(&buf)).Info("tool", "v", v)
			for _, s := range secrets {
				if strings.Contains(buf.String(), s) {
					t.Errorf("logging a %T shows %q:\n%s", v, s, buf.String())
				}
			}
			// The text handler prints as fmt does: a pointer inside as an address.
			if h.json && !strings.Contains(buf.String(), "example.com") {
				t.Errorf("logging a %T lost it:\n%s", v, buf.String())
			}
		}
	}
	if mcp.Authorization != secrets[0] || env.NetworkPolicy.DomainSecrets[0].Value != secrets[2] {
		t.Errorf("logging changed the tools: %q, %q", mcp.Authorization, env.NetworkPolicy.DomainSecrets[0].Value)
	}
}
