package responses_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/respkit/respkit/responses"
)

// TestSecretsNotPrinted checks that printing a request in any of fmt's
// forms leaves out the secrets it carries, which its JSON keeps.
func TestSecretsNotPrinted(t *testing.T) {
	const token, header, secret = "tok-Sensitive1", "hdr-Sensitive2", "val-Sensitive3"
	mcp := responses.MCP("wiki", "https://mcp.example.com")
	mcp.Authorization = token
	mcp.Headers = map[string]string{"X-Api-Key": header}
	shell := &responses.ShellTool{Environment: &responses.ContainerAuto{NetworkPolicy: &responses.NetworkPolicy{
		Type:           "allowlist",
		AllowedDomains: []string{"example.com"},
		DomainSecrets:  []responses.DomainSecret{{Domain: "example.com", Name: "KEY", Value: secret}},
	}}}
	req := &responses.Request{Model: "m", Tools: []responses.Tool{mcp, shell}}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{req, *req, mcp, *mcp, shell, shell.Environment} {
			out := fmt.Sprintf(format, v)
			for _, s := range []string{token, header, secret} {
				if strings.Contains(out, s) || strings.Contains(out, fmt.Sprintf("%x", s)) {
					t.Errorf("Sprintf(%q, %T) shows %q: %s", format, v, s, out)
				}
			}
		}
	}
	if out := fmt.Sprintf("%+v", mcp); !strings.Contains(out, "ServerLabel:wiki") || !strings.Contains(out, "X-Api-Key:[redacted]") {
		t.Errorf("%%+v of the MCP tool = %s, want its fields with the secrets redacted", out)
	}
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{token, header, secret} {
		if !strings.Contains(string(b), s) {
			t.Errorf("JSON lacks %q: %s", s, b)
		}
	}
}
