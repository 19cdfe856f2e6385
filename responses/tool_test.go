package responses

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// want reports got != want as "field = got, want want".
func want[T comparable](t *testing.T, field string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", field, got, want)
	}
}

// decodeToolFixture decodes testdata/tools/name into v (a *Tool or *ToolChoice),
// checks that encoding it gives back the same JSON, and returns what
// unmodeled reports for it.
func decodeToolFixture(t *testing.T, name string, v any) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "tools", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := wire.Unmarshal(data, v); err != nil {
		t.Fatalf("Unmarshal(%s) = %v", name, err)
	}
	out, err := wire.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal = %v", err)
	}
	if diff := jsontest.Diff(data, out); diff != "" {
		t.Errorf("round trip differs:\n%s\ngot %s", diff, out)
	}
	return unmodeled(v)
}

// A fixture is a file of testdata/tools and the checks of its decoded value.
type fixture[T any] struct {
	file  string
	check func(t *testing.T, v T)
}

var toolFixtures = []fixture[Tool]{
	{"function.json", func(t *testing.T, tool Tool) {
		f := as[*FunctionTool](t, tool)
		want(t, "Name", f.Name, "get_weather")
		want(t, "Strict", f.Strict != nil && !*f.Strict, true)
		want(t, "Parameters", string(f.Parameters[:15]), `{"type": "objec`)
		want(t, "AllowedCallers", strings.Join(f.AllowedCallers, ","), CallerDirect+","+CallerProgrammatic)
		want(t, "OutputSchema", f.OutputSchema == nil, true)
	}},
	{"function_reference.json", func(t *testing.T, tool Tool) {
		f := as[*FunctionTool](t, tool)
		want(t, "Name", f.Name, "get_weather")
		want(t, "Strict", f.Strict == nil, true)
		want(t, "Parameters", f.Parameters == nil, true)
	}},
	{"custom_text.json", func(t *testing.T, tool Tool) {
		c := as[*CustomTool](t, tool)
		want(t, "Name", c.Name, "notes")
		as[*FormatText](t, c.Format)
		want(t, "Async", c.Async, true)
		want(t, "AllowedCallers", c.AllowedCallers != nil && len(c.AllowedCallers) == 0, true)
	}},
	{"custom_grammar.json", func(t *testing.T, tool Tool) {
		g := as[*Grammar](t, as[*CustomTool](t, tool).Format)
		want(t, "Syntax", g.Syntax, SyntaxLark)
		want(t, "Definition", g.Definition, "start: \"SELECT \" NAME\nNAME: /[a-z]+/")
	}},
	{"namespace.json", func(t *testing.T, tool Tool) {
		n := as[*NamespaceTool](t, tool)
		want(t, "Name", n.Name, "crm")
		if len(n.Tools) != 2 {
			t.Fatalf("len(Tools) = %d, want 2", len(n.Tools))
		}
		f := as[*FunctionTool](t, n.Tools[0])
		want(t, "Tools[0].DeferLoading", f.DeferLoading, true)
		want(t, "Tools[0].Strict", f.Strict == nil, true)
		want(t, "Tools[1].Format.Syntax", as[*Grammar](t, as[*CustomTool](t, n.Tools[1]).Format).Syntax, SyntaxRegex)
	}},
	{"tool_search.json", func(t *testing.T, tool Tool) {
		s := as[*ToolSearchTool](t, tool)
		want(t, "Execution", s.Execution, "client")
		want(t, "Parameters", len(s.Parameters) > 0, true)
	}},
	{"file_search.json", func(t *testing.T, tool Tool) {
		f := as[*FileSearchTool](t, tool)
		want(t, "VectorStoreIDs", strings.Join(f.VectorStoreIDs, ","), "vs_1,vs_2")
		want(t, "RankingOptions.HybridSearch.EmbeddingWeight", f.RankingOptions.HybridSearch.EmbeddingWeight, 0.7)
		and := as[*CompoundFilter](t, f.Filters)
		want(t, "Filters.Type", and.Type, "and")
		eq := as[*ComparisonFilter](t, and.Filters[0])
		want(t, "Filters[0]", eq.Type+" "+eq.Key+" "+eq.Value.(string), "eq region eu")
		in := as[*ComparisonFilter](t, and.Filters[1])
		if diff := cmp.Diff([]any{2024.0, 2025.0}, in.Value); diff != "" {
			t.Errorf("Filters[1].Value differs (-want +got):\n%s", diff)
		}
		ne := as[*ComparisonFilter](t, as[*CompoundFilter](t, and.Filters[2]).Filters[1])
		want(t, "Filters[2].Filters[1].Value", ne.Value, any(false))
	}},
	{"file_search_null.json", func(t *testing.T, tool Tool) {
		f := as[*FileSearchTool](t, tool)
		want(t, "VectorStoreIDs", f.VectorStoreIDs != nil && len(f.VectorStoreIDs) == 0, true)
		want(t, "Filters", f.Filters, nil)
		want(t, "RankingOptions", f.RankingOptions, nil)
	}},
	{"web_search.json", func(t *testing.T, tool Tool) {
		w := as[*WebSearchTool](t, tool)
		want(t, "Type", w.Type, "web_search")
		want(t, "ExternalWebAccess", w.ExternalWebAccess != nil && !*w.ExternalWebAccess, true)
		want(t, "UserLocation.Country", w.UserLocation.Country, "US")
		want(t, "SearchContextSize", w.SearchContextSize, "low")
		want(t, "ReturnTokenBudget", w.ReturnTokenBudget, "default")
	}},
	{"web_search_dated.json", func(t *testing.T, tool Tool) {
		w := as[*WebSearchTool](t, tool)
		want(t, "Type", w.Type, "web_search_2025_08_26")
		want(t, "UserLocation.City", w.UserLocation.City, "Utrecht")
		want(t, "UserLocation.Type", w.UserLocation.Type, "")
	}},
	{"web_search_preview.json", func(t *testing.T, tool Tool) {
		w := as[*WebSearchPreviewTool](t, tool)
		want(t, "Type", w.Type, "web_search_preview")
		want(t, "SearchContentTypes", strings.Join(w.SearchContentTypes, ","), "text,image")
		want(t, "UserLocation", w.UserLocation, nil)
	}},
	{"web_search_preview_dated.json", func(t *testing.T, tool Tool) {
		w := as[*WebSearchPreviewTool](t, tool)
		want(t, "Type", w.Type, "web_search_preview_2025_03_11")
		want(t, "UserLocation.Timezone", w.UserLocation.Timezone, "Europe/Paris")
	}},
	{"mcp_names.json", func(t *testing.T, tool Tool) {
		m := as[*MCPTool](t, tool)
		want(t, "ServerLabel", m.ServerLabel, "deepwiki")
		want(t, "AllowedTools.Names", strings.Join(m.AllowedTools.Names, ","), "ask_question,read_wiki_structure")
		want(t, "AllowedTools.Filter", m.AllowedTools.Filter, nil)
		want(t, "RequireApproval", m.RequireApproval, MCPApprovalPolicy(MCPApprovalNever))
		want(t, "Headers[X-Trace]", m.Headers["X-Trace"], "1")
	}},
	{"mcp_filters.json", func(t *testing.T, tool Tool) {
		m := as[*MCPTool](t, tool)
		want(t, "ConnectorID", m.ConnectorID, "connector_googledrive")
		want(t, "AllowedTools.Filter.ToolNames", m.AllowedTools.Filter.ToolNames != nil, true)
		a := as[*MCPApprovalFilter](t, m.RequireApproval)
		want(t, "RequireApproval.Always.ToolNames[0]", a.Always.ToolNames[0], "delete_file")
		want(t, "RequireApproval.Never.ReadOnly", a.Never.ReadOnly, true)
	}},
	{"mcp_null.json", func(t *testing.T, tool Tool) {
		m := as[*MCPTool](t, tool)
		want(t, "AllowedTools.Names", m.AllowedTools.Names == nil && m.AllowedTools.Filter == nil, true)
		want(t, "RequireApproval", m.RequireApproval, nil)
	}},
	{"code_interpreter_auto.json", func(t *testing.T, tool Tool) {
		c := as[*ContainerAuto](t, as[*CodeInterpreterTool](t, tool).Container)
		want(t, "MemoryLimit", c.MemoryLimit, "4g")
		want(t, "NetworkPolicy.Type", c.NetworkPolicy.Type, "allowlist")
		want(t, "NetworkPolicy.DomainSecrets[0].Name", c.NetworkPolicy.DomainSecrets[0].Name, "TOKEN")
	}},
	{"code_interpreter_id.json", func(t *testing.T, tool Tool) {
		want(t, "Container", as[*CodeInterpreterTool](t, tool).Container, CodeInterpreterContainer(ContainerID("cntr_123")))
	}},
	{"shell_container_auto.json", func(t *testing.T, tool Tool) {
		c := as[*ContainerAuto](t, as[*ShellTool](t, tool).Environment)
		want(t, "NetworkPolicy.Type", c.NetworkPolicy.Type, "disabled")
		want(t, "Skills[0].Version", as[*SkillReference](t, c.Skills[0]).Version, "latest")
		want(t, "Skills[1].Source.Data", as[*InlineSkill](t, c.Skills[1]).Source.Data, "UEsDBA==")
	}},
	{"shell_local.json", func(t *testing.T, tool Tool) {
		l := as[*LocalEnvironment](t, as[*ShellTool](t, tool).Environment)
		want(t, "Skills[0].Path", l.Skills[0].Path, "skills/lint")
	}},
	{"shell_reference.json", func(t *testing.T, tool Tool) {
		r := as[*ContainerReference](t, as[*ShellTool](t, tool).Environment)
		want(t, "ContainerID", r.ContainerID, "cntr_123")
	}},
	{"shell_bare.json", func(t *testing.T, tool Tool) {
		want(t, "Environment", as[*ShellTool](t, tool).Environment, nil)
	}},
	{"local_shell.json", func(t *testing.T, tool Tool) { as[*LocalShellTool](t, tool) }},
	{"apply_patch.json", func(t *testing.T, tool Tool) { as[*ApplyPatchTool](t, tool) }},
	{"computer.json", func(t *testing.T, tool Tool) { as[*ComputerTool](t, tool) }},
	{"computer_use_preview.json", func(t *testing.T, tool Tool) {
		c := as[*ComputerUsePreviewTool](t, tool)
		want(t, "Environment", c.Environment, "browser")
		want(t, "DisplayWidth", c.DisplayWidth, 1024)
	}},
	{"programmatic_tool_calling.json", func(t *testing.T, tool Tool) { as[*ProgrammaticToolCallingTool](t, tool) }},
	{"image_generation.json", func(t *testing.T, tool Tool) {
		g := as[*ImageGenerationTool](t, tool)
		want(t, "OutputCompression", g.OutputCompression != nil && *g.OutputCompression == 0, true)
		want(t, "Size", g.Size, "1536x864")
		want(t, "FrameDurationMs", g.FrameDurationMs, 120)
		want(t, "InputImageMask.FileID", g.InputImageMask.FileID, "file-mask")
		want(t, "SVG.Reasoning.Effort", g.SVG.Reasoning.Effort, "low")
		want(t, "N", g.N, 1)
	}},
	{"unknown_tool.json", func(t *testing.T, tool Tool) {
		want(t, "Type", as[*Unknown](t, tool).Type, "time_travel")
	}},
}

