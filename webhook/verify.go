package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a webhook, as the Standard Webhooks specification names
// them.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far the webhook-timestamp of a webhook may be
// from the verifier's clock, in the past or in the future: 5 minutes, as
// the official SDKs allow.
const DefaultTolerance = 5 * time.Minute

// secretPrefix starts a secret whose key is the base64 text that follows.
const secretPrefix = "whsec_"

// The errors of verification. A [Verifier] returns one of them, wrapped
// with what went wrong, so that errors.Is tells them apart; each of them
// matches [ErrInvalid] too, so that one test tells a forged or stale
// webhook from any other failure.
var (
	// ErrInvalid matches every verification error below.
	ErrInvalid = errors.New("webhook: invalid webhook")
	// ErrMissingHeader: a header of the three is absent or empty.
	ErrMissingHeader = &verifyError{"missing header"}
	// ErrBadTimestamp: webhook-timestamp is not a number of seconds.
	ErrBadTimestamp = &verifyError{"bad timestamp"}
	// ErrTooOld: webhook-timestamp is older than the tolerance allows.
	ErrTooOld = &verifyError{"timestamp too old"}
	// ErrTooNew: webhook-timestamp is further in the future than the
	// tolerance allows.
	ErrTooNew = &verifyError{"timestamp too new"}
	// ErrNoMatch: no signature of webhook-signature matches the body under
	// any secret of the verifier.
	ErrNoMatch = &verifyError{"no matching signature"}
)

// ErrBadSecret is returned by [NewVerifier] for a secret it cannot use: an
// empty one, or a "whsec_" secret whose rest is not base64 or is empty.
var ErrBadSecret = errors.New("webhook: bad secret")

// verifyError is the type of the verification sentinels: each is itself,
// and also [ErrInvalid].
type verifyError struct{ msg string }

func (e *verifyError) Error() string        { return "webhook: " + e.msg }
func (e *verifyError) Is(target error) bool { return target == ErrInvalid }

// A Verifier checks the signatures of the webhooks OpenAI sends, as the
// Standard Webhooks specification defines them: webhook-signature holds one
// or more space-separated "v1,<base64>" signatures, each an HMAC-SHA256 of
// "<webhook-id>.<webhook-timestamp>.<body>"; entries of another version are
// ignored. A Verifier holds one or more secrets, so that webhooks signed
// with the old secret of a rotation still pass. It is safe for concurrent
// use.
type Verifier struct {
	keys      [][]byte
	tolerance time.Duration
	now       func() time.Time
}

// An Option configures a [Verifier] made by [NewVerifier].
type Option func(*Verifier)

// WithSecret adds a secret that the verifier also accepts, such as the
// previous secret while a rotation keeps it active. It may be given more
// than once.
func WithSecret(secret string) Option {
	return func(v *Verifier) {
		v.keys = append(v.keys, []byte(secret)) // decoded by NewVerifier
	}
}

// WithTolerance sets how far the webhook-timestamp may be from the clock,
// in either direction; the default is [DefaultTolerance]. [NewVerifier]
// refuses a tolerance that is not positive.
func WithTolerance(d time.Duration) Option {
	return func(v *Verifier) { v.tolerance = d }
}

// WithClock sets the clock the timestamps are checked against; the default
// is time.Now. Tests set it to check a recorded webhook.
func WithClock(now func() time.Time) Option {
	return func(v *Verifier) { v.now = now }
}

// NewVerifier returns a verifier of the webhooks signed with secret, the
// endpoint's signing secret ("whsec_" and base64, as the dashboard shows
// it), or with a secret an option adds. As openai-node does, a secret
// without the "whsec_" prefix is used as the key as it is. It returns an
// error that matches [ErrBadSecret] for a secret it cannot decode; the
// error never contains the secret.
func NewVerifier(secret string, opts ...Option) (*Verifier, error) {
	v := &Verifier{keys: [][]byte{[]byte(secret)}, tolerance: DefaultTolerance, now: time.Now}
	for _, opt := range opts {
		opt(v)
	}
	if v.tolerance <= 0 {
		return nil, fmt.Errorf("webhook: tolerance %v is not positive", v.tolerance)
	}
	if v.now == nil {
		v.now = time.Now
	}
	for i, s := range v.keys {
		key, err := decodeSecret(string(s))
		if err != nil {
			return nil, fmt.Errorf("%w (secret %d): %v", ErrBadSecret, i+1, err)
		}
		v.keys[i] = key
	}
	return v, nil
}

