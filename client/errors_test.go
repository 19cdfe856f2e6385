package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrorBody(t *testing.T) {
	type fields struct{ Type, Code, Param, Message string }
	tests := []struct {
		name string
		body string
		want fields
	}{
		{"envelope", `{"error":{"message":"The model does not exist.","type":"invalid_request_error","param":"model","code":"model_not_found"}}`,
			fields{"invalid_request_error", "model_not_found", "model", "The model does not exist."}},
		{"envelope with nulls", `{"error":{"message":"Web search options not supported.","type":"invalid_request_error","param":null,"code":null}}`,
			fields{"invalid_request_error", "", "", "Web search options not supported."}},
		{"numeric code", `{"error":{"code":429,"message":"Requests exceeded"}}`, fields{"", "429", "", "Requests exceeded"}},
		{"azure string code", `{"error":{"code":"429","message":"Rate limit","innererror":{"code":"x"}}}`, fields{"", "429", "", "Rate limit"}},
		{"error string", `{"error":"invalid api key"}`, fields{"", "", "", "invalid api key"}},
		{"bare message", `{"message":"model not loaded","type":"BadRequestError","code":400,"object":"error"}`, fields{"BadRequestError", "400", "", "model not loaded"}},
		{"detail", `{"detail":"Not Found"}`, fields{"", "", "", "Not Found"}},
		{"object message", `{"error":{"message":{"text":"nested"}}}`, fields{"", "", "", `{"text":"nested"}`}},
		{"unknown JSON", `{"status":"down"}`, fields{"", "", "", `{"status":"down"}`}},
		{"JSON array", `[1,2]`, fields{"", "", "", `[1,2]`}},
		{"empty", ``, fields{}},
		{"whitespace", "  \n ", fields{}},
		{"html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center></body></html>",
			fields{"", "", "", "502 Bad Gateway"}},
		{"html upper case", "<HTML><HEAD><TITLE>\n  Service Unavailable \n</TITLE></HEAD></HTML>", fields{"", "", "", "Service Unavailable"}},
		{"html without title", "<html><body><h1>upstream\tconnect error</h1></body></html>", fields{"", "", "", "<html><body><h1>upstream connect error</h1></body></html>"}},
		{"plain text", "upstream request timeout", fields{"", "", "", "upstream request timeout"}},
		{"long text", strings.Repeat("é", 300), fields{"", "", "", strings.Repeat("é", 100) + "…"}},
		{"invalid UTF-8 and controls", "bad \xff\x00\x1b[31m text", fields{"", "", "", "bad \uFFFD [31m text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got fields
			got.Type, got.Code, got.Param, got.Message = parseErrorBody([]byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseErrorBody(%.40q) (-want +got):\n%s", tt.body, diff)
			}
		})
	}
}

func TestAPIErrorString(t *testing.T) {
	tests := []struct {
		err  APIError
		want string
	}{
		{APIError{StatusCode: 429, Type: "insufficient_quota", Code: "insufficient_quota", Message: "You exceeded your current quota.", RequestID: "req_123"},
			"client: 429 Too Many Requests: You exceeded your current quota. (type=insufficient_quota, code=insufficient_quota, request_id=req_123)"},
		{APIError{StatusCode: 400, Type: "invalid_request_error", Code: "decimal_below_min_value", Param: "temperature", Message: "Invalid 'temperature'."},
			"client: 400 Bad Request: Invalid 'temperature'. (type=invalid_request_error, code=decimal_below_min_value, param=temperature)"},
		{APIError{StatusCode: 502}, "client: 502 Bad Gateway"},
		{APIError{StatusCode: 503, Message: "busy", RetryAfter: 90 * time.Second}, "client: 503 Service Unavailable: busy (retry_after=1m30s)"},
		{APIError{StatusCode: 599, Message: "odd"}, "client: 599: odd"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestAPIErrorIs(t *testing.T) {
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrPermissionDenied, ErrNotFound, ErrTimeout,
		ErrConflict, ErrRateLimited, ErrQuotaExceeded, ErrServer}
	tests := []struct {
		status int
		code   string
		want   []error
	}{
		{400, "", []error{ErrBadRequest}},
		{401, "invalid_api_key", []error{ErrUnauthorized}},
		{403, "", []error{ErrPermissionDenied}},
		{404, "model_not_found", []error{ErrNotFound}},
		{408, "", []error{ErrTimeout}},
		{409, "", []error{ErrConflict}},
		{413, "", nil},
		{422, "", []error{ErrBadRequest}},
		{429, "rate_limit_exceeded", []error{ErrRateLimited}},
		{429, "insufficient_quota", []error{ErrRateLimited, ErrQuotaExceeded}},
		{500, "", []error{ErrServer}},
		{503, "", []error{ErrServer}},
		{599, "", []error{ErrServer}},
		{600, "", nil},
	}
	for _, tt := range tests {
		e := &APIError{StatusCode: tt.status, Code: tt.code}
		wrapped := fmt.Errorf("calling the API: %w", e)
		for _, s := range sentinels {
			want := false
			for _, w := range tt.want {
				want = want || w == s
			}
			if got := errors.Is(wrapped, s); got != want {
				t.Errorf("errors.Is(%d %s, %v) = %v, want %v", tt.status, tt.code, s, got, want)
			}
		}
	}
	if errors.Is(&APIError{StatusCode: 429}, errors.New("client: rate limited")) {
		t.Error("APIError.Is matched an error by its text")
	}
}

func TestAPIErrorFromResponse(t *testing.T) {
	f := newFake(t, reply(401, `{"error":{"message":"Incorrect API key provided: `+testKey+`.","type":"invalid_request_error","code":"invalid_api_key","param":null}}`,
		"X-Request-Id", "req_401", "X-Ratelimit-Remaining-Requests", "99"))
	_, err := newTestClient(t, f).Send(t.Context(), post)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("Send = %v, want *APIError", err)
	}
	want := &APIError{
		StatusCode: 401,
		Type:       "invalid_request_error",
		Code:       "invalid_api_key",
		Message:    "Incorrect API key provided: [REDACTED].",
		RequestID:  "req_401",
		RateLimit:  RateLimit{RemainingRequests: 99},
		Body:       []byte(`{"error":{"message":"Incorrect API key provided: [REDACTED].","type":"invalid_request_error","code":"invalid_api_key","param":null}}`),
	}
	want.Header = apiErr.Header
	if diff := cmp.Diff(want, apiErr); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error %q contains the key", err)
	}
}