var toolChoiceFixtures = []fixture[ToolChoice]{
	{"choice_mode.json", func(t *testing.T, c ToolChoice) {
		want(t, "choice", c, ToolChoice(ToolChoiceRequired))
	}},
	{"choice_function.json", func(t *testing.T, c ToolChoice) {
		want(t, "Name", as[*ToolChoiceFunction](t, c).Name, "final_result")
	}},
	{"choice_custom.json", func(t *testing.T, c ToolChoice) {
		want(t, "Name", as[*ToolChoiceCustom](t, c).Name, "sql")
	}},
	{"choice_mcp.json", func(t *testing.T, c ToolChoice) {
		m := as[*ToolChoiceMCP](t, c)
		want(t, "ServerLabel", m.ServerLabel, "deepwiki")
		want(t, "Name", m.Name, "")
	}},
	{"choice_mcp_bare.json", func(t *testing.T, c ToolChoice) {
		want(t, "ServerLabel", as[*ToolChoiceMCP](t, c).ServerLabel, "")
	}},
	{"choice_allowed.json", func(t *testing.T, c ToolChoice) {
		a := as[*ToolChoiceAllowed](t, c)
		want(t, "Mode", a.Mode, ToolChoiceAuto)
		if len(a.Tools) != 3 {
			t.Fatalf("len(Tools) = %d, want 3", len(a.Tools))
		}
		want(t, "Tools[0].Name", as[*FunctionTool](t, a.Tools[0]).Name, "get_weather")
		want(t, "Tools[1].ServerLabel", as[*MCPTool](t, a.Tools[1]).ServerLabel, "deepwiki")
		as[*ImageGenerationTool](t, a.Tools[2])
	}},
	{"choice_hosted.json", func(t *testing.T, c ToolChoice) {
		want(t, "Type", as[*ToolChoiceHosted](t, c).Type, "web_search_preview_2025_03_11")
	}},
	{"choice_apply_patch.json", func(t *testing.T, c ToolChoice) {
		want(t, "Type", as[*ToolChoiceHosted](t, c).Type, "apply_patch")
	}},
	{"choice_shell.json", func(t *testing.T, c ToolChoice) {
		want(t, "Type", as[*ToolChoiceHosted](t, c).Type, "shell")
	}},
	{"choice_programmatic_tool_calling.json", func(t *testing.T, c ToolChoice) {
		want(t, "Type", as[*ToolChoiceHosted](t, c).Type, "programmatic_tool_calling")
	}},
	{"choice_unknown.json", func(t *testing.T, c ToolChoice) {
		want(t, "Type", as[*Unknown](t, c).Type, "teleport")
	}},
}

