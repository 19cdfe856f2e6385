package responses_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/conformance"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/tidwall/gjson"
)

// exchange is a recorded HTTP exchange of the conformance data.
type exchange struct {
	Request struct {
		Body json.RawMessage `json:"body"`
	} `json:"request"`
	Response struct {
		Status   int    `json:"status"`
		BodyFile string `json:"body_file"`
	} `json:"response"`
	path string
}

func readExchange(t *testing.T, path string) *exchange {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x := &exchange{path: path}
	if err := json.Unmarshal(b, x); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return x
}

// responseBody returns the JSON of the response the exchange received: the
// body, or the response of the response.completed event of a stream.
func (x *exchange) responseBody(t *testing.T) []byte {
	t.Helper()
	if x.Response.BodyFile == "" || x.Response.Status != 200 {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(x.path), x.Response.BodyFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(x.Response.BodyFile, ".sse") {
		return completedResponse(b)
	}
	return b
}

// completedResponse returns the response of the response.completed event of
// a recorded stream, or nil.
func completedResponse(sse []byte) []byte {
	sc := bufio.NewScanner(bytes.NewReader(sse))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		data, ok := bytes.CutPrefix(sc.Bytes(), []byte("data: "))
		if ok && gjson.GetBytes(data, "type").Str == "response.completed" {
			return []byte(gjson.GetBytes(data, "response").Raw)
		}
	}
	return nil
}

// recordedHandlers returns a handler for every function the response calls,
// answering each call with the output of the same call id in answers.
func recordedHandlers(t *testing.T, resp *responses.Response, answers map[string]responses.Content) []responses.Handler {
	t.Helper()
	var hs []responses.Handler
	seen := map[string]bool{}
	for _, c := range resp.FunctionCalls() {
		if !seen[c.Name] {
			seen[c.Name] = true
			hs = append(hs, replayFunc{name: c.Name, answers: answers})
		}
	}
	return hs
}

// replayFunc answers calls of the function name with recorded outputs.
type replayFunc struct {
	name    string
	answers map[string]responses.Content
}

func (f replayFunc) Tool() responses.Tool { return &responses.FunctionTool{Name: f.name} }

func (f replayFunc) Call(_ context.Context, call responses.Item) (responses.Item, error) {
	c := call.(*responses.FunctionCall)
	out, ok := f.answers[c.CallID]
	if !ok {
		return nil, fmt.Errorf("no recorded output for %s", c.CallID)
	}
	return &responses.FunctionCallOutput{Output: out}, nil
}

