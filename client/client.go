package client

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults used by [New] when no option says otherwise.
const (
	// DefaultBaseURL is the base URL when neither WithBaseURL nor
	// OPENAI_BASE_URL gives one.
	DefaultBaseURL = "https://api.openai.com/v1"
	// DefaultMaxRetries is the number of retries after a first failed
	// attempt; see WithMaxRetries.
	DefaultMaxRetries = 2
	// DefaultMaxRetryDelay is the longest wait between attempts; see
	// WithMaxRetryDelay.
	DefaultMaxRetryDelay = 60 * time.Second
	// DefaultMaxBodySize is the largest response body Send reads, 256 MiB;
	// see WithMaxBodySize.
	DefaultMaxBodySize = 256 << 20
	// DefaultMaxEventSize is the largest event of a streamed body, 32 MiB,
	// as in the official Go SDK; see WithMaxEventSize.
	DefaultMaxEventSize = 32 << 20
)

// maxErrorBody bounds how much of a non-2xx response body is kept on an [APIError].
const maxErrorBody = 64 << 10

// modulePath is used to find the module's version for the User-Agent header.
const modulePath = "github.com/respkit/respkit"

// Client sends requests to the OpenAI API, or to any server that speaks its HTTP
// conventions, with authentication, retries, per-attempt timeouts, middleware and
// optional logging. It knows no API types: callers give it a path and a JSON body.
//
// A Client is safe for concurrent use by multiple goroutines and should be reused:
// it holds no per-request state, and connections are pooled by its [http.Client].
// Printing a Client (with any fmt verb or through log/slog) never shows its API key.
type Client struct {
	// All state sits behind a pointer, so that printing a Client value by
	// reflection (fmt's %v of a non-pointer Client) shows only an address.
	c *config
}

// New returns a Client configured by opts and, for what the options leave unset,
// by the environment:
//
//   - OPENAI_API_KEY: the API key, sent as "Authorization: Bearer <key>"
//     (AZURE_OPENAI_API_KEY, sent as "api-key", when [WithAzure] is used);
//   - OPENAI_BASE_URL: the base URL (default [DefaultBaseURL]);
//   - OPENAI_ORG_ID: the "OpenAI-Organization" header;
//   - OPENAI_PROJECT_ID: the "OpenAI-Project" header.
//
// Options always win over the environment; empty variables count as unset.
// New reports every invalid option, joined, and returns an error wrapping
// [ErrNoAPIKey] when no key is configured and [WithoutAPIKey] was not given.
func New(opts ...Option) (*Client, error) {
	cfg := &config{
		maxRetries:    DefaultMaxRetries,
		maxRetryDelay: DefaultMaxRetryDelay,
		maxBodySize:   DefaultMaxBodySize,
		maxEventSize:  DefaultMaxEventSize,
		cred:          &credentials{header: make(http.Header)},
		jitter:        defaultJitter,
	}
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			errs = append(errs, errors.New("client: nil Option"))
			continue
		}
		if err := opt(cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := cfg.resolve(); err != nil {
		return nil, err
	}
	return &Client{c: cfg}, nil
}

// resolve fills what the options left unset from the environment and builds the
// per-client values every request reuses.
func (cfg *config) resolve() error {
	if err := cfg.resolveEnv(); err != nil {
		return err
	}
	cfg.derive()
	return nil
}

// derive builds the values every request of cfg reuses from its settings.
func (cfg *config) derive() {
	if cfg.httpClient == nil {
		cfg.httpClient = &http.Client{}
	}
	cfg.base = strings.TrimSuffix(cfg.baseURL, "/") + "/"
	if cfg.apiVersion != "" {
		cfg.query = "api-version=" + url.QueryEscape(cfg.apiVersion)
	}

	h := make(http.Header, 8)
	h.Set("Accept", "application/json")
	h.Set("User-Agent", userAgent())
	switch {
	case cfg.withoutKey:
	case cfg.azure != "":
		h.Set("Api-Key", string(cfg.cred.key))
	default:
		h.Set("Authorization", "Bearer "+string(cfg.cred.key))
	}
	if cfg.org != "" {
		h.Set("OpenAI-Organization", cfg.org)
	}
	if cfg.project != "" {
		h.Set("OpenAI-Project", cfg.project)
	}
	maps.Copy(h, cfg.cred.header)
	secrets := []string{string(cfg.cred.key)}
	for _, vv := range cfg.cred.header {
		secrets = append(secrets, vv...)
	}
	cfg.scrub = newScrubber(secrets)
	cfg.cred.plain = h
	cfg.cred.json = h.Clone()
	if _, ok := cfg.cred.header["Content-Type"]; !ok {
		cfg.cred.json.Set("Content-Type", "application/json")
	}

	cfg.redirecting = redirectClient(cfg.httpClient)
	cfg.send = chain(cfg.redirecting.Do, cfg.middleware)
}

// MaxRetries returns how many times a failed attempt is retried (see
// [WithMaxRetries]).
func (c *Client) MaxRetries() int { return c.c.maxRetries }

// MaxEventSize returns the largest event of a streamed body that a reader
// of the client's streams should accept (see [WithMaxEventSize]).
func (c *Client) MaxEventSize() int { return c.c.maxEventSize }

// BaseURL returns the base URL requests are resolved against, without a trailing slash.
func (c *Client) BaseURL() string {
	return strings.TrimSuffix(c.c.base, "/")
}

// String describes the client without its API key.
func (c *Client) String() string {
	if c == nil || c.c == nil {
		return "client.Client(nil)"
	}
	cfg := c.c
	var b strings.Builder
	b.WriteString("client.Client{base_url: ")
	b.WriteString(c.BaseURL())
	b.WriteString(", api_key: ")
	b.WriteString(cfg.cred.key.String())
	if cfg.org != "" {
		b.WriteString(", organization: ")
		b.WriteString(cfg.org)
	}
	if cfg.project != "" {
		b.WriteString(", project: ")
		b.WriteString(cfg.project)
	}
	b.WriteString(", max_retries: ")
	b.WriteString(strconv.Itoa(cfg.maxRetries))
	if cfg.timeout > 0 {
		b.WriteString(", timeout: ")
		b.WriteString(cfg.timeout.String())
	}
	b.WriteString("}")
	return b.String()
}

// GoString is [Client.String]; it makes %#v safe.
func (c *Client) GoString() string { return c.String() }

// Format implements [fmt.Formatter] so that every verb (%v, %+v, %#v, %s, %q…)
// prints [Client.String] and never reaches the key by reflection.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		io.WriteString(f, strconv.Quote(c.String()))
		return
	}
	io.WriteString(f, c.String())
}

// LogValue implements [slog.LogValuer]: the client logs as a group without its key.
func (c *Client) LogValue() slog.Value {
	if c == nil || c.c == nil {
		return slog.StringValue("client.Client(nil)")
	}
	return c.c.LogValue()
}

// userAgent is "respkit/<version> go/<go version>", where the version is the
// module's version as recorded in the binary's build information.
var userAgent = sync.OnceValue(func() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath && d.Version != "" {
				v = d.Version
			}
		}
	}
	return "respkit/" + strings.TrimPrefix(v, "v") + " go/" + strings.TrimPrefix(runtime.Version(), "go")
})
