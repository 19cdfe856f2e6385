package client

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonEscapes returns forms of s a JSON encoder may send: every character
// as \uXXXX (upper and lower case hex), every other one, and "/" as "\/".
func jsonEscapes(s string) []string {
	var all, every2, upper, slash strings.Builder
	for i, r := range s {
		fmt.Fprintf(&all, `\u%04x`, r)
		fmt.Fprintf(&upper, `\u%04X`, r)
		if i%2 == 0 {
			fmt.Fprintf(&every2, `\u%04x`, r)
		} else {
			every2.WriteRune(r)
		}
		if r == '/' {
			slash.WriteString(`\/`)
		} else {
			slash.WriteRune(r)
		}
	}
	return []string{all.String(), every2.String(), upper.String(), slash.String()}
}

// percentEscapes returns s fully and partly percent-encoded.
func percentEscapes(s string) []string {
	var all, some strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&all, "%%%02X", s[i])
		if i%3 == 1 {
			fmt.Fprintf(&some, "%%%02x", s[i])
		} else {
			some.WriteByte(s[i])
		}
	}
	return []string{all.String(), some.String()}
}

// secretForms are the ways a server may echo secret.
func secretForms(secret string) []string {
	forms := []string{secret}
	forms = append(forms, jsonEscapes(secret)...)
	forms = append(forms, percentEscapes(secret)...)
	return forms
}

