package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Category sentinels, matched by [APIError.Is]: errors.Is(err, ErrRateLimited)
// holds for any *APIError with status 429, wrapped or not.
var (
	// ErrBadRequest matches status 400 and 422.
	ErrBadRequest = errors.New("client: bad request")
	// ErrUnauthorized matches status 401 (a missing or wrong key).
	ErrUnauthorized = errors.New("client: unauthorized")
	// ErrPermissionDenied matches status 403.
	ErrPermissionDenied = errors.New("client: permission denied")
	// ErrNotFound matches status 404.
	ErrNotFound = errors.New("client: not found")
	// ErrTimeout matches status 408, an attempt that ran out of the time
	// given by [WithTimeout] and a call that ran out of the time given by
	// [WithCallTimeout].
	ErrTimeout = errors.New("client: timeout")
	// ErrConflict matches status 409.
	ErrConflict = errors.New("client: conflict")
	// ErrRateLimited matches status 429, which is also sent when the quota is
	// exhausted (see ErrQuotaExceeded).
	ErrRateLimited = errors.New("client: rate limited")
	// ErrQuotaExceeded matches an error whose code or type is
	// "insufficient_quota": retrying will not help until billing changes.
	ErrQuotaExceeded = errors.New("client: quota exceeded")
	// ErrServer matches the 5xx statuses.
	ErrServer = errors.New("client: server error")
)

// ErrBodyTooLarge is wrapped by the error of [Client.Send] when a response body
// exceeds the limit set by [WithMaxBodySize]. Such a call is not retried.
var ErrBodyTooLarge = errors.New("client: response body too large")

// APIError is a response with a non-2xx status. The API's error fields come
// from the body, in any of the shapes seen in the wild: {"error": {...}},
// {"error": "text"}, a bare {"message": ...}, or not JSON at all (a proxy's
// HTML page), in which case Message holds a short excerpt of the body.
//
// Its Error method reads like
//
//	client: 429 Too Many Requests: You exceeded your current quota… (type=insufficient_quota, code=insufficient_quota, request_id=req_123)
//
// and is safe to log: secrets never reach an APIError. The client's key,
// its [WithHeader] values and the call's [Request.Secrets] are replaced with
// "[REDACTED]" in Body, Message, the other fields and Header, in every form a
// server may echo them (raw, JSON-escaped, percent-encoded, or inside a Basic
// credential), and before Body is cut to 64 KiB. Header is then a scrubbed
// copy of the response's headers. Use errors.Is with the category sentinels ([ErrRateLimited],
// [ErrNotFound]…) or errors.AsType[*client.APIError] to read the fields.
type APIError struct {
	StatusCode int
	Type       string // the error's "type", such as "invalid_request_error"
	Code       string // the error's "code", such as "model_not_found"; numbers are kept as text
	Param      string // the request parameter at fault, if any
	Message    string
	RequestID  string // the x-request-id header, to quote to OpenAI support
	// RetryAfter is the wait the server asked for (retry-after-ms or
	// retry-after), 0 if none. It is set even when the request was not retried
	// because the wait exceeded the maximum (see WithMaxRetryDelay).
	RetryAfter time.Duration
	RateLimit  RateLimit
	Header     http.Header
	Body       []byte // the raw body, at most 64 KiB
}

// Error returns "client: <status> <text>: <message> (type=…, code=…, param=…,
// request_id=…, retry_after=…)", leaving out what is empty.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("client: ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	sep := " ("
	field := func(name, value string) {
		if value == "" {
			return
		}
		b.WriteString(sep)
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(value)
		sep = ", "
	}
	field("type", e.Type)
	field("code", e.Code)
	field("param", e.Param)
	field("request_id", e.RequestID)
	if e.RetryAfter > 0 {
		field("retry_after", e.RetryAfter.String())
	}
	if sep == ", " {
		b.WriteByte(')')
	}
	return b.String()
}

