//go:build unix

package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	oairesponses "github.com/openai/openai-go/v3/responses"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/responses/ws"
)

// loopTurns is the number of requests of the benchmark's tool loop: 19
// tool calls, then the answer.
const loopTurns = 20

// fakeEnv makes the test binary serve the fake API instead of running the
// benchmarks: the fake then runs in a process of its own, so that the
// CPU time the benchmark measures is the client's alone.
const fakeEnv = "RESPKIT_BENCH_FAKE"

// serveFake serves the fake API on a free port, prints its URL and waits
// until its standard input closes.
func serveFake() {
	srv := responsestest.NewServer()
	srv.SetModel(loopModel)
	fmt.Println(srv.URL)
	bufio.NewReader(os.Stdin).ReadString('\n')
	srv.Close()
}

// loopModel calls the read_file tool until the conversation holds
// loopTurns-1 of its outputs, then answers.
func loopModel(req *responses.Request) responsestest.Reply {
	outputs := 0
	for _, it := range req.Input {
		if _, ok := it.(*responses.FunctionCallOutput); ok {
			outputs++
		}
	}
	if outputs < loopTurns-1 {
		return responsestest.FunctionCalls(responsestest.Call{Name: "read_file", Arguments: map[string]string{"path": fmt.Sprintf("internal/step%02d.go", outputs)}})
	}
	return responsestest.Text("All files read: the parser is in internal/step07.go.")
}

var fake struct {
	once sync.Once
	url  string
	cmd  *exec.Cmd
	in   interface{ Close() error }
	err  error
}

// fakeURL starts the fake API process once and returns its base URL.
func fakeURL(b *testing.B) string {
	fake.once.Do(func() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fakeEnv+"=1")
		in, err := cmd.StdinPipe()
		if err != nil {
			fake.err = err
			return
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			fake.err = err
			return
		}
		if err := cmd.Start(); err != nil {
			fake.err = err
			return
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			fake.err = fmt.Errorf("the fake API process: %w", err)
			return
		}
		fake.url, fake.cmd, fake.in = strings.TrimSpace(line), cmd, in
	})
	if fake.err != nil {
		b.Fatal(fake.err)
	}
	return fake.url
}

func stopFake() {
	if fake.cmd != nil {
		fake.in.Close()
		fake.cmd.Wait()
	}
}

// fileContent is what the tool returns: a source file's worth of text with
// quotes, non-ASCII and emoji, about 1.3 KB.
var fileContent = func() string {
	var b strings.Builder
	b.WriteString("package internal\n\n// Parse reads a “quoted” name — naïve café ünïcode 🚀.\n")
	for i := range 12 {
		fmt.Fprintf(&b, "func step%d(s string) string { return strings.ReplaceAll(s, \"\\\"\", \"'\") } // ✓ %d\n", i, i)
	}
	return b.String()
}()

type fileArgs struct {
	Path string `json:"path"`
}

// countingTransport is an http.Transport whose connections count the
// bytes the client writes: requests and WebSocket frames alike.
func countingTransport(sent *atomic.Int64) *http.Transport {
	d := &net.Dialer{}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countingConn{Conn: c, sent: sent}, nil
		},
		MaxIdleConnsPerHost: 4,
	}
}

type countingConn struct {
	net.Conn
	sent *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.sent.Add(int64(n))
	return n, err
}