// TestLoopConformanceExchanges replays the first request of each recorded
// tool-loop step (a request whose response calls functions, followed by a
// request that sends their outputs) through a Loop, and checks that the
// loop's second request has the shape of the recorded one: the same items
// in the same order, paired by call id, with every member the recorded
// request had (and none that neither it nor the API's response had), and
// the same values, encrypted reasoning included. Recordings that used
// previous_response_id are replayed with stored responses; the others,
// which replayed the conversation, with Store false.
func TestLoopConformanceExchanges(t *testing.T) {
	files := conformance.Files(t, "exchanges", "*__i*.exchange.json")
	byName := map[string]bool{}
	for _, f := range files {
		byName[f] = true
	}
	seq := regexp.MustCompile(`__i(\d+)\.exchange\.json$`)
	var checked, stored, stateless int
	for _, f := range files {
		m := seq.FindStringSubmatch(f)
		n, _ := strconv.Atoi(m[1])
		next := seq.ReplaceAllString(f, fmt.Sprintf("__i%d.exchange.json", n+1))
		if !byName[next] {
			continue
		}
		first, second := readExchange(t, f), readExchange(t, next)
		respBody := first.responseBody(t)
		if respBody == nil {
			continue
		}
		var resp responses.Response
		if err := json.Unmarshal(respBody, &resp); err != nil || len(resp.FunctionCalls()) == 0 || len(resp.FunctionCalls()) != countCalls(&resp) {
			continue // not a step of a function-calling loop
		}
		var req, recorded responses.Request
		if !gjson.ParseBytes(first.Request.Body).IsObject() || !gjson.ParseBytes(second.Request.Body).IsObject() {
			continue // not a JSON request body
		}
		if err := json.Unmarshal(first.Request.Body, &req); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := json.Unmarshal(second.Request.Body, &recorded); err != nil {
			t.Fatalf("%s: %v", next, err)
		}
		answers := map[string]responses.Content{}
		for _, it := range recorded.Input {
			if o, ok := it.(*responses.FunctionCallOutput); ok {
				answers[o.CallID] = o.Output
			}
		}
		isStored := recorded.PreviousResponseID != "" && recorded.PreviousResponseID == resp.ID
		want := len(answers)
		if !isStored {
			want += len(req.Input) + len(resp.ToInput())
		}
		paired := len(answers) == len(resp.FunctionCalls())
		for _, c := range resp.FunctionCalls() {
			paired = paired && answers[c.CallID] != nil
		}
		if len(recorded.Input) != want || !paired {
			t.Logf("skip %s: its second request is not the outputs of the first's calls", filepath.Base(next))
			continue
		}
		name := strings.TrimSuffix(filepath.Base(f), ".exchange.json")
		t.Run(name, func(t *testing.T) {
			rs, srv := newService(t)
			skip := 0
			if id := req.PreviousResponseID; id != "" {
				// The recording continues a response the fake never made:
				// store one with its id first, as the fake refuses an
				// unknown previous_response_id.
				// The recording before holds it, with the calls that this
				// request's input answers.
				seed := fmt.Appendf(nil, `{"id":%q,"object":"response","status":"completed","output":[]}`, id)
				if prev := seq.ReplaceAllString(f, fmt.Sprintf("__i%d.exchange.json", n-1)); byName[prev] {
					if b := readExchange(t, prev).responseBody(t); gjson.GetBytes(b, "id").Str == id {
						seed = b
					}
				}
				srv.Enqueue(responsestest.Raw(200, "application/json", seed))
				if _, err := rs.Create(t.Context(), &responses.Request{Model: req.Model, Input: responses.Text("seed")}); err != nil {
					t.Fatal(err)
				}
				skip = 1
			}
			srv.Enqueue(responsestest.Raw(200, "application/json", respBody), responsestest.Text("done"))
			if !isStored {
				req.Store = new(false)
			}
			loop := &responses.Loop{Service: rs, Tools: recordedHandlers(t, &resp, answers), MaxTurns: 2}
			if _, err := loop.Run(t.Context(), &req); err != nil {
				t.Fatal(err)
			}
			reqs := srv.Requests()[skip:]
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			got := gjson.GetBytes(reqs[1].Body, "input")
			if isStored {
				if id := gjson.GetBytes(reqs[1].Body, "previous_response_id").Str; id != recorded.PreviousResponseID {
					t.Errorf("previous_response_id = %q, want %q", id, recorded.PreviousResponseID)
				}
			}
			// The items the loop replays come from the first request and the
			// response: members they had may appear where the recording
			// dropped them.
			var origins []gjson.Result
			if !isStored {
				origins = append(origins, gjson.GetBytes(first.Request.Body, "input").Array()...)
				origins = append(origins, gjson.GetBytes(respBody, "output").Array()...)
			}
			wantItems := gjson.GetBytes(second.Request.Body, "input").Array()
			gotItems := got.Array()
			if len(gotItems) != len(wantItems) {
				t.Fatalf("input has %d items, want %d:\n%s", len(gotItems), len(wantItems), got.Raw)
			}
			for i := range wantItems {
				var origin gjson.Result
				if i < len(origins) {
					origin = origins[i]
				}
				for _, d := range sameShape(fmt.Sprintf("input[%d]", i), wantItems[i], gotItems[i], origin) {
					t.Error(d)
				}
			}
		})
		checked++
		if isStored {
			stored++
		} else {
			stateless++
		}
	}
	t.Logf("checked %d recorded loop steps: %d with stored responses, %d replayed", checked, stored, stateless)
	if checked == 0 {
		t.Skip("no recorded tool-loop steps")
	}
}

