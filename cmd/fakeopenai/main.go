// Command fakeopenai serves respkit's fake OpenAI Responses API
// (package responsestest) on a fixed address, so that programs in any
// language (Node, Python, curl) can be tested against it offline:
//
//	go run github.com/respkit/respkit/cmd/fakeopenai -addr 127.0.0.1:8787
//
// It prints the base URL (such as http://127.0.0.1:8787/v1) on its first
// line of output; point the client there with any API key, for example
// OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=sk-fake. It stops
// on SIGINT or SIGTERM.
//
// Without -replies, a simulator answers every request (see
// responsestest.Default). With -replies FILE, the replies in the file
// answer the POST /responses requests in order, and then the simulator
// (or the replies again, with -cycle). With -replay FILE, the exchanges of
// a recording made with responsestest.Recorder are served instead.
//
// # Replies file
//
// A replies file holds JSON Lines: one reply a line; blank lines and lines
// starting with # are ignored. A line has exactly one of these members:
//
//	{"text": "Hello."}                                  an assistant message
//	{"json": {"city": "Paris"}}                         a message whose text is that JSON
//	{"function_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}
//	{"refusal": "I can't help with that."}
//	{"incomplete": {"reason": "max_output_tokens", "text": "Partial"}}
//	{"failed": {"code": "server_error", "message": "..."}}  HTTP 200, status "failed"
//	{"error": {"status": 429, "type": "requests", "code": "rate_limit_exceeded", "message": "..."}}
//	{"simulate": true}                                  the simulator's answer
//
// Function call arguments given as a JSON string are sent as they are (to
// send malformed arguments); other values are encoded as JSON.
//
// # Faults
//
// A line may add faults, as members next to its reply; -fault name=value
// adds one to every reply (the value is JSON, or else a string; a line's
// own faults override them). Durations are strings such as "250ms" or
// numbers of milliseconds.
//
//	delay               wait before answering
//	event_delay         wait before each event of a stream
//	drop_after_bytes    cut the connection after n bytes of the body
//	drop_after_events   cut a stream's connection after n events
//	stall_after_events  stop a stream after n events (0: after the headers)
//	stall_at_end        stop a stream after its last event, the body not ended
//	stall_for           how long a stall lasts (default: until the client goes away)
//	error_after_events  end a stream after n events (0: after in_progress) with an
//	                    error event and response.failed; HTTP 500 when not streamed
//	error_code, error_message  that error (default server_error)
//	flat_error_event    send the error event in the flat form of the specification
//	large_event_after, large_event_size  pad the event after n events to more than size bytes
//	retry_after         set retry-after-ms and retry-after
//	headers             add headers, such as {"x-should-retry": "false"}
//
// For example:
//
//	{"error": {"status": 429}, "retry_after": "1s"}
//	{"text": "A long story.", "drop_after_events": 5}
//	{"simulate": true, "stall_after_events": 3, "stall_for": "2s"}
//
//	go run github.com/respkit/respkit/cmd/fakeopenai -replies replies.jsonl -fault event_delay=20ms
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		}
		os.Exit(2)
	}
}

// faultFlags is the -fault flag: faults added to every reply.
type faultFlags struct{ f faults }

func (ff *faultFlags) String() string     { return "" }
func (ff *faultFlags) Set(s string) error { return parseFault(&ff.f, s) }

// Run serves the fake API as the command-line arguments say, printing the
// base URL as the first line of stdout, until ctx is done.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakeopenai", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8787", "the address to listen on (port 0: any free port)")
	repliesFile := fs.String("replies", "", "a file of scripted replies, JSON Lines (see the command's documentation)")
	cycle := fs.Bool("cycle", false, "serve the replies again once used up, instead of the simulator")
	replayFile := fs.String("replay", "", "a recording (responsestest.Recorder) to serve instead of the fake")
	var ff faultFlags
	fs.Var(&ff, "fault", "a fault added to every reply, as name=value (repeatable), such as delay=200ms")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *replayFile != "" && (*repliesFile != "" || *cycle) {
		return errors.New("-replay serves a recording: it does not take -replies or -cycle")
	}

	var entries []entry
	if *repliesFile != "" {
		f, err := os.Open(*repliesFile)
		if err != nil {
			return err
		}
		entries, err = parseReplies(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *repliesFile, err)
		}
	}
	var handler http.Handler
	if *replayFile != "" {
		exs, err := responsestest.ReadExchanges(*replayFile)
		if err != nil {
			return err
		}
		handler = responsestest.NewReplayer(exs, nil)
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + l.Addr().String() + "/v1"
	var closeServer func()
	if handler != nil {
		hs := &http.Server{Handler: handler}
		go hs.Serve(l)
		closeServer = func() { hs.Close() }
	} else {
		srv := responsestest.NewServer(responsestest.WithListener(l))
		srv.SetModel(model(entries, *cycle, ff.f))
		url = srv.URL
		closeServer = srv.Close
	}
	fmt.Fprintln(stdout, url)
	fmt.Fprintf(stderr, "fakeopenai: serving the Responses API at %s; use any API key, e.g. OPENAI_BASE_URL=%s OPENAI_API_KEY=sk-fake\n", url, url)

	<-ctx.Done()
	// A stalled stream holds the server until its client goes away: wait a
	// little for that, no more.
	done := make(chan struct{})
	go func() {
		closeServer()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		fmt.Fprintln(stderr, "fakeopenai: stopped with connections still open")
	}
	return nil
}

// model returns the server's model: the entries in order, then the
// simulator or the entries again, each with the faults.
func model(entries []entry, cycle bool, f faults) func(*responses.Request) responsestest.Reply {
	var (
		mu   sync.Mutex
		next int
	)
	return func(req *responses.Request) responsestest.Reply {
		mu.Lock()
		e := entry{simulate: true}
		if next < len(entries) {
			e = entries[next]
			next++
			if cycle && next == len(entries) {
				next = 0
			}
		}
		mu.Unlock()
		return e.answer(req, f)
	}
}
