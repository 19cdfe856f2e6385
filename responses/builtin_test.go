package responses_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// runOne runs a loop whose model makes the calls of first, then answers
// "done", and returns the outputs sent back.
func runOne(t *testing.T, loop *responses.Loop, first responsestest.Reply) []responses.Item {
	t.Helper()
	rs, srv := newService(t)
	srv.Enqueue(first, responsestest.Text("done"))
	loop.Service = rs
	tr, err := loop.Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if err != nil {
		t.Fatal(err)
	}
	reqs := requestBodies(t, srv)
	if len(reqs) != 2 || marshal(t, reqs[1].Input) != marshal(t, tr.Turns[0].Outputs) {
		t.Fatalf("the loop sent %d requests; want 2, the second with the outputs", len(reqs))
	}
	return reqs[1].Input
}

// fakeShell runs the commands "echo TEXT", "fail", "sleep", "spam N" and
// "cannot", and records the commands and deadlines it saw.
type fakeShell struct {
	mu        sync.Mutex
	cmds      []*responses.ShellCommand
	deadlines []time.Duration
}

func (f *fakeShell) exec(ctx context.Context, c *responses.ShellCommand) (int, error) {
	f.mu.Lock()
	f.cmds = append(f.cmds, c)
	if d, ok := ctx.Deadline(); ok {
		f.deadlines = append(f.deadlines, time.Until(d).Round(time.Second))
	}
	f.mu.Unlock()
	line := c.Line
	if c.Argv != nil {
		line = strings.Join(c.Argv, " ")
	}
	switch {
	case strings.HasPrefix(line, "echo "):
		fmt.Fprintln(c.Stdout, strings.TrimPrefix(line, "echo "))
		return 0, nil
	case line == "fail":
		fmt.Fprintln(c.Stderr, "fail: it failed")
		return 2, nil
	case line == "sleep":
		<-ctx.Done()
		return -1, ctx.Err()
	case strings.HasPrefix(line, "spam "):
		var n int
		fmt.Sscan(strings.TrimPrefix(line, "spam "), &n)
		for i := range n {
			fmt.Fprintf(c.Stdout, "line %04d\n", i)
		}
		return 0, nil
	}
	return 127, errors.New("exec: " + line + ": not found")
}

