package client

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/respkit/respkit/internal/jsonobj"
)

// An Option configures a [Client] in [New], or one call when given to
// [Client.Send] or [Client.Open] (and to the calls of the packages built on
// them), on top of the client's configuration: an idempotency key or a
// tenant header for one request, its own timeouts or retry budget, extra
// query parameters or body members. An invalid option makes New, or the
// call, fail with an error that names it; options are applied in order and a
// later one overrides an earlier one of the same kind.
type Option func(*config) error

// config is everything New learns from options and the environment, plus the
// values derived from it once so that requests do not rebuild them.
type config struct {
	// cred holds everything that may contain a secret. It sits behind a
	// pointer of its own so that even fmt's reflection-based printing of a
	// config (which happens for a Client value printed with %s, through fmt's
	// bad-verb path) shows only its address.
	cred          *credentials
	apiKeySet     bool
	withoutKey    bool
	baseURL       string
	baseURLSet    bool
	org           string
	orgSet        bool
	project       string
	projectSet    bool
	httpClient    *http.Client
	maxRetries    int
	timeout       time.Duration
	maxRetryDelay time.Duration
	maxBodySize   int64
	maxEventSize  int
	middleware    []Middleware
	logger        *slog.Logger
	observer      *Observer
	azure         string // the Azure endpoint, when WithAzure is used
	apiVersion    string
	jitter        float64 // backoff randomization factor; tests set it to 0
	callTimeout   time.Duration
	extraQuery    url.Values       // from WithQuery
	bodyFields    []jsonobj.Member // from WithBodyField

	// Derived by resolve.
	base  string    // base URL with one trailing slash
	scrub *scrubber // the client's secrets: key and WithHeader values
	query string    // encoded api-version query, or ""
	send  func(*http.Request) (*http.Response, error)
	// redirecting is httpClient, removing credentials on redirects to
	// another origin.
	redirecting *http.Client
}

// credentials are the parts of a config that may hold secrets.
type credentials struct {
	key    secret
	header http.Header // from WithHeader
	plain  http.Header // headers of a request without a body (derived)
	json   http.Header // plain plus Content-Type: application/json (derived)
}

// String keeps every way of printing credentials from showing them.
func (*credentials) String() string { return redacted }

// GoString keeps %#v from printing credentials.
func (*credentials) GoString() string { return redacted }

// Format keeps every fmt verb from printing credentials.
func (*credentials) Format(f fmt.State, verb rune) { fmt.Fprint(f, redacted) }

// LogValue implements [slog.LogValuer]: the configuration logs without its key.
func (cfg *config) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("base_url", strings.TrimSuffix(cfg.base, "/")),
		slog.Any("api_key", cfg.cred.key),
		slog.Int("max_retries", cfg.maxRetries),
	}
	if cfg.org != "" {
		attrs = append(attrs, slog.String("organization", cfg.org))
	}
	if cfg.project != "" {
		attrs = append(attrs, slog.String("project", cfg.project))
	}
	if cfg.timeout > 0 {
		attrs = append(attrs, slog.Duration("timeout", cfg.timeout))
	}
	return slog.GroupValue(attrs...)
}

// String describes the configuration without its key.
func (cfg *config) String() string { return (&Client{c: cfg}).String() }

// GoString is String; it makes %#v of a config safe.
func (cfg *config) GoString() string { return cfg.String() }

// Format keeps every fmt verb from printing the key by reflection.
func (cfg *config) Format(f fmt.State, verb rune) { fmt.Fprint(f, cfg.String()) }

// secret is an API key. Every way of printing it shows [REDACTED].
type secret string

const redacted = "[REDACTED]"

func (s secret) String() string { return redacted }

// GoString keeps %#v from printing the key.
func (s secret) GoString() string { return redacted }

// Format keeps every fmt verb from printing the key.
func (s secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, redacted) }

