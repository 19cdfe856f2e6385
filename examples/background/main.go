// Background runs a response in background mode, then reads it two ways:
// by polling, and by streaming it and picking the stream up again after a
// lost connection.
//
// It teaches Request.Background, Service.Get, Service.Resume and
// Service.WithResume. A background response keeps running on the server
// whether or not you are connected, which suits long tasks (deep research,
// big reasoning efforts): you can poll it, cancel it, or stream its events
// from any point, by sequence number.
//
// Run it with:
//
//	go run ./examples/background
//
// With OPENAI_API_KEY set it uses the real API (OPENAI_MODEL picks the
// model). Without it, it uses respkit's built-in fake server, whose
// background responses are in progress at the first poll and complete at
// the second.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func main() {
	ctx := context.Background()

	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	model := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini")

	// 1. Poll. Create returns at once, with the response queued.
	resp, err := rs.Create(ctx, &responses.Request{
		Model:      model,
		Input:      responses.Text("List three uses of Go's context package."),
		Background: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("created %s: %s\n", short(resp.ID), resp.Status)
	for resp.Status == responses.StatusQueued || resp.Status == responses.StatusInProgress {
		time.Sleep(500 * time.Millisecond)
		if resp, err = rs.Get(ctx, resp.ID); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("polled: %s\n", resp.Status)
	}
	fmt.Println(resp.OutputText())

	// 2. Stream, lose the connection, resume. Here the loop breaks after a
	// few events to stand for a lost connection; a real one ends the loop
	// with a *responses.StreamError, whose ResponseID and LastSequence are
	// what Resume needs.
	req := &responses.Request{Model: model, Input: responses.Text("Explain goroutines in two sentences."), Background: true}
	var (
		id   string
		last int64
		text strings.Builder
	)
	for ev, err := range rs.Stream(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		if e, ok := ev.(*responses.CreatedEvent); ok {
			id = e.Response.ID
		}
		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
			text.WriteString(d.Delta)
		}
		last = ev.Sequence()
		if last == 5 {
			break // the "lost connection"
		}
	}
	fmt.Printf("stream stopped after event %d; resuming %s\n", last, short(id))
	for ev, err := range rs.Resume(ctx, id, last) {
		if err != nil {
			log.Fatal(err)
		}
		if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
			text.WriteString(d.Delta)
		}
	}
	fmt.Println(text.String())

	// 3. Let the Service do it: WithResume(3) resumes a background stream
	// by itself, up to three times, from the last event it received. Your
	// loop sees every event once, in order.
	for _, err := range rs.WithResume(3).Stream(ctx, req) {
		var se *responses.StreamError
		if errors.As(err, &se) {
			log.Fatalf("the stream broke more than three times: %v", err)
		} else if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("streamed with automatic resume")
}

func short(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}
