package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clearEnv unsets every variable New reads, for the duration of the test.
func clearEnv(t *testing.T) {
	for _, v := range []string{envAPIKey, envBaseURL, envOrg, envProject, envAzureAPIKey} {
		t.Setenv(v, "")
	}
}

func TestNewFromEnvironment(t *testing.T) {
	type result struct {
		Base, Auth, APIKey, Org, Project string
	}
	tests := []struct {
		name string
		env  map[string]string
		opts []Option
		want result
	}{
		{"defaults", map[string]string{envAPIKey: "sk-env"}, nil,
			result{Base: DefaultBaseURL, Auth: "Bearer sk-env"}},
		{"all variables", map[string]string{envAPIKey: "sk-env", envBaseURL: "http://localhost:1234/v1/", envOrg: "org-env", envProject: "proj-env"}, nil,
			result{Base: "http://localhost:1234/v1", Auth: "Bearer sk-env", Org: "org-env", Project: "proj-env"}},
		{"options win", map[string]string{envAPIKey: "sk-env", envBaseURL: "http://env/v1", envOrg: "org-env", envProject: "proj-env"},
			[]Option{WithAPIKey("sk-opt"), WithBaseURL("https://opt.example/v1"), WithOrganization("org-opt"), WithProject("proj-opt")},
			result{Base: "https://opt.example/v1", Auth: "Bearer sk-opt", Org: "org-opt", Project: "proj-opt"}},
		{"empty options turn headers off", map[string]string{envAPIKey: "sk-env", envOrg: "org-env", envProject: "proj-env"},
			[]Option{WithOrganization(""), WithProject("")},
			result{Base: DefaultBaseURL, Auth: "Bearer sk-env"}},
		{"without key", map[string]string{envAPIKey: "sk-env"}, []Option{WithoutAPIKey()},
			result{Base: DefaultBaseURL}},
		{"later option wins", nil, []Option{WithoutAPIKey(), WithAPIKey("sk-opt")},
			result{Base: DefaultBaseURL, Auth: "Bearer sk-opt"}},
		{"azure", map[string]string{envAPIKey: "sk-openai", envAzureAPIKey: "az-key", envBaseURL: "http://ignored", envOrg: "ignored"},
			[]Option{WithAzure("https://res.openai.azure.com/")},
			result{Base: "https://res.openai.azure.com/openai/v1", APIKey: "az-key"}},
		{"azure endpoint with path", nil, []Option{WithAzure("https://res.openai.azure.com/openai/v1"), WithAPIKey("k")},
			result{Base: "https://res.openai.azure.com/openai/v1", APIKey: "k"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := New(tt.opts...)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			h := c.c.cred.plain
			got := result{c.BaseURL(), h.Get("Authorization"), h.Get("Api-Key"), h.Get("OpenAI-Organization"), h.Get("OpenAI-Project")}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("New (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewNoAPIKey(t *testing.T) {
	clearEnv(t)
	_, err := New()
	if !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("New() = %v, want ErrNoAPIKey", err)
	}
	if want := "client: no API key: set OPENAI_API_KEY or use WithAPIKey"; err == nil || err.Error() != want {
		t.Errorf("New() = %v, want %q", err, want)
	}
	_, err = New(WithAzure("https://res.openai.azure.com"))
	if !errors.Is(err, ErrNoAPIKey) || !strings.Contains(err.Error(), "AZURE_OPENAI_API_KEY") {
		t.Errorf("New(WithAzure) = %v, want ErrNoAPIKey naming AZURE_OPENAI_API_KEY", err)
	}
}

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		opts []Option
		want string // a substring of the error
	}{
		{"empty key", nil, []Option{WithAPIKey("")}, "WithAPIKey: empty key"},
		{"key with newline", nil, []Option{WithAPIKey("sk\nx")}, "WithAPIKey"},
		{"base URL unparsable", nil, []Option{WithBaseURL("http://[::1")}, "WithBaseURL"},
		{"base URL relative", nil, []Option{WithBaseURL("api.openai.com/v1")}, "scheme must be http or https"},
		{"base URL ftp", nil, []Option{WithBaseURL("ftp://x/v1")}, "scheme must be http or https"},
		{"base URL no host", nil, []Option{WithBaseURL("http:///v1")}, "no host"},
		{"base URL query", nil, []Option{WithBaseURL("http://x/v1?a=b")}, "query or fragment"},
		{"base URL credentials", nil, []Option{WithBaseURL("http://user:pw@x/v1")}, "credentials"},
		{"env base URL", map[string]string{envBaseURL: "not a url"}, nil, "OPENAI_BASE_URL"},
		{"env org newline", map[string]string{envOrg: "a\nb"}, nil, "OPENAI_ORG_ID"},
		{"negative retries", nil, []Option{WithMaxRetries(-1)}, "WithMaxRetries: negative count -1"},
		{"negative timeout", nil, []Option{WithTimeout(-time.Second)}, "WithTimeout"},
		{"zero retry delay", nil, []Option{WithMaxRetryDelay(0)}, "WithMaxRetryDelay"},
		{"zero body size", nil, []Option{WithMaxBodySize(0)}, "WithMaxBodySize"},
		{"zero event size", nil, []Option{WithMaxEventSize(0)}, "WithMaxEventSize"},
		{"nil http client", nil, []Option{WithHTTPClient(nil)}, "WithHTTPClient"},
		{"nil middleware", nil, []Option{WithMiddleware(nil)}, "WithMiddleware: middleware 0 is nil"},
		{"bad header name", nil, []Option{WithHeader("a b", "c")}, "invalid header name"},
		{"bad header value", nil, []Option{WithHeader("X-A", "b\r\nX-C: d")}, "line break"},
		{"empty api version", nil, []Option{WithAPIVersion("")}, "WithAPIVersion"},
		{"bad azure endpoint", nil, []Option{WithAzure("res.openai.azure.com")}, "WithAzure"},
		{"azure and base URL", nil, []Option{WithAzure("https://res.openai.azure.com"), WithBaseURL("https://x")}, "WithAzure and WithBaseURL"},
		{"nil option", nil, []Option{nil}, "nil Option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(envAPIKey, testKey)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := New(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, %v; want an error containing %q", c, err, tt.want)
			}
			if err != nil && (!strings.HasPrefix(err.Error(), "client: ") || strings.Contains(err.Error(), testKey)) {
				t.Errorf("New error = %q, want the client: prefix and no key", err)
			}
		})
	}
}

func TestNewReportsEveryInvalidOption(t *testing.T) {
	_, err := New(WithMaxRetries(-1), WithTimeout(-1), WithAPIKey("k"))
	for _, want := range []string{"WithMaxRetries", "WithTimeout"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New = %v, want an error mentioning %s", err, want)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(WithAPIKey("k"), WithBaseURL(testBase), WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.c
	got := []any{cfg.maxRetries, cfg.maxRetryDelay, cfg.maxBodySize, cfg.timeout, cfg.logger == nil, cfg.httpClient != nil, cfg.httpClient != http.DefaultClient}
	want := []any{2, 60 * time.Second, int64(256 << 20), time.Duration(0), true, true, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	if ua := userAgent(); !strings.HasPrefix(ua, "respkit/") || !strings.Contains(ua, " go/1.") {
		t.Errorf("User-Agent = %q, want respkit/<version> go/<version>", ua)
	}
}