func TestAPIErrorBodyBounded(t *testing.T) {
	body := `{"error":{"message":"` + strings.Repeat("a", 2*maxErrorBody) + `"}}`
	f := newFake(t, reply(400, body))
	_, err := newTestClient(t, f).Send(t.Context(), post)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("Send = %v, want *APIError", err)
	}
	if len(apiErr.Body) != maxErrorBody {
		t.Errorf("len(Body) = %d, want %d", len(apiErr.Body), maxErrorBody)
	}
	if n := len(apiErr.Message); n == 0 || n > excerptLen+len("…") {
		t.Errorf("len(Message) = %d, want a short excerpt of the cut body", n)
	}
}

// conformanceDir is the shared recorded traffic, relative to this package.
const conformanceDir = "../../shared/conformance"

func conformance(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(conformanceDir); err != nil {
		t.Skipf("conformance data not found at %s (it sits beside the repository in CI): %v", conformanceDir, err)
	}
	return conformanceDir
}

// TestConformanceErrors sends every recorded error body through the client and
// checks that it becomes an *APIError with the recorded fields.
func TestConformanceErrors(t *testing.T) {
	dir := conformance(t)
	var index map[string]struct {
		HTTPStatus *int `json:"http_status"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "errors", "*.json"))
	if len(files) == 0 {
		t.Fatalf("no error bodies in %s/errors", dir)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The fields, read independently of the client's parser.
			var env struct {
				Error map[string]any `json:"error"`
			}
			if err := json.Unmarshal(body, &env); err != nil || env.Error == nil {
				t.Fatalf("%s is not an error envelope: %v", name, err)
			}
			str := func(k string) string {
				s, _ := env.Error[k].(string)
				return s
			}
			// The status: index.json's http_status, else what the conformance
			// README says (insufficient_quota is a 429, the rest 400).
			status := 400
			if e := index["errors/"+name]; e.HTTPStatus != nil {
				status = *e.HTTPStatus
			} else if str("code") == "insufficient_quota" {
				status = 429
			}
			f := newFake(t, reply(status, string(body), "X-Request-Id", "req_conformance"))
			_, err = newTestClient(t, f, WithMaxRetries(0)).Send(t.Context(), post)
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("Send = %v, want *APIError", err)
			}
			got := [6]any{apiErr.StatusCode, apiErr.Type, apiErr.Code, apiErr.Param, apiErr.Message, apiErr.RequestID}
			want := [6]any{status, str("type"), str("code"), str("param"), str("message"), "req_conformance"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("APIError fields (-want +got):\n%s", diff)
			}
			if string(apiErr.Body) != string(body) {
				t.Errorf("Body differs from the recorded body")
			}
			if !utf8.ValidString(apiErr.Error()) || !strings.HasPrefix(apiErr.Error(), "client: ") {
				t.Errorf("Error() = %q", apiErr.Error())
			}
			checkCategory(t, apiErr)
		})
	}
}

// checkCategory checks that e matches the sentinel of its status.
func checkCategory(t *testing.T, e *APIError) {
	t.Helper()
	byStatus := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 403: ErrPermissionDenied,
		404: ErrNotFound, 409: ErrConflict, 422: ErrBadRequest, 429: ErrRateLimited}
	if s, ok := byStatus[e.StatusCode]; ok && !errors.Is(e, s) {
		t.Errorf("errors.Is(%d, %v) = false", e.StatusCode, s)
	}
	if e.Code == "insufficient_quota" && !errors.Is(e, ErrQuotaExceeded) {
		t.Errorf("errors.Is(insufficient_quota, ErrQuotaExceeded) = false")
	}
}

func TestAPIErrorHeaderIsResponseHeader(t *testing.T) {
	f := newFake(t, reply(409, `{}`, "X-Custom", "v"))
	_, err := newTestClient(t, f, WithMaxRetries(0)).Send(t.Context(), post)
	apiErr, _ := errors.AsType[*APIError](err)
	if apiErr == nil || apiErr.Header.Get("X-Custom") != "v" || !errors.Is(err, ErrConflict) {
		t.Errorf("Send = %v, want a 409 *APIError with the response headers", err)
	}
}