// countCalls counts the calls in resp that a client answers.
func countCalls(resp *responses.Response) int {
	n := 0
	for _, it := range resp.Output {
		switch it.(type) {
		case *responses.FunctionCall, *responses.CustomToolCall, *responses.ApplyPatchCall, *responses.ShellCall,
			*responses.LocalShellCall, *responses.ComputerCall, *responses.MCPApprovalRequest:
			n++
		}
	}
	return n
}

var elided = regexp.MustCompile(`^<elided: (\d+) chars, sha256 ([0-9a-f]{64})>$`)

// sameShape compares a recorded value with the loop's: every member of the
// recording must be there with the same value (a string the recording
// elided must have its length and hash); a member the recording lacks is
// allowed only where origin, the value the loop replayed, has it. A value
// the loop replayed exactly as the API gave it (origin) is right even where
// the recording changed it, as some clients do.
func sameShape(path string, want, got, origin gjson.Result) []string {
	if origin.Exists() && jsontest.Diff([]byte(origin.Raw), []byte(got.Raw)) == "" {
		return nil
	}
	switch {
	case want.IsObject():
		if !got.IsObject() {
			return []string{fmt.Sprintf("%s = %s, want an object", path, short(got.Raw))}
		}
		var diffs []string
		want.ForEach(func(k, v gjson.Result) bool {
			if v.Type == gjson.Null {
				return true
			}
			g := got.Get(gjson.Escape(k.Str))
			if !g.Exists() {
				diffs = append(diffs, fmt.Sprintf("%s.%s is missing, want %s", path, k.Str, short(v.Raw)))
				return true
			}
			diffs = append(diffs, sameShape(path+"."+k.Str, v, g, origin.Get(gjson.Escape(k.Str)))...)
			return true
		})
		got.ForEach(func(k, v gjson.Result) bool {
			if !want.Get(gjson.Escape(k.Str)).Exists() && !origin.Get(gjson.Escape(k.Str)).Exists() {
				diffs = append(diffs, fmt.Sprintf("%s.%s = %s was added", path, k.Str, short(v.Raw)))
			}
			return true
		})
		return diffs
	case want.IsArray():
		w, g, o := want.Array(), got.Array(), origin.Array()
		if !got.IsArray() || len(g) != len(w) {
			return []string{fmt.Sprintf("%s = %s, want %s", path, short(got.Raw), short(want.Raw))}
		}
		var diffs []string
		for i := range w {
			var oi gjson.Result
			if i < len(o) {
				oi = o[i]
			}
			diffs = append(diffs, sameShape(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], oi)...)
		}
		return diffs
	case want.Type == gjson.String && got.Str != want.Str:
		// A tool output replayed from the recording is elided as it is.
		if m := elided.FindStringSubmatch(want.Str); m != nil {
			sum := sha256.Sum256([]byte(got.Str))
			if n, _ := strconv.Atoi(m[1]); len(got.Str) != n || hex.EncodeToString(sum[:]) != m[2] {
				return []string{fmt.Sprintf("%s: %d chars with sha256 %x, want %s", path, len(got.Str), sum, want.Str)}
			}
			return nil
		}
	}
	if d := jsontest.Diff([]byte(want.Raw), []byte(got.Raw)); d != "" {
		return []string{fmt.Sprintf("%s = %s, want %s", path, short(got.Raw), short(want.Raw))}
	}
	return nil
}