func TestToolFixtures(t *testing.T)       { testFixtures(t, toolFixtures) }
func TestToolChoiceFixtures(t *testing.T) { testFixtures(t, toolChoiceFixtures) }

// testFixtures decodes each fixture as a T, checks its round trip, that
// only an unknown kind is reported by unmodeled, and runs its checks.
func testFixtures[T any](t *testing.T, fixtures []fixture[T]) {
	for _, tt := range fixtures {
		t.Run(tt.file, func(t *testing.T) {
			var v T
			got := decodeToolFixture(t, tt.file, &v)
			var wantUnmodeled []string
			if u, ok := any(v).(*Unknown); ok {
				wantUnmodeled = []string{"unknown " + u.Type}
			}
			if !slices.Equal(got, wantUnmodeled) {
				t.Errorf("unmodeled = %q, want %q", got, wantUnmodeled)
			}
			tt.check(t, v)
		})
	}
}

// TestToolFixturesListed makes sure that every fixture has a check.
func TestToolFixturesListed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "tools", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, tt := range toolFixtures {
		listed = append(listed, tt.file)
	}
	for _, tt := range toolChoiceFixtures {
		listed = append(listed, tt.file)
	}
	for _, f := range files {
		if !slices.Contains(listed, filepath.Base(f)) {
			t.Errorf("fixture %s has no entry in toolFixtures or toolChoiceFixtures", f)
		}
	}
}

