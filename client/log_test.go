package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"
)

// logLines decodes the JSON lines of buf, dropping the time.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		delete(m, "time")
		lines = append(lines, m)
	}
	return lines
}

func TestLogAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
		f := newFake(t,
			reply(503, `{"error":{"message":"overloaded"}}`, "X-Request-Id", "req_1", "Retry-After-Ms", "250"),
			fail(netErr{}),
			reply(200, `{}`, "X-Request-Id", "req_3"),
		)
		if _, err := newTestClient(t, f, WithLogger(logger)).Send(t.Context(), post); err != nil {
			t.Fatal(err)
		}
		want := []map[string]any{
			{"level": "WARN", "msg": "client: request failed, retrying", "method": "POST", "path": "responses", "attempt": 1.0, "status": 503.0,
				"duration": 0.0, "request_id": "req_1", "retry_in": 250e6, "error": "client: 503 Service Unavailable: overloaded (request_id=req_1, retry_after=250ms)"},
			{"level": "WARN", "msg": "client: request failed, retrying", "method": "POST", "path": "responses", "attempt": 2.0,
				"duration": 0.0, "retry_in": 1e9, "error": `Post "https://api.test/v1/responses": dial tcp: connection refused`},
			{"level": "INFO", "msg": "client: request", "method": "POST", "path": "responses", "attempt": 3.0, "status": 200.0,
				"duration": 0.0, "request_id": "req_3"},
		}
		if diff := cmp.Diff(want, logLines(t, &buf)); diff != "" {
			t.Errorf("log (-want +got):\n%s", diff)
		}
	})
}

func TestLogFinalFailure(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	f := newFake(t, reply(400, `{"error":{"message":"bad"}}`))
	newTestClient(t, f, WithLogger(logger)).Send(t.Context(), post)
	lines := logLines(t, &buf)
	if len(lines) != 1 || lines[0]["level"] != "WARN" || lines[0]["msg"] != "client: request failed" || lines[0]["retry_in"] != nil {
		t.Errorf("log = %v, want one WARN line without retry_in", lines)
	}
}

func TestLogLevelFiltered(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f := newFake(t, reply(200, `{}`))
	newTestClient(t, f, WithLogger(logger)).Send(t.Context(), post)
	if buf.Len() != 0 {
		t.Errorf("log at Warn level = %q, want nothing for a success", buf.String())
	}
}

func TestLogDebugHeadersRedacted(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := newFake(t, reply(200, `{}`), reply(200, `{}`))
	c := newTestClient(t, f, WithLogger(logger), WithHeader("X-Api-Token", "tok_secret"), WithHeader("X-Echo", "key is "+testKey))
	c.Send(t.Context(), post)
	az, err := New(WithAPIKey(testKey), WithAzure("https://res.openai.azure.com"), WithHTTPClient(&http.Client{Transport: f}), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	az.Send(t.Context(), &Request{Method: "GET", Path: "x", Header: http.Header{"Cookie": {"session=abc"}}})

	out := buf.String()
	for _, secret := range []string{testKey, "tok_secret", "session=abc"} {
		if strings.Contains(out, secret) {
			t.Errorf("debug log contains %q:\n%s", secret, out)
		}
	}
	lines := logLines(t, &buf)
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2", len(lines))
	}
	h, _ := lines[0]["request_headers"].(map[string]any)
	want := map[string]any{
		"Accept": "application/json", "Authorization": "[REDACTED]", "Content-Type": "application/json",
		"User-Agent": userAgent(), "X-Api-Token": "[REDACTED]", "X-Echo": "[REDACTED]", // a WithHeader value is a secret
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("request_headers (-want +got):\n%s", diff)
	}
	if h, _ := lines[1]["request_headers"].(map[string]any); h["Api-Key"] != "[REDACTED]" || h["Cookie"] != "[REDACTED]" {
		t.Errorf("azure request_headers = %v, want Api-Key and Cookie redacted", h)
	}
}

// TestKeyNeverPrinted prints a client, its configuration and errors every way
// fmt and slog can, and looks for the key.
func TestKeyNeverPrinted(t *testing.T) {
	type holder struct {
		c  Client // unexported fields are printed by reflection, without methods
		pc *Client
		PC *Client
	}
	for _, opts := range [][]Option{nil, {WithAzure("https://res.openai.azure.com")}, {WithHeader("X-Key", testKey)}} {
		c, err := New(append([]Option{WithAPIKey(testKey)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		var printed []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%p"} {
			// What a user can reach: a *Client and a Client value, alone or
			// inside other values. A config value or a bare secret only
			// exists inside the package, where nothing prints them (a
			// string-kinded secret cannot survive %p, which skips Format).
			printed = append(printed,
				fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c), fmt.Sprintf(verb, holder{*c, c, c}), fmt.Sprintf(verb, []any{c, *c}),
				fmt.Sprintf(verb, c.c), fmt.Sprintf(verb, c.c.cred))
			if verb != "%p" {
				printed = append(printed, fmt.Sprintf(verb, c.c.cred.key))
			}
		}
		var buf bytes.Buffer
		for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
			slog.New(h).Info("config", "client", c, "value", *c, "config", c.c, "key", c.c.cred.key)
		}
		printed = append(printed, buf.String())
		for _, p := range printed {
			if strings.Contains(p, testKey) || strings.Contains(p, "0123456789abcdef") {
				t.Errorf("printed the key: %s", p)
			}
		}
	}
}

func TestClientString(t *testing.T) {
	c := newTestClient(t, newFake(t), WithOrganization("org_1"), WithTimeout(1e9))
	want := "client.Client{base_url: https://api.test/v1, api_key: [REDACTED], organization: org_1, max_retries: 2, timeout: 1s}"
	for _, got := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if got != want {
			t.Errorf("printed client = %q, want %q", got, want)
		}
	}
	var nilClient *Client
	if got := nilClient.String(); got != "client.Client(nil)" {
		t.Errorf("(*Client)(nil).String() = %q", got)
	}
}

func TestKeyNotInErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		echo := reply(500, "proxy saw Authorization: Bearer "+testKey)
		f := newFake(t, fail(errors.New("dial: bad")), echo, echo, hang)
		c := newTestClient(t, f)
		_, err1 := c.Send(t.Context(), post)
		_, err2 := newTestClient(t, f, WithMaxRetries(0), WithTimeout(1e9)).Send(t.Context(), post)
		for _, err := range []error{err1, err2} {
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, testKey) {
				t.Errorf("error printed with the key: %s", s)
			}
		}
		if apiErr, _ := errors.AsType[*APIError](err1); apiErr == nil || bytes.Contains(apiErr.Body, []byte(testKey)) {
			t.Errorf("APIError = %#v, want one with the key scrubbed from Body", apiErr)
		}
	})
}
