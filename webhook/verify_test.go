package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/webhook"
)

// The key of the test secrets, and the secrets.
var (
	key       = []byte("a 32-byte key for the tests only")
	secret    = "whsec_" + base64.StdEncoding.EncodeToString(key)
	oldKey    = []byte("the previous key of the rotation")
	oldSecret = "whsec_" + base64.StdEncoding.EncodeToString(oldKey)
	now       = time.Unix(1_750_000_000, 0)
	body      = []byte(`{"id":"evt_1","object":"event","created_at":1750000000,"type":"response.completed","data":{"id":"resp_1"}}`)
)

// sign computes a signature independently of the package: HMAC-SHA256 of
// "id.ts.body" under key, base64, after "v1,".
func sign(key []byte, id, ts string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func header(id, ts, sig string) http.Header {
	h := http.Header{}
	if id != "" {
		h.Set("webhook-id", id)
	}
	if ts != "" {
		h.Set("webhook-timestamp", ts)
	}
	if sig != "" {
		h.Set("webhook-signature", sig)
	}
	return h
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func newVerifier(t *testing.T, opts ...webhook.Option) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewVerifier(secret, append([]webhook.Option{webhook.WithClock(func() time.Time { return now })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerify(t *testing.T) {
	t.Parallel()
	ts := unix(now)
	good := sign(key, "msg_1", ts, body)
	tests := []struct {
		name   string
		header http.Header
		body   []byte
		want   error // nil, or the sentinel the error must match
	}{
		{"valid", header("msg_1", ts, good), body, nil},
		{"tampered body", header("msg_1", ts, good), append([]byte(nil), strings.Replace(string(body), "resp_1", "resp_2", 1)...), webhook.ErrNoMatch},
		{"tampered id", header("msg_2", ts, good), body, webhook.ErrNoMatch},
		{"tampered timestamp", header("msg_1", unix(now.Add(time.Second)), good), body, webhook.ErrNoMatch},
		{"other key", header("msg_1", ts, sign([]byte("another key"), "msg_1", ts, body)), body, webhook.ErrNoMatch},
		{"several signatures, one valid", header("msg_1", ts, sign([]byte("x"), "msg_1", ts, body)+" v1,bm90IGJhc2U2NA== v1,!!! "+good), body, nil},
		{"other version only", header("msg_1", ts, "v1a,"+strings.TrimPrefix(good, "v1,")), body, webhook.ErrNoMatch},
		{"signature without version", header("msg_1", ts, strings.TrimPrefix(good, "v1,")), body, webhook.ErrNoMatch},
		{"stale", header("msg_1", unix(now.Add(-5*time.Minute-time.Second)), sign(key, "msg_1", unix(now.Add(-5*time.Minute-time.Second)), body)), body, webhook.ErrTooOld},
		{"just in time", header("msg_1", unix(now.Add(-5*time.Minute)), sign(key, "msg_1", unix(now.Add(-5*time.Minute)), body)), body, nil},
		{"future", header("msg_1", unix(now.Add(5*time.Minute+time.Second)), sign(key, "msg_1", unix(now.Add(5*time.Minute+time.Second)), body)), body, webhook.ErrTooNew},
		{"bad timestamp", header("msg_1", "1750000000.5", good), body, webhook.ErrBadTimestamp},
		{"signed timestamp", header("msg_1", "+"+ts, good), body, webhook.ErrBadTimestamp},
		{"no id", header("", ts, good), body, webhook.ErrMissingHeader},
		{"no timestamp", header("msg_1", "", good), body, webhook.ErrMissingHeader},
		{"no signature", header("msg_1", ts, ""), body, webhook.ErrMissingHeader},
	}
	v := newVerifier(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Verify(tt.header, tt.body)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, webhook.ErrInvalid) {
				t.Fatalf("Verify = %v, want %v and ErrInvalid", err, tt.want)
			}
		})
	}
}

func TestVerifyRotation(t *testing.T) {
	t.Parallel()
	ts := unix(now)
	v := newVerifier(t, webhook.WithSecret(oldSecret))
	for _, k := range [][]byte{key, oldKey} {
		if err := v.Verify(header("msg_1", ts, sign(k, "msg_1", ts, body)), body); err != nil {
			t.Errorf("Verify with the key %q = %v, want nil", k, err)
		}
	}
	// Without the old secret, the old signature fails.
	if err := newVerifier(t).Verify(header("msg_1", ts, sign(oldKey, "msg_1", ts, body)), body); !errors.Is(err, webhook.ErrNoMatch) {
		t.Errorf("Verify with the old key and one secret = %v, want ErrNoMatch", err)
	}
	// Sign signs with both, as a sender during a rotation does.
	sigs := strings.Fields(v.Sign("msg_1", now, body))
	want := []string{sign(key, "msg_1", ts, body), sign(oldKey, "msg_1", ts, body)}
	if strings.Join(sigs, " ") != strings.Join(want, " ") {
		t.Errorf("Sign = %q, want %q", sigs, want)
	}
}

func TestVerifyTolerance(t *testing.T) {
	t.Parallel()
	v := newVerifier(t, webhook.WithTolerance(time.Hour))
	at := now.Add(-59 * time.Minute)
	if err := v.Verify(header("msg_1", unix(at), sign(key, "msg_1", unix(at), body)), body); err != nil {
		t.Errorf("Verify 59 minutes late with a tolerance of an hour = %v, want nil", err)
	}
	if _, err := webhook.NewVerifier(secret, webhook.WithTolerance(0)); err == nil {
		t.Error("NewVerifier with a tolerance of 0 = nil error, want one")
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	ts := unix(now)
	tests := []struct {
		name   string
		secret string
		key    []byte // nil: NewVerifier fails with ErrBadSecret
	}{
		{"whsec", secret, key},
		{"whsec unpadded", "whsec_" + base64.RawStdEncoding.EncodeToString([]byte("ab")), []byte("ab")},
		{"no prefix: the bytes of the text", "plain-secret", []byte("plain-secret")},
		{"empty", "", nil},
		{"whsec and nothing", "whsec_", nil},
		{"whsec and not base64", "whsec_not*base64", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := webhook.NewVerifier(tt.secret, webhook.WithClock(func() time.Time { return now }))
			if tt.key == nil {
				if !errors.Is(err, webhook.ErrBadSecret) {
					t.Fatalf("NewVerifier(%q) = %v, want ErrBadSecret", tt.secret, err)
				}
				if len(tt.secret) > len("whsec_") && strings.Contains(err.Error(), tt.secret) {
					t.Errorf("the error %q contains the secret", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewVerifier(%q) = %v", tt.secret, err)
			}
			if err := v.Verify(header("msg_1", ts, sign(tt.key, "msg_1", ts, body)), body); err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
		})
	}
	// A bad secret added by an option is reported too.
	if _, err := webhook.NewVerifier(secret, webhook.WithSecret("whsec_***")); !errors.Is(err, webhook.ErrBadSecret) {
		t.Errorf("NewVerifier with a bad second secret = %v, want ErrBadSecret", err)
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	v := newVerifier(t)
	h := v.Header("msg_9", now, body)
	want := header("msg_9", unix(now), sign(key, "msg_9", unix(now), body))
	for _, name := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
		if h.Get(name) != want.Get(name) {
			t.Errorf("Header()[%s] = %q, want %q", name, h.Get(name), want.Get(name))
		}
	}
	if err := v.Verify(h, body); err != nil {
		t.Errorf("Verify(Header()) = %v", err)
	}
}

func TestUnwrap(t *testing.T) {
	t.Parallel()
	v := newVerifier(t)
	ev, err := v.Unwrap(v.Header("msg_1", now, body), body)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := ev.(*webhook.ResourceEvent)
	if !ok || r.Type != webhook.ResponseCompleted || r.Data.ID != "resp_1" {
		t.Fatalf("Unwrap = %#v, want a response.completed event of resp_1", ev)
	}
	if _, err := v.Unwrap(v.Header("msg_1", now.Add(-time.Hour), body), body); !errors.Is(err, webhook.ErrTooOld) {
		t.Errorf("Unwrap of a stale webhook = %v, want ErrTooOld", err)
	}
}