func short(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// TestLoopConformanceSteps replays the first step of each recorded
// multi-step stream (*.step1.sse) as the response to a Loop's first request,
// answering its calls with fake handlers, and the second step as the
// response to the next request, with Run (the streams' responses as JSON)
// and with Stream (the streams as they were recorded): the loop must yield
// every recorded event, send one output per call, paired by call id, with
// previous_response_id set, and end with the second step's answer.
func TestLoopConformanceSteps(t *testing.T) {
	files := conformance.Files(t, "sse", "*.step1.sse")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".step1.sse")
		t.Run(name, func(t *testing.T) {
			step1, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			step2, err := os.ReadFile(strings.Replace(f, ".step1.", ".step2.", 1))
			if err != nil {
				t.Skip("no second step")
			}
			first, second := completedResponse(step1), completedResponse(step2)
			var resp, final responses.Response
			if err := json.Unmarshal(first, &resp); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(second, &final); err != nil {
				t.Fatal(err)
			}
			gaps := conformance.SequenceGaps(t, f) || conformance.SequenceGaps(t, strings.Replace(f, ".step1.", ".step2.", 1))
			for _, streamed := range []bool{false, true} {
				if streamed && gaps {
					t.Log("the recording skips sequence numbers: not replayed as a stream")
					continue
				}
				rs, srv := newService(t)
				if streamed {
					srv.Enqueue(responsestest.Raw(200, "text/event-stream", step1), responsestest.Raw(200, "text/event-stream", step2))
				} else {
					srv.Enqueue(responsestest.Raw(200, "application/json", first), responsestest.Raw(200, "application/json", second))
				}
				var sh fakeShell
				loop := &responses.Loop{Service: rs, Tools: append([]responses.Handler{
					responses.ShellFunc(responses.Shell(), sh.exec),
					responses.LocalShellFunc(sh.exec),
					responses.ApplyPatchFunc(func(context.Context, patch.Operation) (string, error) { return "Done!", nil }),
				}, recordedHandlers(t, &resp, anyAnswer(&resp))...)}
				req := &responses.Request{Model: resp.Model, Input: responses.Text("go"), Tools: resp.Tools}
				var tr *responses.Transcript
				var err error
				if streamed {
					var apiEvents int
					for ev, e := range loop.Stream(t.Context(), req) {
						switch ev := ev.(type) {
						case *responses.LoopDoneEvent:
							tr = ev.Transcript
						case *responses.ToolOutputEvent:
						default:
							apiEvents++
						}
						err = e
					}
					if want := bytes.Count(step1, []byte("\ndata: ")) + bytes.Count(step2, []byte("\ndata: ")); err == nil && apiEvents != want {
						t.Errorf("streamed %d API events, want the %d recorded", apiEvents, want)
					}
				} else {
					tr, err = loop.Run(t.Context(), req)
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(tr.Turns) != 2 || tr.Response().OutputText() != final.OutputText() {
					t.Errorf("%d turns ending with %q, want 2 ending with the second step's answer", len(tr.Turns), short(tr.Response().OutputText()))
				}
				body := srv.Requests()[1].Body
				if id := gjson.GetBytes(body, "previous_response_id").Str; id != resp.ID {
					t.Errorf("previous_response_id = %q, want %q", id, resp.ID)
				}
				var calls, outputs []string
				for _, it := range resp.Output {
					if c := gjson.Get(marshal(t, it), "call_id"); c.Exists() && countCalls(&responses.Response{Output: []responses.Item{it}}) == 1 {
						calls = append(calls, gjson.Get(marshal(t, it), "type").Str+"_output "+c.Str)
					}
				}
				for _, it := range gjson.GetBytes(body, "input").Array() {
					id := it.Get("call_id").Str
					if it.Get("type").Str == "local_shell_call_output" {
						id = it.Get("id").Str
					}
					outputs = append(outputs, it.Get("type").Str+" "+id)
				}
				sort.Strings(calls)
				if fmt.Sprint(calls) != fmt.Sprint(outputs) || len(calls) == 0 {
					t.Errorf("second request's input = %v, want outputs for %v", outputs, calls)
				}
			}
		})
	}
}

// anyAnswer answers every function call of resp with "ok".
func anyAnswer(resp *responses.Response) map[string]responses.Content {
	m := map[string]responses.Content{}
	for _, c := range resp.FunctionCalls() {
		m[c.CallID] = responses.PlainText("ok")
	}
	return m
}