func TestShellFunc(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   []responses.ShellOption
		action responses.ShellAction
		want   string
	}{
		{
			name:   "commands in order",
			action: responses.ShellAction{Commands: []string{"echo hello", "fail", "cannot"}, MaxOutputLength: 1000},
			want: `{"type":"shell_call_output","call_id":"call_sh","max_output_length":1000,"output":[
				{"stdout":"hello\n","stderr":"","outcome":{"type":"exit","exit_code":0}},
				{"stdout":"","stderr":"fail: it failed\n","outcome":{"type":"exit","exit_code":2}},
				{"stdout":"","stderr":"exec: cannot: not found","outcome":{"type":"exit","exit_code":127}}]}`,
		},
		{
			name:   "timeout of the call",
			action: responses.ShellAction{Commands: []string{"sleep", "echo after"}, TimeoutMS: 20},
			want: `{"type":"shell_call_output","call_id":"call_sh","output":[
				{"stdout":"","stderr":"","outcome":{"type":"timeout"}},
				{"stdout":"after\n","stderr":"","outcome":{"type":"exit","exit_code":0}}]}`,
		},
		{
			name:   "timeout of the handler",
			opts:   []responses.ShellOption{responses.WithShellTimeout(20 * time.Millisecond)},
			action: responses.ShellAction{Commands: []string{"sleep"}, TimeoutMS: 60_000},
			want:   `{"type":"shell_call_output","call_id":"call_sh","output":[{"stdout":"","stderr":"","outcome":{"type":"timeout"}}]}`,
		},
		{
			name:   "output bounded by the call",
			action: responses.ShellAction{Commands: []string{"spam 1000"}, MaxOutputLength: 120},
			want: `{"type":"shell_call_output","call_id":"call_sh","max_output_length":120,"output":[
				{"stdout":"line 0000\nline 0001\nline 0002\nline 0003\n\n…9920 bytes dropped…\nline 0996\nline 0997\nline 0998\nline 0999\n","stderr":"","outcome":{"type":"exit","exit_code":0}}]}`,
		},
		{
			name:   "output bounded by the handler",
			opts:   []responses.ShellOption{responses.WithShellMaxOutput(120)},
			action: responses.ShellAction{Commands: []string{"spam 1000"}},
			want: `{"type":"shell_call_output","call_id":"call_sh","output":[
				{"stdout":"line 0000\nline 0001\nline 0002\nline 0003\n\n…9920 bytes dropped…\nline 0996\nline 0997\nline 0998\nline 0999\n","stderr":"","outcome":{"type":"exit","exit_code":0}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var sh fakeShell
			h := responses.ShellFunc(responses.Shell(), sh.exec, tt.opts...)
			outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}},
				responsestest.Items(&responses.ShellCall{CallID: "call_sh", Action: tt.action, Status: "completed"}))
			if d := jsontest.Diff([]byte(tt.want), []byte(marshal(t, outs[0]))); d != "" {
				t.Errorf("output:\n%s\n%s", d, marshal(t, outs[0]))
			}
		})
	}
}

func TestShellFuncDefaults(t *testing.T) {
	t.Parallel()
	var sh fakeShell
	h := responses.ShellFunc(&responses.ShellTool{Environment: &responses.LocalEnvironment{}}, sh.exec)
	if got := marshal(t, h.Tool()); got != `{"type":"shell","environment":{"type":"local"}}` {
		t.Errorf("Tool() = %s", got)
	}
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}},
		responsestest.Items(&responses.ShellCall{CallID: "c", Action: responses.ShellAction{Commands: []string{"spam 4000"}}}))
	out := outs[0].(*responses.ShellCallOutput).Output[0].Stdout
	if len(out) > 16<<10 || !strings.HasPrefix(out, "line 0000\n") || !strings.HasSuffix(out, "line 3999\n") || !strings.Contains(out, "bytes dropped") {
		t.Errorf("default bound kept %d bytes: %.40q…", len(out), out)
	}
	if len(sh.deadlines) != 1 || sh.deadlines[0] != 2*time.Minute {
		t.Errorf("default timeout = %v, want 2m", sh.deadlines)
	}
}

func TestLocalShellFunc(t *testing.T) {
	t.Parallel()
	var sh fakeShell
	h := responses.LocalShellFunc(sh.exec, responses.WithShellTimeout(20*time.Millisecond))
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}}, responsestest.Items(
		&responses.LocalShellCall{ID: "lsh_1", CallID: "call_1", Action: responses.LocalShellAction{
			Type: "exec", Command: []string{"echo", "hi"}, Env: map[string]string{"A": "1"}, WorkingDirectory: "/src", User: "me",
		}},
		&responses.LocalShellCall{ID: "lsh_2", CallID: "call_2", Action: responses.LocalShellAction{Type: "exec", Command: []string{"sleep"}}},
		&responses.LocalShellCall{ID: "lsh_3", CallID: "call_3", Action: responses.LocalShellAction{Type: "exec"}},
	))
	i := slices.IndexFunc(sh.cmds, func(c *responses.ShellCommand) bool { return c.Dir != "" })
	if i < 0 {
		t.Fatalf("commands = %+v", sh.cmds)
	}
	if c := sh.cmds[i]; c.Line != "" || strings.Join(c.Argv, " ") != "echo hi" || c.Env["A"] != "1" || c.Dir != "/src" || c.User != "me" {
		t.Errorf("command = %+v", c)
	}
	want := []struct {
		id, output string
		code       int
	}{
		{"call_1", "hi\n", 0},
		{"call_2", "command timed out", 124},
		{"call_3", "error: invalid arguments: the command is empty", 1},
	}
	for i, w := range want {
		o := outs[i].(*responses.LocalShellCallOutput)
		wantPrefix := fmt.Sprintf(`{"output":%q,"metadata":{"exit_code":%d,"duration_seconds":`, w.output, w.code)
		if o.ID != w.id || !strings.HasPrefix(o.Output, wantPrefix) {
			t.Errorf("output %d = %s, want id %s and output starting %s", i, marshal(t, o), w.id, wantPrefix)
		}
	}
}

func TestApplyPatchFunc(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]patch.Operation{}
	h := responses.ApplyPatchFunc(func(_ context.Context, op patch.Operation) (string, error) {
		mu.Lock()
		got[op.Path] = op
		mu.Unlock()
		if op.Path == "missing.go" {
			return "", errors.New("patch: missing.go: file not found")
		}
		return "Done: " + op.Type + " " + op.Path, nil
	})
	if got := marshal(t, h.Tool()); got != `{"type":"apply_patch"}` {
		t.Errorf("Tool() = %s", got)
	}
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}}, responsestest.Items(
		&responses.ApplyPatchCall{CallID: "call_1", Operation: responses.ApplyPatchOperation{Type: patch.UpdateFile, Path: "main.go", Diff: "@@\n-a\n+b\n"}, Status: "completed"},
		&responses.ApplyPatchCall{CallID: "call_2", Operation: responses.ApplyPatchOperation{Type: patch.DeleteFile, Path: "missing.go"}, Status: "completed"},
	))
	want := `[{"type":"apply_patch_call_output","call_id":"call_1","status":"completed","output":"Done: update_file main.go"},
		{"type":"apply_patch_call_output","call_id":"call_2","status":"failed","output":"error: patch: missing.go: file not found"}]`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, outs))); d != "" {
		t.Errorf("outputs:\n%s", d)
	}
	if len(got) != 2 || got["main.go"].Diff != "@@\n-a\n+b\n" {
		t.Errorf("operations applied = %+v", got)
	}
}

func TestMCPApprovalFunc(t *testing.T) {
	t.Parallel()
	tool := responses.MCP("zip1", "https://zip1.io/mcp")
	h := responses.MCPApprovalFunc(tool, func(_ context.Context, req *responses.MCPApprovalRequest) error {
		if req.Name == "delete_url" {
			return errors.New("deleting is not allowed")
		}
		return nil
	})
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}}, responsestest.Items(
		&responses.MCPListTools{ID: "mcpl_1", ServerLabel: "zip1"},
		&responses.MCPApprovalRequest{ID: "mcpr_1", ServerLabel: "zip1", Name: "create_short_url", Arguments: `{"url":"https://go.dev"}`},
		&responses.MCPApprovalRequest{ID: "mcpr_2", ServerLabel: "zip1", Name: "delete_url", Arguments: `{}`},
		&responses.MCPApprovalRequest{ID: "mcpr_3", ServerLabel: "other", Name: "x", Arguments: `{}`},
	))
	want := `[{"type":"mcp_approval_response","approval_request_id":"mcpr_1","approve":true},
		{"type":"mcp_approval_response","approval_request_id":"mcpr_2","approve":false,"reason":"deleting is not allowed"},
		{"type":"mcp_approval_response","approval_request_id":"mcpr_3","approve":false,"reason":"error: no approval handler for the MCP server other"}]`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, outs))); d != "" {
		t.Errorf("outputs:\n%s\n%s", d, marshal(t, outs))
	}
}

func TestComputerFunc(t *testing.T) {
	t.Parallel()
	tool := &responses.ComputerUsePreviewTool{Environment: "browser", DisplayWidth: 1024, DisplayHeight: 768}
	call := &responses.ComputerCall{CallID: "call_1", Action: &responses.ClickAction{Button: "left", X: 10, Y: 20},
		PendingSafetyChecks: []responses.SafetyCheck{{ID: "cu_sc_1", Code: "malicious_instructions"}}}
	h := responses.ComputerFunc(tool, func(_ context.Context, c *responses.ComputerCall) (*responses.ComputerCallOutput, error) {
		if _, ok := c.Action.(*responses.ClickAction); !ok {
			return nil, errors.New("the browser is gone")
		}
		out := responses.ScreenshotOutput("", "data:image/png;base64,iVBORw0KGgo=")
		out.AcknowledgedSafetyChecks = c.PendingSafetyChecks
		return out, nil
	})
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}}, responsestest.Items(call))
	want := `[{"type":"computer_call_output","call_id":"call_1","output":{"type":"computer_screenshot","image_url":"data:image/png;base64,iVBORw0KGgo="},
		"acknowledged_safety_checks":[{"id":"cu_sc_1","code":"malicious_instructions"}]}]`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, outs))); d != "" {
		t.Errorf("outputs:\n%s\n%s", d, marshal(t, outs))
	}

	// A computer call cannot be answered with an error: it ends the loop.
	rs, srv := newService(t)
	srv.Enqueue(responsestest.Items(&responses.ComputerCall{CallID: "call_2", Action: &responses.ScreenshotAction{}}))
	_, err := (&responses.Loop{Service: rs, Tools: []responses.Handler{h}}).Run(t.Context(), &responses.Request{Model: "m", Input: responses.Text("go")})
	if te, ok := errors.AsType[*responses.ToolError](err); !ok || te.Call.CallID != "call_2" || !strings.Contains(err.Error(), "the browser is gone") {
		t.Errorf("Run error = %v, want the handler's error", err)
	}
}

func TestCustomFunc(t *testing.T) {
	t.Parallel()
	tool := &responses.CustomTool{
		Name:        "sql",
		Description: "Query the database.",
		Format:      &responses.Grammar{Syntax: responses.SyntaxRegex, Definition: `SELECT \w+ FROM \w+`},
	}
	var input string
	h := responses.CustomFunc(tool, func(_ context.Context, in string) (string, error) {
		input = in
		return "3 rows", nil
	})
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{h}}, responsestest.Items(
		&responses.CustomToolCall{CallID: "call_1", Name: "sql", Input: "SELECT name FROM users"},
		&responses.CustomToolCall{CallID: "call_2", Name: "python", Input: "print(1)"},
	))
	want := `[{"type":"custom_tool_call_output","call_id":"call_1","output":"3 rows"},
		{"type":"custom_tool_call_output","call_id":"call_2","output":"error: unknown tool \"python\"; available tools: sql"}]`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, outs))); d != "" {
		t.Errorf("outputs:\n%s", d)
	}
	if input != "SELECT name FROM users" {
		t.Errorf("the handler got %q", input)
	}
}

func TestFuncResults(t *testing.T) {
	t.Parallel()
	type point struct {
		X, Y int
	}
	image := responses.Content{&responses.InputText{Text: "a chart:"}, responses.ImageURL("https://example.com/chart.png")}
	tests := []struct {
		name    string
		handler responses.Handler
		want    string
	}{
		{"string", responses.Func("f", "", func(context.Context, struct{}) (string, error) { return `"quoted" as is`, nil }), `"\"quoted\" as is"`},
		{"struct", responses.Func("f", "", func(context.Context, struct{}) (point, error) { return point{1, 2}, nil }), `"{\"X\":1,\"Y\":2}"`},
		{"slice", responses.Func("f", "", func(context.Context, struct{}) ([]int, error) { return []int{1, 2}, nil }), `"[1,2]"`},
		{"nil pointer", responses.Func("f", "", func(context.Context, struct{}) (*point, error) { return nil, nil }), `"null"`},
		{"content", responses.Func("f", "", func(context.Context, struct{}) (responses.Content, error) { return image, nil }),
			`[{"type":"input_text","text":"a chart:"},{"type":"input_image","detail":"auto","image_url":"https://example.com/chart.png"}]`},
		{"raw function", responses.RawFunc(&responses.FunctionTool{Name: "f"}, func(_ context.Context, args json.RawMessage) (string, error) {
			return "got " + string(args), nil
		}), `"got {}"`},
		{"result that is not JSON", responses.Func("f", "", func(context.Context, struct{}) (func(), error) { return func() {}, nil }),
			`"error: responses: encode the result as JSON: json: unsupported type: func()"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			outs := runOne(t, &responses.Loop{Tools: []responses.Handler{tt.handler}},
				responsestest.FunctionCalls(responsestest.Call{Name: "f", Arguments: "{}"}))
			got := marshal(t, outs[0].(*responses.FunctionCallOutput).Output)
			if d := jsontest.Diff([]byte(tt.want), []byte(got)); d != "" {
				t.Errorf("output = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFuncSchema(t *testing.T) {
	t.Parallel()
	type args struct {
		City  string `json:"city" jsonschema_description:"City name"`
		Units string `json:"units,omitempty" jsonschema:"enum=c,enum=f"`
	}
	h := responses.Func("get_weather", "Get the weather.", func(context.Context, args) (string, error) { return "", nil })
	s, err := schema.For[args]()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"function","name":"get_weather","description":"Get the weather.","strict":true,"parameters":` + s.String() + `}`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, h.Tool()))); d != "" {
		t.Errorf("Tool():\n%s\n%s", d, marshal(t, h.Tool()))
	}
	if !strings.Contains(s.String(), `"required":["city","units"]`) {
		t.Errorf("the schema is not strict: %s", s)
	}
}

func TestHandlerConstructorsPanic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		make func()
		want string
	}{
		{"Func nil function", func() { responses.Func[struct{}, string]("f", "", nil) }, "responses: Func f called with a nil function"},
		{"Func bad name", func() {
			responses.Func("get weather", "", func(context.Context, struct{}) (string, error) { return "", nil })
		}, "responses: Func get weather: schema: get weather: invalid name"},
		{"Func map arguments", func() {
			responses.Func("f", "", func(context.Context, map[string]any) (string, error) { return "", nil })
		}, "responses: Func f: schema"},
		{"RawFunc nil tool", func() { responses.RawFunc[string](nil, nil) }, "responses: RawFunc called with"},
		{"CustomFunc unnamed", func() {
			responses.CustomFunc(&responses.CustomTool{}, func(context.Context, string) (string, error) { return "", nil })
		}, "responses: CustomFunc called with"},
		{"ComputerFunc wrong tool", func() { responses.ComputerFunc(responses.Shell(), nil) }, "responses: ComputerFunc called with a *responses.ShellTool"},
		{"MCPApprovalFunc nil", func() { responses.MCPApprovalFunc(nil, nil) }, "responses: MCPApprovalFunc called with"},
		{"ApplyPatchFunc nil", func() { responses.ApplyPatchFunc(nil) }, "responses: ApplyPatchFunc called with"},
		{"ShellFunc nil tool", func() {
			responses.ShellFunc(nil, func(context.Context, *responses.ShellCommand) (int, error) { return 0, nil })
		}, "responses: ShellFunc called with"},
		{"ShellFunc nil function", func() { responses.ShellFunc(responses.Shell(), nil) }, "responses: ShellFunc called with"},
		{"LocalShellFunc nil", func() { responses.LocalShellFunc(nil) }, "responses: LocalShellFunc called with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				v := recover()
				if !strings.HasPrefix(fmt.Sprint(v), tt.want) {
					t.Errorf("panic %v, want one starting %q", v, tt.want)
				}
			}()
			tt.make()
		})
	}
}

func TestDispatch(t *testing.T) {
	t.Parallel()
	resp := &responses.Response{Output: []responses.Item{
		// A shell call run by OpenAI in a container has its output already.
		&responses.ShellCall{CallID: "call_hosted", Action: responses.ShellAction{Commands: []string{"ls"}}},
		&responses.ShellCallOutput{CallID: "call_hosted", Output: []responses.ShellOutputChunk{}},
		&responses.WebSearchCall{ID: "ws_1"},
		&responses.FunctionCall{CallID: "call_1", Name: "add", Arguments: `{"a":1,"b":2}`,
			Caller: &responses.ToolCaller{Type: "program", CallerID: "call_program"}},
		&responses.ShellCall{CallID: "call_local", Action: responses.ShellAction{Commands: []string{"ls"}}},
		&responses.Message{Role: "assistant", Content: responses.PlainText("hi")},
	}}
	outs, err := (&responses.Loop{Tools: []responses.Handler{addTool}}).Dispatch(t.Context(), resp)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"type":"function_call_output","call_id":"call_1","output":"3","caller":{"type":"program","caller_id":"call_program"}},
		{"type":"shell_call_output","call_id":"call_local","output":[{"stdout":"","stderr":"error: this client does not run shell calls","outcome":{"type":"exit","exit_code":1}}]}]`
	if d := jsontest.Diff([]byte(want), []byte(marshal(t, outs))); d != "" {
		t.Errorf("Dispatch:\n%s\n%s", d, marshal(t, outs))
	}
	if _, err := (&responses.Loop{}).Dispatch(t.Context(), nil); err == nil {
		t.Error("Dispatch(nil) did not fail")
	}
}

// badHandler answers function calls with the output of another call.
type badHandler struct{ out responses.Item }

func (badHandler) Tool() responses.Tool { return &responses.FunctionTool{Name: "bad"} }
func (h badHandler) Call(context.Context, responses.Item) (responses.Item, error) {
	return h.out, nil
}

func TestHandlerOutputChecked(t *testing.T) {
	t.Parallel()
	shared := responses.FunctionOutput("", "shared")
	tests := []struct {
		name string
		out  responses.Item
		want string
	}{
		{"output without call id", shared, `"shared"`},
		{"output of another call", responses.FunctionOutput("call_other", "x"),
			`"error: responses: the handler answered the call call_1 with the output of the call call_other"`},
		{"output of another kind", responses.CustomOutput("call_1", "x"),
			`"error: responses: the handler answered a *responses.FunctionCall with a *responses.CustomToolCallOutput"`},
		{"no output", nil, `"error: responses: the handler answered a *responses.FunctionCall with a \u003cnil\u003e"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &responses.Response{Output: []responses.Item{&responses.FunctionCall{CallID: "call_1", Name: "bad", Arguments: "{}"}}}
			outs, err := (&responses.Loop{Tools: []responses.Handler{badHandler{tt.out}}}).Dispatch(t.Context(), resp)
			if err != nil {
				t.Fatal(err)
			}
			o := outs[0].(*responses.FunctionCallOutput)
			if got := marshal(t, o.Output); o.CallID != "call_1" || got != tt.want {
				t.Errorf("output = %s, want call_1 and %s", marshal(t, o), tt.want)
			}
		})
	}
	if shared.CallID != "" {
		t.Error("the loop modified the handler's output")
	}
}

func TestApplyPatchIn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.txt"), []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	op := func(id, typ, path, diff string) *responses.ApplyPatchCall {
		return &responses.ApplyPatchCall{CallID: id, Status: "completed", Operation: responses.ApplyPatchOperation{Type: typ, Path: path, Diff: diff}}
	}
	// The second update needs the first: the calls apply in call order.
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{responses.ApplyPatchIn(root)}}, responsestest.Items(
		op("call_1", patch.UpdateFile, "list.txt", "@@\n a\n-b\n+B\n c\n"),
		op("call_2", patch.UpdateFile, "list.txt", "@@\n B\n-c\n+C\n"),
		op("call_3", patch.CreateFile, "new/hello.txt", "+hello\n"),
		op("call_4", patch.UpdateFile, "list.txt", "@@\n-x\n+y\n"),
		op("call_5", patch.CreateFile, "../outside.txt", "+no\n"),
	))
	want := []struct {
		status responses.Status
		output string
	}{
		{"completed", "Success. Updated the following files:\nM list.txt\n"},
		{"completed", "Success. Updated the following files:\nM list.txt\n"},
		{"completed", "Success. Updated the following files:\nA new/hello.txt\n"},
		{"failed", "error: patch: list.txt: "},
		{"failed", "error: patch: ../outside.txt: "},
	}
	for i, w := range want {
		o := outs[i].(*responses.ApplyPatchCallOutput)
		if o.Status != w.status || !strings.HasPrefix(o.Output, w.output) {
			t.Errorf("output %d = %s %q, want %s %q…", i, o.Status, o.Output, w.status, w.output)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "list.txt")); string(got) != "a\nB\nC\n" {
		t.Errorf("list.txt = %q, want %q", got, "a\nB\nC\n")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "new", "hello.txt")); string(got) != "hello" {
		t.Errorf("new/hello.txt = %q", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.txt")); err == nil {
		t.Error("a patch wrote outside the root")
	}
}

func TestBuiltinCallsInOrder(t *testing.T) {
	t.Parallel()
	// Shell calls run one at a time in call order, while the function calls
	// of the same turn run in parallel with them and with each other.
	var mu sync.Mutex
	var ran []string
	running, most := 0, 0
	exec := func(ctx context.Context, c *responses.ShellCommand) (int, error) {
		mu.Lock()
		running++
		most = max(most, running)
		ran = append(ran, c.Line)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		return 0, nil
	}
	both := newBarrier(2)
	type args struct {
		I int `json:"i"`
	}
	wait := responses.Func("wait", "", func(ctx context.Context, a args) (string, error) {
		if !both.wait(ctx) {
			return "", errors.New("the function calls did not run in parallel")
		}
		return "ok", nil
	})
	var items []responses.Item
	for i := range 5 {
		items = append(items, &responses.ShellCall{CallID: fmt.Sprint("sh_", i), Action: responses.ShellAction{Commands: []string{fmt.Sprint("cmd ", i)}}})
		if i < 2 {
			items = append(items, &responses.FunctionCall{CallID: fmt.Sprint("fc_", i), Name: "wait", Arguments: fmt.Sprintf(`{"i":%d}`, i)})
		}
	}
	outs := runOne(t, &responses.Loop{Tools: []responses.Handler{responses.ShellFunc(responses.Shell(), exec), wait}}, responsestest.Items(items...))
	if want := []string{"cmd 0", "cmd 1", "cmd 2", "cmd 3", "cmd 4"}; !slices.Equal(ran, want) || most != 1 {
		t.Errorf("shell commands ran in the order %v, at most %d at once; want %v one at a time", ran, most, want)
	}
	for _, out := range outs {
		if o, ok := out.(*responses.FunctionCallOutput); ok && o.Output.Text() != "ok" {
			t.Errorf("function output = %q", o.Output.Text())
		}
	}
}

func TestApplyPatchOperationPatch(t *testing.T) {
	t.Parallel()
	var call responses.ApplyPatchCall
	if err := json.Unmarshal([]byte(`{"type":"apply_patch_call","call_id":"c","operation":{"type":"update_file","path":"a.go","diff":"@@\n-a\n+b\n","extra":1}}`), &call); err != nil {
		t.Fatal(err)
	}
	want := patch.Operation{Type: patch.UpdateFile, Path: "a.go", Diff: "@@\n-a\n+b\n"}
	if got := call.Operation.Patch(); got != want {
		t.Errorf("Patch() = %+v, want %+v", got, want)
	}
}
