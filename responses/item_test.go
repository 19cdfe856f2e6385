package responses

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/patch"
	"github.com/tidwall/gjson"
)

// roundTrip decodes data into v and checks that encoding v gives back the
// same JSON.
func roundTrip(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := wire.Unmarshal(data, v); err != nil {
		t.Fatalf("Unmarshal(%.40q…) = %v", data, err)
	}
	out, err := wire.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal = %v", err)
	}
	if diff := jsontest.Diff(data, out); diff != "" {
		t.Errorf("round trip differs:\n%s", diff)
	}
}

// decodeFixture decodes testdata/items/name into an Item and checks its round
// trip.
func decodeFixture(t *testing.T, name string) Item {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "items", name))
	if err != nil {
		t.Fatal(err)
	}
	var it Item
	roundTrip(t, data, &it)
	return it
}

// as returns v as a T, or fails the test.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		var want T
		t.Fatalf("decoded %T, want %T", v, want)
	}
	return x
}

func TestDecodeItem(t *testing.T) {
	tests := []struct {
		file string
		// unmodeled lists what the fixture holds on purpose without a Go
		// type.
		unmodeled []string
		check     func(t *testing.T, it Item)
	}{
		{file: "message_easy.json", check: func(t *testing.T, it Item) {
			m := as[*Message](t, it)
			if m.Role != RoleUser || m.Text() != "What is in this file?" || m.Type != "" {
				t.Errorf("got %+v", m)
			}
		}},
		{file: "message_input.json", check: func(t *testing.T, it Item) {
			m := as[*Message](t, it)
			if len(m.Content) != 3 {
				t.Fatalf("Content has %d parts, want 3", len(m.Content))
			}
			if p := as[*InputText](t, m.Content[0]); p.CacheBreakpoint == nil || p.CacheBreakpoint.TTL != "30m" {
				t.Errorf("CacheBreakpoint = %+v", p.CacheBreakpoint)
			}
			as[*InputImage](t, m.Content[1])
			if f := as[*InputFile](t, m.Content[2]); f.Filename != "a.pdf" {
				t.Errorf("Filename = %q", f.Filename)
			}
		}},
		{file: "message_output.json", check: func(t *testing.T, it Item) {
			m := as[*Message](t, it)
			if m.Text() != "Hi" || m.Phase != "final_answer" {
				t.Errorf("got %+v", m)
			}
		}},
		{file: "item_reference.json", check: func(t *testing.T, it Item) {
			if r := as[*ItemReference](t, it); r.ID != "msg_123" {
				t.Errorf("ID = %q", r.ID)
			}
		}},
		{file: "item_reference_short.json", check: func(t *testing.T, it Item) {
			if m := as[*Message](t, it); m.ID != "msg_456" || m.Role != "" || m.Content != nil {
				t.Errorf("got %+v", m)
			}
		}},
		{file: "file_search_call.json", check: func(t *testing.T, it Item) {
			c := as[*FileSearchCall](t, it)
			if len(c.Results) != 2 || c.Results[0].Attributes["year"] != 2024.0 || c.Results[0].Attributes["draft"] != false || c.Results[1].Score != 0.93 {
				t.Errorf("Results = %+v", c.Results)
			}
			if c.Queries == nil || len(c.Queries) != 0 {
				t.Errorf("Queries = %#v, want empty", c.Queries)
			}
		}},
		{file: "computer_call.json", unmodeled: []string{"unknown zoom"}, check: func(t *testing.T, it Item) {
			c := as[*ComputerCall](t, it)
			if a := as[*ClickAction](t, c.Action); a.Button != "left" || a.X != 0 || a.Keys != nil {
				t.Errorf("Action = %+v", a)
			}
			var kinds []string
			for _, a := range c.Actions {
				kinds = append(kinds, strings.TrimPrefix(fmt.Sprintf("%T", a), "*responses."))
			}
			want := []string{"DoubleClickAction", "DragAction", "KeypressAction", "MoveAction", "ScreenshotAction", "ScrollAction", "TypeAction", "WaitAction", "Unknown"}
			if diff := cmp.Diff(want, kinds); diff != "" {
				t.Errorf("Actions (-want +got):\n%s", diff)
			}
			if d := as[*DragAction](t, c.Actions[1]); len(d.Path) != 2 || d.Path[1].Y != 7 {
				t.Errorf("Path = %+v", d.Path)
			}
			if s := as[*ScrollAction](t, c.Actions[5]); s.ScrollY != -300 {
				t.Errorf("ScrollY = %d", s.ScrollY)
			}
			if len(c.PendingSafetyChecks) != 1 || c.PendingSafetyChecks[0].Code != "malicious_instructions" {
				t.Errorf("PendingSafetyChecks = %+v", c.PendingSafetyChecks)
			}
		}},
		{file: "computer_call_output.json", check: func(t *testing.T, it Item) {
			o := as[*ComputerCallOutput](t, it)
			if s, ok := o.Output.(*ComputerScreenshot); !ok || !strings.HasPrefix(s.ImageURL, "data:") {
				t.Errorf("Output = %#v", o.Output)
			}
			if o.CreatedBy != "user_1" || len(o.AcknowledgedSafetyChecks) != 1 {
				t.Errorf("got %+v", o)
			}
		}},
		{file: "web_search_call.json", check: func(t *testing.T, it Item) {
			a := as[*SearchAction](t, as[*WebSearchCall](t, it).Action)
			want := []WebSearchSource{{Type: "url", URL: "https://example.com/w"}, {Type: "api", Name: "oai-weather"}}
			if diff := cmp.Diff(want, a.Sources, cmpopts.IgnoreUnexported(WebSearchSource{})); diff != "" || a.Query != "weather" || len(a.Queries) != 2 {
				t.Errorf("Action = %+v; sources (-want +got):\n%s", a, diff)
			}
		}},
		{file: "web_search_call_open_page.json", check: func(t *testing.T, it Item) {
			c := as[*WebSearchCall](t, it)
			if a := as[*OpenPageAction](t, c.Action); a.URL != "" || c.Status != "failed" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "web_search_call_find.json", check: func(t *testing.T, it Item) {
			if a := as[*FindInPageAction](t, as[*WebSearchCall](t, it).Action); a.Type != "find" {
				t.Errorf("Type = %q", a.Type)
			}
		}},
		{file: "web_search_call_find_in_page.json", check: func(t *testing.T, it Item) {
			if a := as[*FindInPageAction](t, as[*WebSearchCall](t, it).Action); a.Pattern != "rain" || a.Type != "find_in_page" {
				t.Errorf("got %+v", a)
			}
		}},
		{file: "function_call.json", check: func(t *testing.T, it Item) {
			c := as[*FunctionCall](t, it)
			if c.Caller == nil || c.Caller.CallerID != "call_prog_1" || c.CreatedBy != "resp_1" || c.Namespace != "crm" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "function_call_output.json", check: func(t *testing.T, it Item) {
			o := as[*FunctionCallOutput](t, it)
			if len(o.Output) != 3 || o.Name != "lookup" || o.Caller.Type != "direct" {
				t.Errorf("got %+v", o)
			}
			as[*InputFile](t, o.Output[2])
		}},
		{file: "function_call_output_text.json", check: func(t *testing.T, it Item) {
			if o := as[*FunctionCallOutput](t, it); len(o.Output) != 1 || o.Output.Text() != "" {
				t.Errorf("Output = %#v", o.Output)
			}
		}},
		{file: "tool_search_call.json", check: func(t *testing.T, it Item) {
			c := as[*ToolSearchCall](t, it)
			if gjson.GetBytes(c.Arguments, "queries.0").String() != "crm" || c.CallID != "" || c.Execution != "server" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "tool_search_output.json", check: func(t *testing.T, it Item) {
			o := as[*ToolSearchOutput](t, it)
			if f, ok := o.Tools[0].(*FunctionTool); !ok || !f.DeferLoading {
				t.Errorf("Tools = %#v", o.Tools)
			}
		}},
		{file: "additional_tools.json", check: func(t *testing.T, it Item) {
			if a := as[*AdditionalTools](t, it); a.Role != RoleDeveloper || a.Tools == nil {
				t.Errorf("got %+v", a)
			}
		}},
		{file: "configuration_update.json", check: func(t *testing.T, it Item) {
			u := as[*ConfigurationUpdate](t, it)
			if f, ok := u.Text.Format.(*FormatJSONSchema); !ok || f.Name != "out" || u.Reasoning == nil {
				t.Errorf("got %+v", u)
			}
		}},
		{file: "reasoning.json", check: func(t *testing.T, it Item) {
			if r := as[*ReasoningItem](t, it); r.Summary == nil || len(r.Content) != 1 {
				t.Errorf("got %+v", r)
			}
		}},
		{file: "compaction.json", check: func(t *testing.T, it Item) {
			if c := as[*Compaction](t, it); c.EncryptedContent != "gAAAA" || !wire.Present(c, "created_by") {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "compaction_trigger.json", check: func(t *testing.T, it Item) {
			as[*CompactionTrigger](t, it)
		}},
		{file: "image_generation_call.json", check: func(t *testing.T, it Item) {
			c := as[*ImageGenerationCall](t, it)
			if c.Error == nil || c.Error.ModerationDetails.ModerationStage != "input" || c.SVGUsage.Model != "gpt-5" || c.Result != "" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "code_interpreter_call.json", check: func(t *testing.T, it Item) {
			c := as[*CodeInterpreterCall](t, it)
			if len(c.Outputs) != 2 {
				t.Fatalf("Outputs = %#v", c.Outputs)
			}
			as[*CodeInterpreterLogs](t, c.Outputs[0])
			if img := as[*CodeInterpreterImage](t, c.Outputs[1]); img.URL == "" {
				t.Error("image URL is empty")
			}
		}},
		{file: "code_interpreter_call_null.json", check: func(t *testing.T, it Item) {
			if c := as[*CodeInterpreterCall](t, it); c.Outputs != nil || c.Code != "" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "local_shell_call.json", check: func(t *testing.T, it Item) {
			c := as[*LocalShellCall](t, it)
			if c.Action.Type != "exec" || len(c.Action.Command) != 2 || c.Action.Env == nil || c.Action.WorkingDirectory != "/tmp" {
				t.Errorf("Action = %+v", c.Action)
			}
		}},
		{file: "local_shell_call_output.json", check: func(t *testing.T, it Item) {
			if o := as[*LocalShellCallOutput](t, it); o.ID != "call_ls_1" {
				t.Errorf("ID = %q", o.ID)
			}
		}},
		{file: "shell_call.json", check: func(t *testing.T, it Item) {
			c := as[*ShellCall](t, it)
			env := as[*LocalEnvironment](t, c.Environment)
			if len(c.Action.Commands) != 2 || env.Skills[0].Path != "skills/pdf" || c.Caller != nil {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "shell_call_container.json", check: func(t *testing.T, it Item) {
			if env := as[*ContainerReference](t, as[*ShellCall](t, it).Environment); env.ContainerID != "cntr_9" {
				t.Errorf("Environment = %+v", env)
			}
		}},
		{file: "shell_call_output.json", check: func(t *testing.T, it Item) {
			o := as[*ShellCallOutput](t, it)
			if len(o.Output) != 2 {
				t.Fatalf("Output = %+v", o.Output)
			}
			if e := as[*ShellExit](t, o.Output[0].Outcome); e.ExitCode != 0 || o.Output[0].Stdout != "hi\n" {
				t.Errorf("Output[0] = %+v", o.Output[0])
			}
			as[*ShellTimeout](t, o.Output[1].Outcome)
		}},
		{file: "apply_patch_call.json", check: func(t *testing.T, it Item) {
			c := as[*ApplyPatchCall](t, it)
			if c.Operation.Type != patch.CreateFile || c.Operation.Path != "hello.txt" || c.Operation.Diff != "+Hello\n" {
				t.Errorf("Operation = %+v", c.Operation)
			}
		}},
		{file: "apply_patch_call_delete.json", check: func(t *testing.T, it Item) {
			if c := as[*ApplyPatchCall](t, it); c.Operation.Type != patch.DeleteFile || c.Operation.Diff != "" {
				t.Errorf("Operation = %+v", c.Operation)
			}
		}},
		{file: "apply_patch_call_output.json", check: func(t *testing.T, it Item) {
			if o := as[*ApplyPatchCallOutput](t, it); o.Status != "failed" || o.CallID != "call_ap_1" {
				t.Errorf("got %+v", o)
			}
		}},
		{file: "mcp_list_tools.json", check: func(t *testing.T, it Item) {
			l := as[*MCPListTools](t, it)
			if len(l.Tools) != 2 || gjson.GetBytes(l.Tools[0].Annotations, "readOnlyHint").Bool() != true {
				t.Errorf("Tools = %+v", l.Tools)
			}
		}},
		{file: "mcp_approval_request.json", check: func(t *testing.T, it Item) {
			if r := as[*MCPApprovalRequest](t, it); r.Name != "delete" {
				t.Errorf("got %+v", r)
			}
		}},
		{file: "mcp_approval_response.json", check: func(t *testing.T, it Item) {
			if r := as[*MCPApprovalResponse](t, it); r.Approve || r.ApprovalRequestID != "mcpr_1" {
				t.Errorf("got %+v", r)
			}
		}},
		{file: "mcp_call.json", check: func(t *testing.T, it Item) {
			if e := as[*MCPProtocolFailure](t, as[*MCPCall](t, it).Error); e.Code != 0 {
				t.Errorf("Error = %+v", e)
			}
		}},
		{file: "mcp_call_http_error.json", check: func(t *testing.T, it Item) {
			if e := as[*MCPHTTPFailure](t, as[*MCPCall](t, it).Error); e.Code != 502 {
				t.Errorf("Error = %+v", e)
			}
		}},
		{file: "mcp_call_execution_error.json", check: func(t *testing.T, it Item) {
			if e := as[*MCPToolExecutionFailure](t, as[*MCPCall](t, it).Error); !gjson.ValidBytes(e.Content) || len(e.Content) == 0 {
				t.Errorf("Error = %+v", e)
			}
		}},
		{file: "custom_tool_call.json", check: func(t *testing.T, it Item) {
			if c := as[*CustomToolCall](t, it); c.Name != "sql" || c.Namespace != "db" || c.Input != "" {
				t.Errorf("got %+v", c)
			}
		}},
		{file: "custom_tool_call_output.json", check: func(t *testing.T, it Item) {
			if o := as[*CustomToolCallOutput](t, it); o.Output.Text() != "3 rows" || len(o.Output) != 2 {
				t.Errorf("got %+v", o)
			}
		}},
		{file: "program.json", check: func(t *testing.T, it Item) {
			if p := as[*Program](t, it); p.CallID != "call_prog_1" {
				t.Errorf("got %+v", p)
			}
		}},
		{file: "program_output.json", check: func(t *testing.T, it Item) {
			if p := as[*ProgramOutput](t, it); p.Status != "incomplete" {
				t.Errorf("got %+v", p)
			}
		}},
		{file: "unknown_kind.json", unmodeled: []string{"unknown hologram_call"}, check: func(t *testing.T, it Item) {
			if u := as[*Unknown](t, it); u.Type != "hologram_call" {
				t.Errorf("Type = %q", u.Type)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			it := decodeFixture(t, tt.file)
			tt.check(t, it)
			got := unmodeled(&it)
			if diff := cmp.Diff(tt.unmodeled, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unmodeled (-want +got):\n%s", diff)
			}
		})
	}

	// Every fixture is in the table, and every kind of item has a fixture.
	files, err := filepath.Glob(filepath.Join("testdata", "items", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		if !slices.ContainsFunc(tests, func(tt struct {
			file      string
			unmodeled []string
			check     func(t *testing.T, it Item)
		}) bool {
			return tt.file == name
		}) {
			t.Errorf("fixture %s is not tested", name)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kinds[gjson.GetBytes(data, "type").String()] = true
	}
	for kind := range variantMap(itemVariants) {
		if !kinds[kind] {
			t.Errorf("no fixture of item kind %q in testdata/items", kind)
		}
	}
}
