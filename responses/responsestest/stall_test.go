package responsestest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// TestStallWithoutStream checks the stalls of a reply that is not a
// stream: a client with a short timeout gives up; one that waits gets the
// whole response.
func TestStallWithoutStream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply func(time.Duration) responsestest.Reply
	}{
		{"after the headers", func(d time.Duration) responsestest.Reply {
			return responsestest.Text("Late.").WithStallAfterHeaders(d)
		}},
		{"in the middle of the body", func(d time.Duration) responsestest.Reply {
			return responsestest.Text("Late.").WithStallAfterEvents(3, d)
		}},
		{"with the body not ended", func(d time.Duration) responsestest.Reply {
			return responsestest.Text("Late.").WithStallAtEnd(d)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := responsestest.NewServer()
			defer srv.Close()
			req := &responses.Request{Model: "m", Input: responses.Text("hi")}

			c, err := srv.Client(client.WithTimeout(50*time.Millisecond), client.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			srv.Enqueue(tt.reply(0))
			_, err = responses.New(c).Create(t.Context(), req)
			if !errors.Is(err, client.ErrTimeout) {
				t.Errorf("Create with a 50 ms timeout = %v, want a timeout", err)
			}

			c, err = srv.Client()
			if err != nil {
				t.Fatal(err)
			}
			srv.Enqueue(tt.reply(30 * time.Millisecond))
			start := time.Now()
			resp, err := responses.New(c).Create(t.Context(), req)
			if err != nil || resp.OutputText() != "Late." {
				t.Fatalf("Create = %v, %v; want the text after the stall", resp, err)
			}
			if d := time.Since(start); d < 30*time.Millisecond {
				t.Errorf("the answer came after %v, before the stall of 30 ms ended", d)
			}
		})
	}
}

// TestFailedStreamIsStored checks that a stream that fails leaves a failed
// response for Get, as the API does.
func TestFailedStreamIsStored(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	srv.Enqueue(responsestest.StreamFailure("server_error", "The model failed."))
	var id string
	for ev, err := range rs.Stream(t.Context(), &responses.Request{Model: "m", Input: responses.Text("hi")}) {
		if ev, ok := ev.(*responses.CreatedEvent); ok {
			id = ev.Response.ID
		}
		if err != nil {
			break
		}
	}
	resp, err := rs.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != responses.StatusFailed || resp.Error == nil || resp.Error.Code != "server_error" {
		t.Errorf("Get after a failed stream: status %q, error %+v; want failed with server_error", resp.Status, resp.Error)
	}
}
