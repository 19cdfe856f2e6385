package responsestest_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

const (
	secretKey     = "sk-secret-0123456789abcdef"
	secretOrg     = "org-secret-42"
	secretProject = "proj_secret_7"
	secretExtra   = "hunter2-extra"
)

// record runs a created and a streamed request against the fake through a
// Recorder, and returns the file written.
func record(t *testing.T) (path, baseURL string) {
	t.Helper()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(
		responsestest.Text("Your organization is "+secretOrg+" and your word "+secretExtra+".").WithHeader("Set-Cookie", "sid=cookie-secret"),
		responsestest.Text("A streamed answer."),
	)
	path = filepath.Join(t.TempDir(), "rec.json")
	rec := responsestest.NewRecorder(path, responsestest.WithSecrets(secretExtra, secretOrg))
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey(secretKey), client.WithOrganization(secretOrg),
		client.WithProject(secretProject), client.WithHeader("Cookie", "session=cookie-secret"),
		client.WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	if _, err := rs.Create(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Who am I?"), Metadata: map[string]string{"a": "1", "b": "2"}}); err != nil {
		t.Fatal(err)
	}
	for _, err := range rs.Stream(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Stream it.")}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	return path, srv.URL
}

func TestRecordRedacts(t *testing.T) {
	t.Parallel()
	path, _ := record(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{secretKey, secretOrg, secretProject, secretExtra, "cookie-secret"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the recording holds %q", secret)
		}
	}
	exs, err := responsestest.ReadExchanges(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2 {
		t.Fatalf("%d exchanges, want 2", len(exs))
	}
	first, second := exs[0], exs[1]
	if first.Method != "POST" || first.Path != "/v1/responses" || first.Status != 200 || first.RequestBody == nil || first.ResponseBody == nil {
		t.Errorf("first exchange = %+v", first)
	}
	if got := first.RequestHeader.Get("Authorization"); got != responsestest.Redacted {
		t.Errorf("Authorization = %q", got)
	}
	if got := first.ResponseHeader.Get("Set-Cookie"); got != responsestest.Redacted {
		t.Errorf("Set-Cookie = %q", got)
	}
	if !strings.Contains(second.ResponseText, "event: response.completed") || second.ResponseBody != nil {
		t.Errorf("streamed exchange: response_text %.60q, response_body %s", second.ResponseText, second.ResponseBody)
	}
}

func TestReplay(t *testing.T) {
	t.Parallel()
	path, baseURL := record(t)
	exs, err := responsestest.ReadExchanges(path)
	if err != nil {
		t.Fatal(err)
	}
	rp := responsestest.NewReplayer(exs, t)
	c, err := client.New(client.WithBaseURL(baseURL), client.WithAPIKey("sk-other"), client.WithHTTPClient(&http.Client{Transport: rp}))
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	// The members in another order, and the stream first: both match.
	var text strings.Builder
	for ev, err := range rs.Stream(t.Context(), &responses.Request{Model: "gpt-5-mini", Input: responses.Text("Stream it.")}) {
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
			text.WriteString(d.Delta)
		}
	}
	if text.String() != "A streamed answer." {
		t.Errorf("streamed text = %q", text.String())
	}
	resp, err := rs.Create(t.Context(), &responses.Request{Metadata: map[string]string{"b": "2", "a": "1"}, Input: responses.Text("Who am I?"), Model: "gpt-5-mini"})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.OutputText(); !strings.Contains(got, "Your organization is "+responsestest.Redacted) {
		t.Errorf("OutputText() = %q", got)
	}
}

// tb records the errors of a test.
type tb struct {
	testing.TB
	errs []string
}

func (t *tb) Error(args ...any) {
	for _, a := range args {
		t.errs = append(t.errs, a.(error).Error())
	}
}

func TestReplayUnmatched(t *testing.T) {
	t.Parallel()
	path, baseURL := record(t)
	exs, err := responsestest.ReadExchanges(path)
	if err != nil {
		t.Fatal(err)
	}
	fake := &tb{TB: t}
	rp := responsestest.NewReplayer(exs, fake)
	c, _ := client.New(client.WithBaseURL(baseURL), client.WithAPIKey("sk-other"), client.WithHTTPClient(&http.Client{Transport: rp}))
	_, err = responses.New(c).Create(t.Context(), &responses.Request{Model: "gpt-4.1", Input: responses.Text("Stream it.")})
	if err == nil {
		t.Fatal("Create of an unrecorded request succeeded")
	}
	for _, want := range []string{"closest is exchange 1", `body member "model": recorded "gpt-5-mini", sent "gpt-4.1"`, `body member "stream": recorded true, not sent`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %s", err, want)
		}
	}
	if !errors.Is(err, client.ErrBadRequest) || len(rp.Unmatched()) != 1 {
		t.Errorf("error %v, %d unmatched; want one, not retried", err, len(rp.Unmatched()))
	}
	if len(fake.errs) != 1 || !strings.Contains(fake.errs[0], "closest is exchange 1") {
		t.Errorf("test errors = %q", fake.errs)
	}
}