// LogValue keeps log/slog from printing the key.
func (s secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// WithAPIKey sets the API key, instead of OPENAI_API_KEY (or AZURE_OPENAI_API_KEY
// with [WithAzure]). The key must not be empty: use [WithoutAPIKey] for servers
// that need none.
func WithAPIKey(key string) Option {
	return func(cfg *config) error {
		if key == "" {
			return errors.New("client: WithAPIKey: empty key (use WithoutAPIKey for a server that needs none)")
		}
		if err := checkHeaderValue(key); err != nil {
			return fmt.Errorf("client: WithAPIKey: key %w", err)
		}
		cfg.cred.key, cfg.apiKeySet, cfg.withoutKey = secret(key), true, false
		return nil
	}
}

// WithoutAPIKey sends no key at all, for local or proxy servers that need none.
// The environment's key is then ignored, and [New] does not report [ErrNoAPIKey].
func WithoutAPIKey() Option {
	return func(cfg *config) error {
		cfg.cred.key, cfg.apiKeySet, cfg.withoutKey = "", false, true
		return nil
	}
}

// WithBaseURL sets the URL that request paths are resolved against, instead of
// OPENAI_BASE_URL or [DefaultBaseURL]. It must be an absolute http or https URL
// without a query or fragment; a trailing slash is optional. It cannot be
// combined with [WithAzure], which sets the base URL itself.
func WithBaseURL(rawURL string) Option {
	return func(cfg *config) error {
		u, err := parseBaseURL(rawURL)
		if err != nil {
			return fmt.Errorf("client: WithBaseURL: %w", err)
		}
		cfg.baseURL, cfg.baseURLSet = u, true
		return nil
	}
}

// WithOrganization sets the "OpenAI-Organization" header, instead of OPENAI_ORG_ID.
// An empty id sends no header and ignores the environment.
func WithOrganization(id string) Option {
	return func(cfg *config) error {
		if err := checkHeaderValue(id); err != nil {
			return fmt.Errorf("client: WithOrganization: %w", err)
		}
		cfg.org, cfg.orgSet = id, true
		return nil
	}
}

// WithProject sets the "OpenAI-Project" header, instead of OPENAI_PROJECT_ID.
// An empty id sends no header and ignores the environment.
func WithProject(id string) Option {
	return func(cfg *config) error {
		if err := checkHeaderValue(id); err != nil {
			return fmt.Errorf("client: WithProject: %w", err)
		}
		cfg.project, cfg.projectSet = id, true
		return nil
	}
}

// WithHTTPClient sets the [http.Client] that sends every attempt. The default is
// a new http.Client on [http.DefaultTransport]. Its Timeout, if any, bounds a whole
// attempt including the reading of a stream: prefer [WithTimeout] and contexts.
//
// On a redirect to another origin (scheme, host or port), the client sends
// none of the headers of the request but Accept, Accept-Encoding,
// Accept-Language, Content-Type, Content-Length, User-Agent and Referer:
// not the key (Authorization or api-key), OpenAI-Organization,
// OpenAI-Project, nor any header set by [WithHeader], [Request.Header] or a
// [Middleware]. For that it sends with a copy of hc whose CheckRedirect
// removes them before calling hc's own CheckRedirect (or applying
// net/http's default of at most 10 redirects), which may add headers back;
// hc itself is not modified, and later changes to it are not seen.
func WithHTTPClient(hc *http.Client) Option {
	return func(cfg *config) error {
		if hc == nil {
			return errors.New("client: WithHTTPClient: nil *http.Client")
		}
		cfg.httpClient = hc
		return nil
	}
}

// WithHeader sets a header on every request, replacing any value set by the
// client itself (User-Agent, Accept, Authorization…) or by an earlier WithHeader.
// A header in [Request.Header] replaces it in turn.
//
// The value is treated as a secret, as the API key is: it is scrubbed from
// errors ([APIError]) and log lines in every form a server may echo it, and
// it is not sent to another origin on a redirect (see [WithHTTPClient]).
// Values shorter than 6 bytes are too short to scrub.
func WithHeader(key, value string) Option {
	return func(cfg *config) error {
		if !validHeaderKey(key) {
			return fmt.Errorf("client: WithHeader: invalid header name %q", key)
		}
		if err := checkHeaderValue(value); err != nil {
			return fmt.Errorf("client: WithHeader %s: %w", key, err)
		}
		cfg.cred.header.Set(key, value)
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (default
// [DefaultMaxRetries], so 3 attempts). 0 disables retries; a negative n is an error.
func WithMaxRetries(n int) Option {
	return func(cfg *config) error {
		if n < 0 {
			return fmt.Errorf("client: WithMaxRetries: negative count %d", n)
		}
		cfg.maxRetries = n
		return nil
	}
}

// WithTimeout bounds each attempt (default 0: no bound but the caller's context).
// For [Client.Send] it covers the whole exchange including reading the body; for
// [Client.Open] only the wait for the response headers. An attempt that runs out
// of time is retried like a connection error; the caller's context still bounds
// the call as a whole.
func WithTimeout(d time.Duration) Option {
	return func(cfg *config) error {
		if d < 0 {
			return fmt.Errorf("client: WithTimeout: negative duration %v", d)
		}
		cfg.timeout = d
		return nil
	}
}

// WithMaxRetryDelay sets the longest wait between attempts (default
// [DefaultMaxRetryDelay]). A server that asks for a longer wait (Retry-After,
// retry-after-ms) is not retried: its error is returned at once with the requested
// delay in [APIError.RetryAfter]. Exponential backoff waits are clamped to it.
func WithMaxRetryDelay(d time.Duration) Option {
	return func(cfg *config) error {
		if d <= 0 {
			return fmt.Errorf("client: WithMaxRetryDelay: non-positive duration %v", d)
		}
		cfg.maxRetryDelay = d
		return nil
	}
}

// WithMaxBodySize bounds the size of a response body read by [Client.Send]
// (default [DefaultMaxBodySize], 256 MiB). A larger body fails with [ErrBodyTooLarge].
func WithMaxBodySize(n int64) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return fmt.Errorf("client: WithMaxBodySize: non-positive size %d", n)
		}
		cfg.maxBodySize = n
		return nil
	}
}

// WithMaxEventSize bounds the size of one event of a streamed body, in
// bytes: its data, and each of its lines (default [DefaultMaxEventSize],
// 32 MiB). The client itself does not read streams; the readers of its
// streams, such as the responses package's, end a stream with a larger
// event with an error, having held about n bytes for it.
func WithMaxEventSize(n int) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return fmt.Errorf("client: WithMaxEventSize: non-positive size %d", n)
		}
		cfg.maxEventSize = n
		return nil
	}
}