// decodeSecret returns the HMAC key of a secret.
func decodeSecret(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty secret")
	}
	rest, ok := strings.CutPrefix(s, secretPrefix)
	if !ok {
		return []byte(s), nil
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		if key, err = base64.RawStdEncoding.DecodeString(rest); err != nil {
			return nil, errors.New("the text after whsec_ is not base64")
		}
	}
	if len(key) == 0 {
		return nil, errors.New("empty key after whsec_")
	}
	return key, nil
}

// Verify checks that body was signed by a holder of one of the verifier's
// secrets, with the id and the timestamp of header, and that the timestamp
// is within the tolerance of the clock. It returns nil or an error that
// matches [ErrInvalid] and one of [ErrMissingHeader], [ErrBadTimestamp],
// [ErrTooOld], [ErrTooNew] and [ErrNoMatch]. Signatures are compared in
// constant time.
func (v *Verifier) Verify(header http.Header, body []byte) error {
	id, ts, sigs := header.Get(HeaderID), header.Get(HeaderTimestamp), header.Get(HeaderSignature)
	for _, h := range [...]struct{ name, value string }{{HeaderID, id}, {HeaderTimestamp, ts}, {HeaderSignature, sigs}} {
		if h.value == "" {
			return fmt.Errorf("%w %s", ErrMissingHeader, h.name)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || ts[0] == '+' {
		return fmt.Errorf("%w %q: not a number of seconds", ErrBadTimestamp, ts)
	}
	now := v.now()
	at := time.Unix(sec, 0)
	tol := int64(v.tolerance / time.Second)
	switch {
	case now.Unix()-sec > tol:
		return fmt.Errorf("%w: %s is more than %v before now", ErrTooOld, at.UTC().Format(time.RFC3339), v.tolerance)
	case sec-now.Unix() > tol:
		return fmt.Errorf("%w: %s is more than %v after now", ErrTooNew, at.UTC().Format(time.RFC3339), v.tolerance)
	}
	want := make([][]byte, len(v.keys))
	for i, key := range v.keys {
		want[i] = mac(key, id, ts, body)
	}
	got := make([]byte, sha256.Size+3) // room for a padded base64 decoding
	for sig := range strings.FieldsSeq(sigs) {
		b64, ok := strings.CutPrefix(sig, "v1,")
		if !ok || base64.StdEncoding.DecodedLen(len(b64)) > len(got) {
			continue // another version, or not a SHA-256 signature
		}
		n, err := base64.StdEncoding.Decode(got, []byte(b64))
		if err != nil || n != sha256.Size {
			continue
		}
		for _, w := range want {
			if hmac.Equal(got[:n], w) {
				return nil
			}
		}
	}
	return fmt.Errorf("%w for webhook %s", ErrNoMatch, id)
}

// Sign returns the value of a webhook-signature header for a webhook of
// the given id, time and body: a "v1,<base64>" signature under each secret
// of the verifier, space-separated, as a sender does during a rotation.
// Tests use it to send webhooks that the verifier accepts.
func (v *Verifier) Sign(id string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	sigs := make([]string, len(v.keys))
	for i, key := range v.keys {
		sigs[i] = "v1," + base64.StdEncoding.EncodeToString(mac(key, id, ts, body))
	}
	return strings.Join(sigs, " ")
}

// Header returns the three headers of a webhook of the given id, time and
// body, signed as [Verifier.Sign] signs.
func (v *Verifier) Header(id string, t time.Time, body []byte) http.Header {
	h := make(http.Header, 3)
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(t.Unix(), 10))
	h.Set(HeaderSignature, v.Sign(id, t, body))
	return h
}

// Unwrap verifies a webhook, as [Verifier.Verify] does, and decodes its
// body, as [ParseEvent] does.
func (v *Verifier) Unwrap(header http.Header, body []byte) (Event, error) {
	if err := v.Verify(header, body); err != nil {
		return nil, err
	}
	return ParseEvent(body)
}

// mac returns the HMAC-SHA256 of "id.ts.body" under key.
func mac(key []byte, id, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id))
	h.Write([]byte{'.'})
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}
