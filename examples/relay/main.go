// Relay serves a model's answer to a browser as it is written: an HTTP
// handler that turns the stream of the Responses API into server-sent
// events, the format a browser's EventSource reads.
//
// It teaches:
//   - a handler that ranges over Service.Stream with the request's context
//     and writes each text delta as an event, flushed at once
//     (http.ResponseController);
//   - stopping cleanly when the browser goes away: net/http ends the
//     request's context, the stream's iteration ends with an error, the
//     handler returns, and the upstream connection is closed: no goroutine
//     and no tokens are left running;
//   - sending errors as events the browser can show, and the usage last.
//
// Run it with:
//
//	go run ./examples/relay
//
// The program starts the handler and plays the browser itself: it reads one
// answer whole, then starts another and leaves after a few words.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/stream"
)

// Outcome is what the handler did with one request, for the program to show.
type Outcome struct {
	Events int    // events written to the browser
	End    string // how it ended: "completed", "browser gone" or the error
}

// Relay returns the handler of GET /answer?q=…: the model's answer to q as
// server-sent events, a "data:" line per text delta (JSON-encoded, so that
// newlines and quotes are safe), then an "event: done" with the usage, or an
// "event: error". Each request's Outcome goes to outcomes, if not nil.
func Relay(rs *responses.Service, model string, outcomes chan<- Outcome) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("q")
		if q == "" {
			http.Error(w, "missing q", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		rc := http.NewResponseController(w)
		out := Outcome{End: "completed"}
		defer func() {
			if outcomes != nil {
				outcomes <- out
			}
		}()

		send := func(event string, data any) bool {
			b, _ := json.Marshal(data)
			if event != "" {
				fmt.Fprintf(w, "event: %s\n", event)
			}
			fmt.Fprintf(w, "data: %s\n\n", b)
			// A failed flush means the browser is gone.
			if err := rc.Flush(); err != nil {
				out.End = "browser gone"
				return false
			}
			out.Events++
			return true
		}

		// The request's context ends when the browser disconnects; the
		// stream is tied to it, so the model stops writing for nobody.
		req := &responses.Request{Model: model, Input: responses.Text(q)}
		for ev, err := range rs.Stream(r.Context(), req) {
			if err != nil {
				if r.Context().Err() != nil {
					out.End = "browser gone"
					return
				}
				out.End = err.Error()
				send("error", map[string]string{"message": "the answer broke off; try again"})
				return
			}
			switch ev := ev.(type) {
			case *responses.OutputTextDeltaEvent:
				if !send("", ev.Delta) {
					return
				}
			case *responses.CompletedEvent:
				send("done", map[string]int{"output_tokens": ev.Response.Usage.OutputTokens})
			}
		}
	})
}

func main() {
	var opts []client.Option
	var srv *responsestest.Server
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv = responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	outcomes := make(chan Outcome, 1)
	web := httptest.NewServer(Relay(rs, cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"), outcomes))
	defer web.Close()

	fmt.Println("\n1. The browser reads a whole answer:")
	if srv != nil {
		srv.Enqueue(responsestest.Text("Goroutines are cheap,\nchannels carry what they make:\nthe program flows on."))
	}
	n := browse(web.URL, "Write a haiku about Go.", -1)
	fmt.Printf("   (%d events read; the handler wrote %+v)\n", n, <-outcomes)

	fmt.Println("\n2. The browser leaves after five words:")
	if srv != nil {
		// A long answer, written slowly, as a model does.
		long := strings.Repeat("Go compiles fast, runs fast and reads well. ", 40)
		srv.Enqueue(responsestest.Text(long).WithEventDelay(10 * time.Millisecond))
	}
	n = browse(web.URL, "Tell me everything about Go, at length.", 5)
	select {
	case o := <-outcomes:
		fmt.Printf("   (%d events read; the handler wrote %d, then stopped: %s)\n", n, o.Events, o.End)
	case <-time.After(10 * time.Second):
		log.Fatal("the handler did not stop after the browser left")
	}
}

// browse plays the browser: it asks for an answer and prints its text as the
// events arrive, leaving after limit text events (never, if limit < 0). It
// returns the number of events read.
func browse(base, q string, limit int) int {
	ctx, leave := context.WithCancel(context.Background())
	defer leave()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/answer?q="+url.QueryEscape(q), nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	fmt.Print("   ")
	n, texts := 0, 0
	for ev, err := range stream.Events(resp.Body) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		var data any
		if err := json.Unmarshal(ev.Data, &data); err != nil {
			log.Fatal(err)
		}
		switch ev.Type {
		case "message":
			fmt.Print(strings.ReplaceAll(data.(string), "\n", " / "))
			if texts++; texts == limit {
				fmt.Println(" …")
				return n // leave: the deferred calls close the connection
			}
		case "done":
			fmt.Printf("\n   [done: %v]\n", data)
		case "error":
			fmt.Printf("\n   [error: %v]\n", data)
		}
	}
	return n
}