// Is reports whether target is the category sentinel of e's status or code:
//
//	400, 422  ErrBadRequest        409  ErrConflict
//	401       ErrUnauthorized      429  ErrRateLimited
//	403       ErrPermissionDenied  5xx  ErrServer
//	404       ErrNotFound          insufficient_quota  ErrQuotaExceeded
//	408       ErrTimeout
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPermissionDenied:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrTimeout:
		return e.StatusCode == http.StatusRequestTimeout
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrQuotaExceeded:
		return e.Code == "insufficient_quota" || e.Type == "insufficient_quota"
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// newAPIError builds the error for a non-2xx response whose body, read up
// to a bound, is body; cut says that more may follow. The secrets of sc, if
// the server echoes them, are scrubbed from the body before it is cut to
// maxErrorBody, and from the headers kept, so also from every field
// derived from them.
func newAPIError(resp *http.Response, body []byte, cut bool, sc *scrubber) *APIError {
	body = sc.bytes(body, cut)
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody:maxErrorBody]
	}
	h := sc.header(resp.Header)
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  header(h, hdrRequestID),
		RateLimit:  parseRateLimit(h),
		Header:     h,
		Body:       body,
	}
	e.RetryAfter, _ = RetryAfter(h, time.Now())
	e.Type, e.Code, e.Param, e.Message = parseErrorBody(body)
	// The body's strings are scrubbed in whatever JSON form they came; a
	// form the scrubber does not know would show here, decoded.
	e.Type, e.Code, e.Param, e.Message = sc.string(e.Type), sc.string(e.Code), sc.string(e.Param), sc.string(e.Message)
	return e
}

// errorFields is one level of an error body.
type errorFields struct {
	Error   json.RawMessage `json:"error"`
	Message json.RawMessage `json:"message"`
	Type    json.RawMessage `json:"type"`
	Code    json.RawMessage `json:"code"`
	Param   json.RawMessage `json:"param"`
	Detail  json.RawMessage `json:"detail"`
}

// parseErrorBody extracts the error fields from body, whatever its shape. The
// message is never empty for a non-empty body.
func parseErrorBody(body []byte) (typ, code, param, msg string) {
	var top errorFields
	if json.Unmarshal(body, &top) != nil {
		return "", "", "", excerpt(body)
	}
	f := top
	if len(top.Error) > 0 && top.Error[0] == '{' {
		var inner errorFields
		if json.Unmarshal(top.Error, &inner) == nil {
			f = inner
		}
	} else if s := scalar(top.Error); s != "" {
		f.Message = top.Error // {"error": "text"}
	}
	msg = scalar(f.Message)
	if msg == "" {
		msg = scalar(f.Detail) // {"detail": "..."} from some compatible servers
	}
	if msg == "" {
		msg = excerpt(body)
	}
	return scalar(f.Type), scalar(f.Code), scalar(f.Param), msg
}

// scalar returns a JSON string's value, a number's or boolean's text, the
// compact text of an object or array, and "" for null or nothing.
func scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	if raw[0] == '{' || raw[0] == '[' {
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			return truncate(b.String(), excerptLen)
		}
		return ""
	}
	return string(raw)
}

// excerptLen bounds the excerpt of a body that is not a JSON error.
const excerptLen = 200

// excerpt turns a body that is not a JSON error into a one-line message: the
// <title> of an HTML page, or the body with whitespace collapsed and control
// characters dropped, truncated to about 200 bytes.
func excerpt(body []byte) string {
	if t, ok := htmlTitle(string(body)); ok {
		if t = clean(t); t != "" {
			return truncate(t, excerptLen)
		}
	}
	body = bytes.TrimSpace(body)
	return truncate(clean(string(body[:min(len(body), 4*excerptLen)])), excerptLen)
}

// clean makes s one line of printable text.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
}

// htmlTitle returns the text of the first <title> element of s.
func htmlTitle(s string) (string, bool) {
	i := indexFold(s, "<title")
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i:], '>')
	if j < 0 {
		return "", false
	}
	start := i + j + 1
	end := indexFold(s[start:], "</title")
	if end < 0 {
		return "", false
	}
	return s[start : start+end], true
}

// indexFold is strings.Index with ASCII case folding; sub must be lower case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// truncate cuts s to at most n bytes on a rune boundary, adding "…" if it cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