func TestScrub(t *testing.T) {
	const key = "sk-pr0j/Tést+key=99"
	s := newScrubber([]string{key})
	for _, form := range secretForms(key) {
		for _, in := range []string{form, "key " + form + ".", `{"m":"` + form + `"}`} {
			if got := s.string(in); strings.Contains(got, form) || !strings.Contains(got, redacted) {
				t.Errorf("scrub(%q) = %q, want the key redacted", in, got)
			}
		}
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:"+key))
	if got := s.string("got " + basic + " here"); got != "got Basic "+redacted+" here" {
		t.Errorf("scrub(basic) = %q", got)
	}
	for _, in := range []string{"nothing here", "sk-pr0j/Tést+key=9", `\u0073k-`, "Basic dXNlcjpwYXNz"} {
		if got := s.string(in); got != in {
			t.Errorf("scrub(%q) = %q, want it unchanged", in, got)
		}
	}
	// A body cut in the middle of the key loses what it holds of it.
	for _, form := range secretForms(key) {
		for n := 1; n < len(form); n++ {
			in := "x: " + form[:n]
			if got := string(s.bytes([]byte(in), true)); got != "x: "+redacted {
				t.Errorf("scrub(%q, cut) = %q, want the prefix redacted", in, got)
			}
		}
	}
}

// TestAPIErrorScrubsEchoedSecrets checks every configured secret, echoed by
// the server in any form, in every field of the error and every way of
// printing it.
func TestAPIErrorScrubsEchoedSecrets(t *testing.T) {
	const hdrSecret, reqSecret = "hdr-Secret-0042", "mcp-Token/0043"
	secrets := []string{testKey, hdrSecret, reqSecret}
	var forms []string
	for _, s := range secrets {
		forms = append(forms, secretForms(s)...)
	}
	basic := base64.StdEncoding.EncodeToString([]byte("u:" + testKey))
	forms = append(forms, "Basic "+basic)
	for _, form := range forms {
		body := `{"error":{"message":"Incorrect API key provided: ` + form + `","type":"invalid_request_error","code":"invalid_api_key"}}`
		f := newFake(t, reply(401, body, "X-Echo", "key="+form, "X-Request-Id", "req_"+form))
		var logs bytes.Buffer
		c := newTestClient(t, f, WithHeader("X-Custom-Auth", hdrSecret),
			WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		req := &Request{Method: "POST", Path: "responses", Body: []byte(`{}`), Secrets: []string{reqSecret}}
		_, err := c.Send(t.Context(), req)
		apiErr, ok := errors.AsType[*APIError](err)
		if !ok {
			t.Fatalf("Send = %v, want *APIError", err)
		}
		printed := []string{err.Error(), apiErr.Message, apiErr.RequestID, string(apiErr.Body),
			fmt.Sprintf("%v", err), fmt.Sprintf("%+v", apiErr), fmt.Sprintf("%#v", apiErr), fmt.Sprint(apiErr.Header), logs.String()}
		for _, p := range printed {
			for _, s := range secrets {
				if strings.Contains(p, form) || strings.Contains(p, s) || strings.Contains(p, basic) {
					t.Errorf("echo %q: printed %q", form, p)
				}
			}
		}
		if !strings.HasPrefix(apiErr.Message, "Incorrect API key provided: ") || !strings.Contains(apiErr.Message, redacted) {
			t.Errorf("echo %q: Message = %q, want the rest kept", form, apiErr.Message)
		}
	}
}

// TestAPIErrorBodyCutScrubbed checks that a key straddling the cut of a long
// error body leaves nothing of itself in Body.
func TestAPIErrorBodyCutScrubbed(t *testing.T) {
	for _, form := range secretForms(testKey) {
		for _, before := range []int{1, 5, len(form) / 2, len(form) - 1} {
			body := strings.Repeat("a", maxErrorBody-before) + form + strings.Repeat("z", 100)
			f := newFake(t, reply(400, body))
			_, err := newTestClient(t, f).Send(t.Context(), post)
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("Send = %v, want *APIError", err)
			}
			if len(apiErr.Body) > maxErrorBody {
				t.Errorf("len(Body) = %d, want at most %d", len(apiErr.Body), maxErrorBody)
			}
			// What follows the a's is [REDACTED], maybe cut, then z's.
			tail := strings.TrimLeft(string(apiErr.Body), "a")
			ok = strings.HasPrefix(redacted, tail) ||
				strings.HasPrefix(tail, redacted) && strings.Trim(tail[len(redacted):], "z") == ""
			if !ok {
				t.Errorf("%q cut after %d bytes: Body ends in %q", form, before, tail)
			}
			if !utf8.Valid(apiErr.Body) {
				t.Errorf("Body is not valid UTF-8")
			}
		}
	}
}

// TestLogScrubsRequestSecrets checks that a request's own secrets are kept
// out of the log lines of its attempts.
func TestLogScrubsRequestSecrets(t *testing.T) {
	const reqSecret = "mcp-Token/0043"
	var logs bytes.Buffer
	f := newFake(t, fail(errors.New("dial tcp: lookup "+reqSecret)))
	c := newTestClient(t, f, WithMaxRetries(0), WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	req := &Request{Method: "GET", Path: "x", Secrets: []string{reqSecret},
		Header: http.Header{"X-Mcp": {reqSecret}}}
	_, err := c.Send(t.Context(), req)
	if err == nil {
		t.Fatal("Send succeeded")
	}
	if strings.Contains(logs.String(), reqSecret) {
		t.Errorf("log shows the request's secret:\n%s", logs.String())
	}
}

// FuzzScrub checks that scrubbing never panics and leaves no raw secret,
// whatever the input and however it is cut.
func FuzzScrub(f *testing.F) {
	f.Add("key is sk-abc/déf", "sk-abc/déf", false)
	f.Add(`{"m":"\u0073k-abc\/d\u00e9f"}`, "sk-abc/déf", true)
	f.Add("a%73k-abc%2Fd%C3%A9", "sk-abc/déf", true)
	f.Add("Basic dTpzay1hYmMvZMOpZg==", "sk-abc/déf", false)
	f.Add(`\ud83d\ude00xyzxyz`, "😀xyzxyz", true)
	f.Fuzz(func(t *testing.T, in, secret string, cut bool) {
		if len(secret) < minSecret || strings.ContainsAny(secret, "[]") {
			return
		}
		got := string(newScrubber([]string{secret}).bytes([]byte(in), cut))
		if strings.Contains(got, secret) {
			t.Fatalf("scrub(%q) = %q, holds %q", in, got, secret)
		}
	})
}

func TestClientScrub(t *testing.T) {
	c := newTestClient(t, nil, WithHeader("X-Custom-Auth", "hdr-Secret-42"))
	in := "key " + jsonEscapes(testKey)[0] + ", header hdr-Secret-42, token tok%2FSecret-1, short abc"
	got := c.Scrub(in, "tok/Secret-1", "abc")
	for _, s := range []string{testKey, jsonEscapes(testKey)[0], "hdr-Secret-42", "tok%2FSecret-1"} {
		if strings.Contains(got, s) {
			t.Errorf("Scrub(%q) = %q, still holds %q", in, got, s)
		}
	}
	if !strings.Contains(got, "short abc") {
		t.Errorf("Scrub(%q) = %q: a value under 6 bytes is not a secret", in, got)
	}
}

// TestTransportErrorScrubbed checks that an error that is not an APIError
// does not print a secret the server chose to echo: a redirect to a URL
// that holds the key, which then fails or is refused, or a failure that
// names it.
func TestTransportErrorScrubbed(t *testing.T) {
	const hdrSecret, reqSecret = "hdr-Secret-0042", "mcp-Token/0043"
	dialErr := errors.New("dial tcp: connection refused")
	refuse := errors.New("redirect refused")
	for _, secret := range []string{testKey, hdrSecret, reqSecret} {
		for _, form := range append(percentEscapes(secret), secret) {
			location := "https://evil.test/x?k=" + form
			cases := []struct {
				name  string
				steps []step
				check func(*http.Request, []*http.Request) error
				want  error
			}{
				{"redirect then dial error", []step{reply(307, "", "Location", location), fail(dialErr)}, nil, dialErr},
				{"redirect refused", []step{reply(307, "", "Location", location)},
					func(*http.Request, []*http.Request) error { return refuse }, refuse},
				{"error naming it", []step{fail(fmt.Errorf("lookup %s: %w", form, dialErr))}, nil, dialErr},
			}
			for _, tc := range cases {
				f := newFake(t, tc.steps...)
				hc := &http.Client{Transport: f, CheckRedirect: tc.check}
				c := newTestClient(t, f, WithMaxRetries(0), WithHTTPClient(hc), WithHeader("X-Custom-Auth", hdrSecret))
				req := &Request{Method: "POST", Path: "responses", Body: []byte(`{}`), Secrets: []string{reqSecret}}
				_, err := c.Send(t.Context(), req)
				if !errors.Is(err, tc.want) {
					t.Fatalf("%s, %q: Send = %v, want %v", tc.name, form, err, tc.want)
				}
				printed := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
				if ue, ok := errors.AsType[*url.Error](err); ok {
					printed = append(printed, ue.URL, fmt.Sprintf("%#v", ue))
				}
				for _, p := range printed {
					if strings.Contains(p, form) || strings.Contains(p, secret) {
						t.Errorf("%s, %q: printed %q", tc.name, form, p)
					}
				}
				if !strings.Contains(err.Error(), redacted) {
					t.Errorf("%s, %q: error %q, want the secret replaced", tc.name, form, err)
				}
			}
		}
	}
}