// TestToolKindsCovered checks that the fixtures hold every kind of tool and
// every Go type of tool choice.
func TestToolKindsCovered(t *testing.T) {
	tools := map[string]bool{}
	for _, tt := range toolFixtures {
		tools[fixtureType(t, tt.file)] = true
	}
	for k := range variantMap(toolVariants) {
		if !tools[k] {
			t.Errorf("no fixture for the tool %q", k)
		}
	}
	choices := map[reflect.Type]bool{}
	for _, tt := range toolChoiceFixtures {
		if k := fixtureType(t, tt.file); k != "" {
			choices[reflect.TypeOf(variantMap(toolChoiceVariants)[k])] = true
		}
	}
	for k, v := range variantMap(toolChoiceVariants) {
		if !choices[reflect.TypeOf(v)] {
			t.Errorf("no fixture for the tool choice %q (%T)", k, v)
		}
	}
}

func fixtureType(t *testing.T, file string) string {
	data, err := os.ReadFile(filepath.Join("testdata", "tools", file))
	if err != nil {
		t.Fatal(err)
	}
	return gjson.GetBytes(data, "type").String()
}

// TestToolEncode checks the JSON of tools and tool choices built in Go,
// with the constructors and without.
func TestToolEncode(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"WebSearch", WebSearch(), `{"type":"web_search"}`},
		{"FileSearch", FileSearch("vs_1", "vs_2"), `{"type":"file_search","vector_store_ids":["vs_1","vs_2"]}`},
		{"FileSearch/none", FileSearch(), `{"type":"file_search","vector_store_ids":[]}`},
		{"CodeInterpreter", CodeInterpreter(), `{"type":"code_interpreter","container":{"type":"auto"}}`},
		{"CodeInterpreter/files", CodeInterpreter("file-1"), `{"type":"code_interpreter","container":{"type":"auto","file_ids":["file-1"]}}`},
		{"CodeInterpreter/id", &CodeInterpreterTool{Container: ContainerID("cntr_1")}, `{"type":"code_interpreter","container":"cntr_1"}`},
		{"MCP", MCP("deepwiki", "https://mcp.deepwiki.com/mcp"), `{"type":"mcp","server_label":"deepwiki","server_url":"https://mcp.deepwiki.com/mcp"}`},
		{"MCP/options", &MCPTool{
			ServerLabel:     "d",
			AllowedTools:    MCPAllowedTools{Names: []string{"ask"}},
			RequireApproval: MCPApprovalNever,
		}, `{"type":"mcp","server_label":"d","allowed_tools":["ask"],"require_approval":"never"}`},
		{"MCP/filters", &MCPTool{
			ServerLabel:     "d",
			AllowedTools:    MCPAllowedTools{Filter: &MCPToolFilter{ReadOnly: true}},
			RequireApproval: &MCPApprovalFilter{Never: &MCPToolFilter{ToolNames: []string{"ask"}}},
		}, `{"type":"mcp","server_label":"d","allowed_tools":{"read_only":true},"require_approval":{"never":{"tool_names":["ask"]}}}`},
		{"Shell", Shell(), `{"type":"shell"}`},
		{"Shell/container", &ShellTool{Environment: &ContainerAuto{Skills: []Skill{&SkillReference{SkillID: "s"}}}},
			`{"type":"shell","environment":{"type":"container_auto","skills":[{"type":"skill_reference","skill_id":"s"}]}}`},
		{"ApplyPatch", ApplyPatch(), `{"type":"apply_patch"}`},
		{"CustomTool/grammar", &CustomTool{Name: "sql", Description: "Runs SQL.", Format: &Grammar{Syntax: SyntaxLark, Definition: "start: x"}},
			`{"type":"custom","name":"sql","description":"Runs SQL.","format":{"type":"grammar","syntax":"lark","definition":"start: x"}}`},
		{"FunctionTool", &FunctionTool{Name: "f", Parameters: []byte(`{"type":"object"}`), Strict: new(true)},
			`{"type":"function","name":"f","parameters":{"type":"object"},"strict":true}`},
		{"ImageGeneration/zero compression", &ImageGenerationTool{OutputCompression: new(0)},
			`{"type":"image_generation","output_compression":0}`},
		{"Filter", &FileSearchTool{VectorStoreIDs: []string{"vs"}, Filters: &CompoundFilter{Type: "or", Filters: []Filter{
			&ComparisonFilter{Type: "eq", Key: "k", Value: "v"},
			&ComparisonFilter{Type: "in", Key: "n", Value: []int{1, 2}},
		}}}, `{"type":"file_search","vector_store_ids":["vs"],"filters":{"type":"or","filters":[{"type":"eq","key":"k","value":"v"},{"type":"in","key":"n","value":[1,2]}]}}`},
		{"ToolChoiceAllowed", &ToolChoiceAllowed{Mode: ToolChoiceRequired, Tools: []Tool{&FunctionTool{Name: "f"}, WebSearch()}},
			`{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"f"},{"type":"web_search"}]}`},
		{"ToolChoiceHosted", &ToolChoiceHosted{Type: "file_search"}, `{"type":"file_search"}`},
		{"ToolChoiceMCP", &ToolChoiceMCP{ServerLabel: "d", Name: "ask"}, `{"type":"mcp","server_label":"d","name":"ask"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				got []byte
				err error
			)
			switch v := tt.v.(type) {
			case Tool:
				got, err = wire.Marshal(&v)
			case ToolChoice:
				got, err = wire.Marshal(&v)
			default:
				t.Fatalf("%T is neither a Tool nor a ToolChoice", v)
			}
			if err != nil {
				t.Fatalf("Marshal = %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestMCPAllowedToolsWrongKind checks that allowed_tools of a kind that is
// neither a list nor an object is kept, not lost.
func TestMCPAllowedToolsWrongKind(t *testing.T) {
	for _, in := range []string{
		`{"type":"mcp","server_label":"x","allowed_tools":"ask"}`,
		`{"type":"mcp","server_label":"x","allowed_tools":[1,2]}`,
		`{"type":"mcp","server_label":"x","allowed_tools":{"tool_names":"ask"}}`,
	} {
		var tool Tool
		if err := wire.Unmarshal([]byte(in), &tool); err != nil {
			t.Errorf("Unmarshal(%s) = %v", in, err)
			continue
		}
		out, err := wire.Marshal(&tool)
		if err != nil {
			t.Fatal(err)
		}
		if diff := jsontest.Diff([]byte(in), out); diff != "" {
			t.Errorf("round trip of %s differs:\n%s", in, diff)
		}
		if got := unmodeled(&tool); len(got) != 1 {
			t.Errorf("unmodeled(%s) = %q, want the allowed_tools member", in, got)
		}
	}
}

func TestMCPAllowedToolsUnmarshalError(t *testing.T) {
	for _, in := range []string{`"ask"`, `12`, `true`, ``} {
		var a MCPAllowedTools
		err := a.UnmarshalJSON([]byte(in))
		if _, ok := err.(*json.UnmarshalTypeError); !ok {
			t.Errorf("UnmarshalJSON(%s) = %v, want a *json.UnmarshalTypeError", in, err)
		}
	}
}
