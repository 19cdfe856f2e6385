package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// start runs the command with args on a free port and returns its base
// URL; the command stops at the end of the test.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not stop")
		}
	})
	url, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no base URL printed: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	return strings.TrimSpace(url)
}

func TestRunReplies(t *testing.T) {
	t.Parallel()
	url := start(t, "-replies", "testdata/replies.jsonl", "-fault", "event_delay=1ms")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/v1") {
		t.Fatalf("base URL = %q", url)
	}
	c, err := client.New(client.WithBaseURL(url), client.WithAPIKey("sk-fake"))
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	req := &responses.Request{Model: "gpt-5-mini", Input: responses.Text("What is the weather in Paris?")}

	resp, err := rs.Create(t.Context(), req)
	if err != nil || resp.OutputText() != "Hello from the script." {
		t.Fatalf("first reply = %v", err)
	}
	// The 429 is retried after 5ms; the JSON answers.
	resp, err = rs.Create(t.Context(), req)
	if err != nil || resp.OutputText() != `{"city":"Paris","temp":21}` {
		t.Fatalf("after a 429 = %v, %v", resp, err)
	}
	resp, err = rs.Create(t.Context(), req)
	if calls := resp.FunctionCalls(); err != nil || len(calls) != 2 || calls[1].Arguments != `{"city":` {
		t.Fatalf("function calls = %v, %v", resp, err)
	}
	// The stream is cut after 4 events.
	var n int
	for _, err = range rs.Stream(t.Context(), req) {
		if err != nil {
			break
		}
		n++
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || n != 4 {
		t.Errorf("cut stream = %d events, %v", n, err)
	}
	// The simulator, failing after in_progress.
	n = 0
	for _, err = range rs.Stream(t.Context(), req) {
		if err != nil {
			break
		}
		n++
	}
	var se *responses.StreamError
	if !errors.As(err, &se) || n != 2 || !strings.Contains(err.Error(), "insufficient_quota") {
		t.Errorf("failed stream = %d events, %v", n, err)
	}
	// The replies are used up: the simulator answers.
	resp, err = rs.Create(t.Context(), req)
	if err != nil || !strings.Contains(resp.OutputText(), "simulated") {
		t.Errorf("simulator = %v, %v", resp, err)
	}
}

func TestRunReplay(t *testing.T) {
	t.Parallel()
	// Record an exchange against the fake, then serve the recording.
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.Text("Recorded."))
	path := filepath.Join(t.TempDir(), "rec.json")
	rec := responsestest.NewRecorder(path)
	c, _ := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("sk-recording-key"), client.WithHTTPClient(&http.Client{Transport: rec}))
	req := &responses.Request{Model: "m", Input: responses.Text("hi")}
	if _, err := responses.New(c).Create(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	url := start(t, "-replay", path)
	c, _ = client.New(client.WithBaseURL(url), client.WithAPIKey("sk-fake"))
	resp, err := responses.New(c).Create(t.Context(), req)
	if err != nil || resp.OutputText() != "Recorded." {
		t.Errorf("replayed = %v, %v", resp, err)
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte("{\"text\":\"ok\"}\n{\"txt\":\"typo\"}\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-replies", bad}, "line 2"},
		{[]string{"-replies", "testdata/missing.jsonl"}, "no such file"},
		{[]string{"-fault", "nope=1"}, "nope"},
		{[]string{"-addr", "256.0.0.1:99999"}, "listen"},
		{[]string{"-replay", "x", "-cycle"}, "-replay"},
		{[]string{"extra"}, "unexpected"},
	}
	for _, tt := range tests {
		err := Run(t.Context(), tt.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%q) = %v, want an error with %q", tt.args, err, tt.want)
		}
	}
}