// WithMiddleware appends middleware; see [Middleware] for the order they run in.
func WithMiddleware(mw ...Middleware) Option {
	return func(cfg *config) error {
		for i, m := range mw {
			if m == nil {
				return fmt.Errorf("client: WithMiddleware: middleware %d is nil", i)
			}
		}
		cfg.middleware = append(cfg.middleware, mw...)
		return nil
	}
}

// WithLogger logs one line per attempt to l: successful attempts at Info, failed
// ones at Warn (with the wait before the next attempt, if any), and the request
// headers, redacted, at Debug. A nil l turns logging off, which is the default.
// Logging never shows the API key.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *config) error {
		cfg.logger = l
		return nil
	}
}

// parseBaseURL checks that s is an absolute http(s) URL without query or
// fragment and returns it without a trailing slash.
func parseBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("invalid URL %q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid URL %q: scheme must be http or https", s)
	}
	if u.Host == "" {
		return "", fmt.Errorf("invalid URL %q: no host", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("invalid URL %q: query or fragment not allowed", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("invalid URL: credentials in a URL are not allowed")
	}
	return strings.TrimRight(s, "/"), nil
}

// validHeaderKey reports whether k is a valid HTTP header field name (an RFC 9110 token).
func validHeaderKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// checkHeaderValue rejects values that would break or smuggle headers.
func checkHeaderValue(v string) error {
	if strings.ContainsAny(v, "\r\n\x00") {
		return errors.New("contains a line break or NUL")
	}
	return nil
}