// BenchmarkToolLoop runs a tool loop of 20 turns (19 calls of a tool that
// returns a 1.3 KB file, then the answer) against the fake API in a
// process of its own, and reports per turn the bytes the client sent, its
// CPU time (user and system, of this process only) and its allocations:
// respkit over HTTP sending the whole conversation each turn (Store false),
// over HTTP continuing the stored previous response, and over one
// WebSocket connection (Store false, only the new items); and openai-go's
// WebSocket mode driving the same loop by hand.
func BenchmarkToolLoop(b *testing.B) {
	url := fakeURL(b)
	ctx := context.Background()
	tool := responses.Func("read_file", "Read a file of the repository.", func(_ context.Context, a fileArgs) (string, error) {
		return fileContent, nil
	})
	req := func(store bool) *responses.Request {
		return &responses.Request{
			Model:        "gpt-5-mini",
			Instructions: "Read the files one at a time until you find the parser.",
			Input:        responses.Text("Where is the parser? Read internal/step00.go first."),
			Store:        new(store),
		}
	}
	check := func(t *responses.Transcript, err error) error {
		if err != nil {
			return err
		}
		if len(t.Turns) != loopTurns {
			return fmt.Errorf("%d turns, want %d", len(t.Turns), loopTurns)
		}
		return nil
	}
	loops := []struct {
		name string
		run  func(hc *http.Client) func() error
	}{
		{"respkit-http-stateless", func(hc *http.Client) func() error {
			loop := &responses.Loop{Service: respkitOn(b, url, hc), Tools: []responses.Handler{tool}, MaxTurns: loopTurns}
			return func() error { return check(loop.Run(ctx, req(false))) }
		}},
		{"respkit-http-stateful", func(hc *http.Client) func() error {
			loop := &responses.Loop{Service: respkitOn(b, url, hc), Tools: []responses.Handler{tool}, MaxTurns: loopTurns}
			return func() error { return check(loop.Run(ctx, req(true))) }
		}},
		{"respkit-ws", func(hc *http.Client) func() error {
			rs := respkitOn(b, url, hc)
			return func() error {
				conn, err := ws.Dial(ctx, rs)
				if err != nil {
					return err
				}
				defer conn.Close()
				loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{tool}, MaxTurns: loopTurns}
				return check(loop.Run(ctx, req(false)))
			}
		}},
		{"respkit-ws-reused", func(hc *http.Client) func() error {
			conn, err := ws.Dial(ctx, respkitOn(b, url, hc))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { conn.Close() })
			loop := &responses.Loop{Transport: conn, Tools: []responses.Handler{tool}, MaxTurns: loopTurns}
			return func() error { return check(loop.Run(ctx, req(false))) }
		}},
		{"openai-go-ws", func(hc *http.Client) func() error {
			oc := openai.NewClient(option.WithBaseURL(url+"/"), option.WithAPIKey("bench"), option.WithMaxRetries(0), option.WithHTTPClient(hc))
			return func() error { return openaiLoop(ctx, oc) }
		}},
	}
	for _, l := range loops {
		b.Run(l.name, func(b *testing.B) {
			var sent atomic.Int64
			tr := countingTransport(&sent)
			defer tr.CloseIdleConnections()
			run := l.run(&http.Client{Transport: tr})
			if err := run(); err != nil { // warm up, and check
				b.Fatal(err)
			}
			sent.Store(0)
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if err := run(); err != nil {
					b.Fatal(err)
				}
			}
			turns := float64(b.N * loopTurns)
			b.ReportMetric(float64(sent.Load())/turns, "sent-B/turn")
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/turns, "cpu-ns/turn")
		})
	}
}

func respkitOn(b *testing.B, url string, hc *http.Client) *responses.Service {
	c, err := client.New(client.WithBaseURL(url), client.WithAPIKey("bench"), client.WithMaxRetries(0), client.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return responses.New(c)
}

// openaiLoop runs the tool loop with openai-go's WebSocket mode, as its
// documentation shows: a response.create per turn that continues the last
// response with the tool outputs, its final response read from the
// connection.
func openaiLoop(ctx context.Context, oc openai.Client) error {
	conn, err := oc.Responses.Connect(ctx, oairesponses.ResponseConnectionOptions{})
	if err != nil {
		return err
	}
	defer conn.Close()
	tools := []oairesponses.ToolUnionParam{oairesponses.ToolParamOfFunction("read_file", map[string]any{
		"type":                 "object",
		"properties":           map[string]any{"path": map[string]any{"type": "string"}},
		"required":             []string{"path"},
		"additionalProperties": false,
	}, true)}
	create := oairesponses.ResponsesClientEventResponseCreateParam{
		Model:        "gpt-5-mini",
		Instructions: openai.String("Read the files one at a time until you find the parser."),
		Input:        oairesponses.ResponsesClientEventResponseCreateInputUnionParam{OfString: openai.String("Where is the parser? Read internal/step00.go first.")},
		Store:        openai.Bool(false),
		Tools:        tools,
	}
	for turn := 1; ; turn++ {
		if err := conn.Create(ctx, create); err != nil {
			return err
		}
		resp, err := conn.FinalResponse(ctx)
		if err != nil {
			return err
		}
		var outputs oairesponses.ResponseInputParam
		for _, it := range resp.Output {
			if it.Type != "function_call" {
				continue
			}
			var a fileArgs
			if err := json.Unmarshal([]byte(it.Arguments.OfString), &a); err != nil {
				return err
			}
			out := oairesponses.ResponseInputItemParamOfFunctionCallOutput(fileContent)
			out.OfFunctionCallOutput.CallID = openai.String(it.CallID)
			outputs = append(outputs, out)
		}
		if len(outputs) == 0 {
			if turn != loopTurns {
				return fmt.Errorf("%d turns, want %d", turn, loopTurns)
			}
			if resp.OutputText() == "" {
				return errors.New("no answer")
			}
			return nil
		}
		create.PreviousResponseID = openai.String(resp.ID)
		create.Input = oairesponses.ResponsesClientEventResponseCreateInputUnionParam{OfResponse: &outputs}
	}
}
