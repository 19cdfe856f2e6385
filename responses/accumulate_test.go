package responses_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// Events that the table tests start from: a response and an assistant
// message with an empty output_text part.
const (
	accCreated   = `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"m","output":[]}}`
	accMsgAdded  = `{"type":"response.output_item.added","output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[]}}`
	accTextAdded = `{"type":"response.content_part.added","item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}}`
)

// accEvent returns the JSON of an event of type typ ("response." is added) with
// the members members.
func accEvent(typ, members string) string {
	if typ != "error" {
		typ = "response." + typ
	}
	if members == "" {
		return fmt.Sprintf(`{"type":%q}`, typ)
	}
	return fmt.Sprintf(`{"type":%q,%s}`, typ, members)
}

func accTextDelta(d string) string {
	return accEvent("output_text.delta", fmt.Sprintf(`"item_id":"msg_1","output_index":0,"content_index":0,"delta":%q`, d))
}

// accAdded returns the output_item.added event of item at index i.
func accAdded(i int, item string) string {
	return accEvent("output_item.added", fmt.Sprintf(`"output_index":%d,"item":%s`, i, item))
}

type accumulateTest struct {
	name   string
	events []string
	// want is the JSON of the accumulated Output.
	want string
	// check checks more, when set.
	check func(t *testing.T, acc *responses.Accumulator)
}

var accumulateTests = []accumulateTest{
	{
		name:   "text deltas",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hello"), accTextDelta(", "), accTextDelta("world")},
		want:   `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hello, world"}]}]`,
	},
	{
		name:   "a delta creates the part that was not announced",
		events: []string{accCreated, accMsgAdded, accTextDelta("Hi")},
		want:   `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hi"}]}]`,
	},
	{
		name: "the done text replaces the deltas, and later deltas extend it",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hel"),
			accEvent("output_text.done", `"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello"`),
			accTextDelta("!")},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hello!"}]}]`,
	},
	{
		name: "log probabilities",
		events: []string{accCreated, accMsgAdded, accTextAdded,
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"a","logprobs":[{"token":"a","logprob":-0.5}]`),
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"b","logprobs":[{"token":"b","logprob":-1}]`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"ab","logprobs":[{"token":"a","logprob":-0.5},{"token":"b","logprob":-1}]}]}]`,
	},
	{
		name: "the done event's log probabilities replace the deltas'",
		events: []string{accCreated, accMsgAdded, accTextAdded,
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"a","logprobs":[{"token":"a","logprob":-0.5}]`),
			accEvent("output_text.done", `"item_id":"msg_1","output_index":0,"content_index":0,"text":"a","logprobs":[{"token":"a","logprob":-0.25}]`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"a","logprobs":[{"token":"a","logprob":-0.25}]}]}]`,
	},
	{
		name: "annotations",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("See [1] and [2]."),
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation_index":0,"annotation":{"type":"url_citation","url":"https://a.example","start_index":4,"end_index":7}`),
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation_index":1,"annotation":{"type":"file_citation","file_id":"file_1","index":12}`),
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation":{"type":"file_path","file_id":"file_2"}`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","text":"See [1] and [2].","annotations":[
			{"type":"url_citation","url":"https://a.example","start_index":4,"end_index":7},
			{"type":"file_citation","file_id":"file_1","index":12},
			{"type":"file_path","file_id":"file_2"}]}]}]`,
	},
	{
		name: "refusal",
		events: []string{accCreated, accMsgAdded,
			accEvent("content_part.added", `"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":""}`),
			accEvent("refusal.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"I can't"`),
			accEvent("refusal.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":" help."`),
			accEvent("refusal.delta", `"item_id":"msg_1","output_index":0,"content_index":1,"delta":"Sorry"`),
			accEvent("refusal.done", `"item_id":"msg_1","output_index":0,"content_index":1,"refusal":"Sorry."`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"refusal","refusal":"I can't help."},{"type":"refusal","refusal":"Sorry."}]}]`,
	},
	{
		name: "content parts done",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"),
			accEvent("content_part.done", `"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":"Hi there"}`),
			accEvent("content_part.done", `"item_id":"msg_1","output_index":0,"content_index":1,"part":{"type":"output_text","annotations":[],"text":"More"}`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hi there"},{"type":"output_text","annotations":[],"text":"More"}]}]`,
	},
	{
		name: "output item done replaces the item",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"),
			accEvent("output_item.done", `"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"completed","phase":"final_answer","content":[{"type":"output_text","annotations":[],"text":"Hi!"}]}`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"completed","phase":"final_answer","content":[{"type":"output_text","annotations":[],"text":"Hi!"}]}]`,
	},
	{
		name: "output item done without added",
		events: []string{accCreated,
			accEvent("output_item.done", `"output_index":0,"item":{"id":"fc_1","type":"function_call","call_id":"c","name":"f","arguments":"{}","status":"completed"}`)},
		want: `[{"id":"fc_1","type":"function_call","call_id":"c","name":"f","arguments":"{}","status":"completed"}]`,
	},
	{
		name: "reasoning summary and text",
		events: []string{accCreated,
			accAdded(0, `{"id":"rs_1","type":"reasoning","summary":[]}`),
			accEvent("reasoning_summary_part.added", `"item_id":"rs_1","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}`),
			accEvent("reasoning_summary_text.delta", `"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"**Plan**"`),
			accEvent("reasoning_summary_text.delta", `"item_id":"rs_1","output_index":0,"summary_index":0,"delta":" first"`),
			accEvent("reasoning_summary_part.done", `"item_id":"rs_1","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":"**Plan** first."}`),
			accEvent("reasoning_summary_text.delta", `"item_id":"rs_1","output_index":0,"summary_index":1,"delta":"Then"`),
			accEvent("reasoning_summary_text.done", `"item_id":"rs_1","output_index":0,"summary_index":1,"text":"Then act."`),
			accEvent("content_part.added", `"item_id":"rs_1","output_index":0,"content_index":0,"part":{"type":"reasoning_text","text":""}`),
			accEvent("reasoning_text.delta", `"item_id":"rs_1","output_index":0,"content_index":0,"delta":"think"`),
			accEvent("reasoning_text.delta", `"item_id":"rs_1","output_index":0,"content_index":0,"delta":"ing"`),
			accEvent("reasoning_text.delta", `"item_id":"rs_1","output_index":0,"content_index":1,"delta":"more"`),
			accEvent("reasoning_text.done", `"item_id":"rs_1","output_index":0,"content_index":1,"text":"more."`)},
		want: `[{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"**Plan** first."},{"type":"summary_text","text":"Then act."}],
			"content":[{"type":"reasoning_text","text":"thinking"},{"type":"reasoning_text","text":"more."}]}]`,
	},
	{
		name: "function call",
		events: []string{accCreated,
			accAdded(0, `{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_1","name":"","arguments":""}`),
			accEvent("function_call_arguments.delta", `"item_id":"fc_1","output_index":0,"delta":"{\"city\":"`),
			accEvent("function_call_arguments.delta", `"item_id":"fc_1","output_index":0,"delta":"\"Paris\"}"`),
			accEvent("function_call_arguments.done", `"item_id":"fc_1","output_index":0,"name":"weather","arguments":"{\"city\":\"Paris\"}"`)},
		want: `[{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Paris\"}"}]`,
	},
	{
		name: "custom tool call",
		events: []string{accCreated,
			accAdded(0, `{"id":"ctc_1","type":"custom_tool_call","call_id":"call_1","name":"sql","input":""}`),
			accEvent("custom_tool_call_input.delta", `"item_id":"ctc_1","output_index":0,"delta":"SELECT "`),
			accEvent("custom_tool_call_input.delta", `"item_id":"ctc_1","output_index":0,"delta":"1"`)},
		want: `[{"id":"ctc_1","type":"custom_tool_call","call_id":"call_1","name":"sql","input":"SELECT 1"}]`,
	},
	{
		name: "custom tool call done",
		events: []string{accCreated,
			accAdded(0, `{"id":"ctc_1","type":"custom_tool_call","call_id":"call_1","name":"sql","input":""}`),
			accEvent("custom_tool_call_input.delta", `"item_id":"ctc_1","output_index":0,"delta":"SELECT "`),
			accEvent("custom_tool_call_input.done", `"item_id":"ctc_1","output_index":0,"input":"SELECT 2"`)},
		want: `[{"id":"ctc_1","type":"custom_tool_call","call_id":"call_1","name":"sql","input":"SELECT 2"}]`,
	},
	{
		name: "MCP call",
		events: []string{accCreated,
			accAdded(0, `{"id":"mcp_1","type":"mcp_call","status":"in_progress","server_label":"wiki","name":"ask","arguments":""}`),
			accEvent("mcp_call.in_progress", `"item_id":"mcp_1","output_index":0`),
			accEvent("mcp_call_arguments.delta", `"item_id":"mcp_1","output_index":0,"delta":"{\"q\":"`),
			accEvent("mcp_call_arguments.delta", `"item_id":"mcp_1","output_index":0,"delta":"1}"`),
			accEvent("mcp_call.failed", `"item_id":"mcp_1","output_index":0`)},
		want: `[{"id":"mcp_1","type":"mcp_call","status":"failed","server_label":"wiki","name":"ask","arguments":"{\"q\":1}"}]`,
	},
	{
		name: "MCP calls done",
		events: []string{accCreated,
			accAdded(0, `{"id":"mcp_1","type":"mcp_call","status":"in_progress","server_label":"wiki","name":"ask","arguments":""}`),
			accEvent("mcp_call_arguments.done", `"item_id":"mcp_1","output_index":0,"arguments":"{}"`),
			accEvent("mcp_call.completed", `"item_id":"mcp_1","output_index":0`),
			accAdded(1, `{"id":"mcpr_1","type":"mcp_approval_request","server_label":"wiki","name":"ask"}`),
			accEvent("mcp_call_arguments.delta", `"item_id":"mcpr_1","output_index":1,"delta":"{}"`)},
		want: `[{"id":"mcp_1","type":"mcp_call","status":"completed","server_label":"wiki","name":"ask","arguments":"{}"},
			{"id":"mcpr_1","type":"mcp_approval_request","server_label":"wiki","name":"ask","arguments":"{}"}]`,
	},
	{
		name: "MCP tool listing and compaction progress is ignored",
		events: []string{accCreated,
			accAdded(0, `{"id":"mcpl_1","type":"mcp_list_tools","server_label":"wiki","tools":[]}`),
			accEvent("mcp_list_tools.in_progress", `"item_id":"mcpl_1","output_index":0`),
			accEvent("mcp_list_tools.failed", `"item_id":"mcpl_1","output_index":0`),
			accEvent("mcp_list_tools.completed", `"item_id":"mcpl_1","output_index":0`),
			accEvent("compaction.compacting", `"item_id":"cmp_1","output_index":1`)},
		want: `[{"id":"mcpl_1","type":"mcp_list_tools","server_label":"wiki","tools":[]}]`,
	},
	{
		name: "code interpreter",
		events: []string{accCreated,
			accAdded(0, `{"id":"ci_1","type":"code_interpreter_call","status":"in_progress","code":"","container_id":"cntr_1","outputs":[]}`),
			accEvent("code_interpreter_call.in_progress", `"item_id":"ci_1","output_index":0`),
			accEvent("code_interpreter_call_code.delta", `"item_id":"ci_1","output_index":0,"delta":"print("`),
			accEvent("code_interpreter_call_code.delta", `"item_id":"ci_1","output_index":0,"delta":"1)"`),
			accEvent("code_interpreter_call.interpreting", `"item_id":"ci_1","output_index":0`)},
		want: `[{"id":"ci_1","type":"code_interpreter_call","status":"interpreting","code":"print(1)","container_id":"cntr_1","outputs":[]}]`,
	},
	{
		name: "code interpreter done",
		events: []string{accCreated,
			accAdded(0, `{"id":"ci_1","type":"code_interpreter_call","status":"in_progress","code":"","container_id":"cntr_1","outputs":[]}`),
			accEvent("code_interpreter_call_code.delta", `"item_id":"ci_1","output_index":0,"delta":"print("`),
			accEvent("code_interpreter_call_code.done", `"item_id":"ci_1","output_index":0,"code":"print(2)"`),
			accEvent("code_interpreter_call.completed", `"item_id":"ci_1","output_index":0`)},
		want: `[{"id":"ci_1","type":"code_interpreter_call","status":"completed","code":"print(2)","container_id":"cntr_1","outputs":[]}]`,
	},
	{
		name: "apply_patch call",
		events: []string{accCreated,
			accAdded(0, `{"id":"apc_1","type":"apply_patch_call","status":"in_progress","call_id":"call_1","operation":{"type":"create_file","path":"a.md","diff":""}}`),
			accEvent("apply_patch_call_operation_diff.delta", `"item_id":"apc_1","output_index":0,"delta":"+# A\n"`),
			accEvent("apply_patch_call_operation_diff.delta", `"item_id":"apc_1","output_index":0,"delta":"+b\n"`),
			accAdded(1, `{"id":"apc_2","type":"apply_patch_call","status":"in_progress","call_id":"call_2","operation":{"type":"create_file","path":"c.md","diff":""}}`),
			accEvent("apply_patch_call_operation_diff.delta", `"item_id":"apc_2","output_index":1,"delta":"+x"`),
			accEvent("apply_patch_call_operation_diff.done", `"item_id":"apc_2","output_index":1,"diff":"+c\n"`)},
		want: `[{"id":"apc_1","type":"apply_patch_call","status":"in_progress","call_id":"call_1","operation":{"type":"create_file","path":"a.md","diff":"+# A\n+b\n"}},
			{"id":"apc_2","type":"apply_patch_call","status":"in_progress","call_id":"call_2","operation":{"type":"create_file","path":"c.md","diff":"+c\n"}}]`,
	},
	{
		name: "shell call commands",
		events: []string{accCreated,
			accAdded(0, `{"id":"sh_1","type":"shell_call","status":"in_progress","call_id":"call_1","action":{"commands":[]}}`),
			accEvent("shell_call_command.added", `"output_index":0,"command_index":0,"command":""`),
			accEvent("shell_call_command.delta", `"output_index":0,"command_index":0,"delta":"ls"`),
			accEvent("shell_call_command.delta", `"output_index":0,"command_index":0,"delta":" -a"`),
			accEvent("shell_call_command.done", `"output_index":0,"command_index":0,"command":"ls -a ~"`),
			accEvent("shell_call_command.added", `"output_index":0,"command_index":1,"command":"p"`),
			accEvent("shell_call_command.delta", `"output_index":0,"command_index":1,"delta":"wd"`),
			accEvent("shell_call_command.delta", `"output_index":0,"command_index":2,"delta":"date"`)},
		want: `[{"id":"sh_1","type":"shell_call","status":"in_progress","call_id":"call_1","action":{"commands":["ls -a ~","pwd","date"]}}]`,
	},
	{
		name: "shell call output",
		events: []string{accCreated,
			accAdded(0, `{"id":"sh_1","type":"shell_call","status":"completed","call_id":"call_1","action":{"commands":["ls","true","pwd"]}}`),
			accAdded(1, `{"id":"sho_1","type":"shell_call_output","call_id":"call_1","output":[]}`),
			accEvent("shell_call_output_content.delta", `"item_id":"sho_1","output_index":1,"command_index":0,"delta":{"stdout":"a\n"}`),
			accEvent("shell_call_output_content.delta", `"item_id":"sho_1","output_index":1,"command_index":0,"delta":{"stdout":"b\n","stderr":"warn"}`),
			accEvent("shell_call_output_content.done", `"item_id":"sho_1","output_index":1,"command_index":0,"output":[{"stdout":"a\nb\n","stderr":"warn","outcome":{"type":"exit","exit_code":0}}]`),
			accEvent("shell_call_output_content.delta", `"item_id":"sho_1","output_index":1,"command_index":2,"delta":{"stdout":"/"}`)},
		want: `[{"id":"sh_1","type":"shell_call","status":"completed","call_id":"call_1","action":{"commands":["ls","true","pwd"]}},
			{"id":"sho_1","type":"shell_call_output","call_id":"call_1","output":[
				{"stdout":"a\nb\n","stderr":"warn","outcome":{"type":"exit","exit_code":0}},
				{"stdout":"","stderr":"","outcome":null},
				{"stdout":"/","stderr":"","outcome":null}]}]`,
	},
	{
		name: "shell call output done in pieces",
		events: []string{accCreated,
			accAdded(0, `{"id":"sho_1","type":"shell_call_output","call_id":"call_1","output":[]}`),
			accEvent("shell_call_output_content.done", `"item_id":"sho_1","output_index":0,"command_index":0,"output":[{"stdout":"a","stderr":"","outcome":null},{"stdout":"b","stderr":"c","outcome":{"type":"timeout"}}]`)},
		want: `[{"id":"sho_1","type":"shell_call_output","call_id":"call_1","output":[{"stdout":"ab","stderr":"c","outcome":{"type":"timeout"}}]}]`,
	},
	{
		name: "searches",
		events: []string{accCreated,
			accAdded(0, `{"id":"fs_1","type":"file_search_call","status":"in_progress","queries":[]}`),
			accEvent("file_search_call.in_progress", `"item_id":"fs_1","output_index":0`),
			accEvent("file_search_call.searching", `"item_id":"fs_1","output_index":0`),
			accAdded(1, `{"id":"ws_1","type":"web_search_call","status":"in_progress"}`),
			accEvent("web_search_call.in_progress", `"item_id":"ws_1","output_index":1`),
			accEvent("web_search_call.searching", `"item_id":"ws_1","output_index":1`),
			accEvent("web_search_call.completed", `"item_id":"ws_1","output_index":1`),
			accAdded(2, `{"id":"fs_2","type":"file_search_call","status":"in_progress","queries":[]}`),
			accEvent("file_search_call.completed", `"item_id":"fs_2","output_index":2`)},
		want: `[{"id":"fs_1","type":"file_search_call","status":"searching","queries":[]},
			{"id":"ws_1","type":"web_search_call","status":"completed"},
			{"id":"fs_2","type":"file_search_call","status":"completed","queries":[]}]`,
	},
	{
		name: "image generation keeps the latest partial image",
		events: []string{accCreated,
			accAdded(0, `{"id":"ig_1","type":"image_generation_call","status":"in_progress"}`),
			accEvent("image_generation_call.in_progress", `"item_id":"ig_1","output_index":0`),
			accEvent("image_generation_call.generating", `"item_id":"ig_1","output_index":0`),
			accEvent("image_generation_call.partial_image", `"item_id":"ig_1","output_index":0,"partial_image_index":0,"partial_image_b64":"AAA","size":"1024x1024","output_format":"png"`),
			accEvent("image_generation_call.partial_image", `"item_id":"ig_1","output_index":0,"partial_image_index":1,"partial_image_b64":"BBB","quality":"low","background":"opaque"`)},
		want: `[{"id":"ig_1","type":"image_generation_call","status":"generating","result":"BBB","size":"1024x1024","output_format":"png","quality":"low","background":"opaque"}]`,
	},
	{
		name: "image generation completed",
		events: []string{accCreated,
			accAdded(0, `{"id":"ig_1","type":"image_generation_call","status":"in_progress"}`),
			accEvent("image_generation_call.completed", `"item_id":"ig_1","output_index":0`)},
		want: `[{"id":"ig_1","type":"image_generation_call","status":"completed"}]`,
	},
	{
		name: "progress after the item is done changes nothing",
		events: []string{accCreated,
			accAdded(0, `{"id":"ig_1","type":"image_generation_call","status":"in_progress"}`),
			accEvent("image_generation_call.partial_image", `"item_id":"ig_1","output_index":0,"partial_image_index":0,"partial_image_b64":"AAA"`),
			accEvent("output_item.done", `"output_index":0,"item":{"id":"ig_1","type":"image_generation_call","status":"completed","result":"FINAL"}`),
			accEvent("image_generation_call.partial_image", `"item_id":"ig_1","output_index":0,"partial_image_index":1,"partial_image_b64":"BBB"`),
			accEvent("image_generation_call.generating", `"item_id":"ig_1","output_index":0`)},
		want: `[{"id":"ig_1","type":"image_generation_call","status":"completed","result":"FINAL"}]`,
	},
	{
		name: "progress after the final response changes nothing",
		events: []string{accCreated,
			accAdded(0, `{"id":"ws_1","type":"web_search_call","status":"in_progress"}`),
			accEvent("completed", `"response":{"id":"resp_1","status":"completed","output":[{"id":"ws_1","type":"web_search_call","status":"completed"}]}`),
			accEvent("web_search_call.searching", `"item_id":"ws_1","output_index":0`)},
		want: `[{"id":"ws_1","type":"web_search_call","status":"completed"}]`,
	},
	{
		name: "items without deltas",
		events: []string{accCreated,
			accAdded(0, `{"id":"tsc_1","type":"tool_search_call","status":"in_progress","arguments":{},"call_id":"c","execution":"client"}`),
			accAdded(1, `{"id":"x_1","type":"teleport_call","status":"in_progress"}`)},
		want: `[{"id":"tsc_1","type":"tool_search_call","status":"in_progress","arguments":{},"call_id":"c","execution":"client"},
			{"id":"x_1","type":"teleport_call","status":"in_progress"}]`,
	},
	{
		name: "ids that name no item are accepted",
		events: []string{accCreated,
			accEvent("in_progress", `"response":{"id":"resp_2","status":"in_progress","output":[]}`),
			accMsgAdded,
			accEvent("content_part.added", `"item_id":"msg_x","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}`),
			accEvent("output_text.delta", `"item_id":"msg_y","output_index":0,"content_index":0,"delta":"a"`),
			accEvent("audio.delta", `"response_id":"resp_3","delta":"AA"`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"a"}]}]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if got := acc.Response().ID; got != "resp_2" {
				t.Errorf("ID = %q, want the latest, resp_2", got)
			}
		},
	},
	{
		name:   "unknown events are ignored",
		events: []string{accCreated, accMsgAdded, accEvent("output_text.teleport", `"item_id":"msg_1","output_index":7`), accEvent("audio.done", ""), accEvent("audio.transcript.done", "")},
		want:   `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[]}]`,
	},
	{
		name:   "lifecycle events keep the output",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"), accEvent("in_progress", `"response":{"id":"resp_1","status":"in_progress","model":"m2","output":[]}`), accTextDelta("!")},
		want:   `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hi!"}]}]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if got := acc.Response().Model; got != "m2" {
				t.Errorf("Model = %q, want m2", got)
			}
		},
	},
	{
		name: "queued",
		events: []string{
			accEvent("queued", `"response":{"id":"resp_1","status":"queued","background":true,"output":[]}`),
			accEvent("in_progress", `"response":{"id":"resp_1","status":"in_progress","background":true,"output":[]}`),
			accEvent("queued", `"response":{"id":"resp_1","status":"queued","background":true,"output":[]}`)},
		want: `[]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if r := acc.Response(); r.Status != responses.StatusQueued || !r.Background {
				t.Errorf("Status, Background = %q, %v; want queued, true", r.Status, r.Background)
			}
		},
	},
	{
		name: "the final response replaces the accumulated one",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"),
			accEvent("completed", `"response":{"id":"resp_1","status":"completed","model":"m","output":[{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Hi."}]}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Hi."}]}]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if r := acc.Response(); r.Status != responses.StatusCompleted || r.Usage == nil || r.Usage.TotalTokens != 3 {
				t.Errorf("Status, Usage = %q, %+v; want completed with 3 tokens", r.Status, r.Usage)
			}
		},
	},
	{
		name: "a final response without output keeps the accumulated items",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"),
			accEvent("failed", `"response":{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"boom"},"output":[]}`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[{"type":"output_text","annotations":[],"text":"Hi"}]}]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if r := acc.Response(); r.Status != responses.StatusFailed || r.Error == nil || r.Error.Code != "server_error" {
				t.Errorf("Status, Error = %q, %v; want failed, server_error", r.Status, r.Error)
			}
		},
	},
	{
		name: "incomplete",
		events: []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("Hi"),
			accEvent("incomplete", `"response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[{"id":"msg_1","type":"message","role":"assistant","status":"incomplete","content":[{"type":"output_text","annotations":[],"text":"Hi"}]}]}`),
			accTextDelta(" there")},
		want: `[{"id":"msg_1","type":"message","role":"assistant","status":"incomplete","content":[{"type":"output_text","annotations":[],"text":"Hi there"}]}]`,
	},
	{
		name:   "error events are kept",
		events: []string{accCreated, accEvent("error", `"code":"insufficient_quota","message":"quota"`)},
		want:   `[]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			errs := acc.Errors()
			if len(errs) != 1 || errs[0].Code != "insufficient_quota" {
				t.Errorf("Errors() = %v, want the insufficient_quota event", errs)
			}
			if got := acc.Response().Status; got != responses.StatusInProgress {
				t.Errorf("Status = %q, want in_progress", got)
			}
		},
	},
	{
		name: "audio",
		events: []string{accCreated,
			accEvent("audio.delta", `"response_id":"resp_1","delta":"UklG"`),
			accEvent("audio.transcript.delta", `"response_id":"resp_1","delta":"Hel"`),
			accEvent("audio.delta", `"delta":"RiQA"`),
			accEvent("audio.transcript.delta", `"response_id":"resp_1","delta":"lo"`)},
		want: `[]`,
		check: func(t *testing.T, acc *responses.Accumulator) {
			if data, tr := acc.Audio(); data != "UklGRiQA" || tr != "Hello" {
				t.Errorf("Audio() = %q, %q; want UklGRiQA, Hello", data, tr)
			}
		},
	},
	{
		name: "sequence numbers",
		events: []string{accCreated,
			accEvent("output_item.added", `"sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","content":[]}`),
			accEvent("output_text.delta", `"sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"a"`),
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"b"`),
			accEvent("output_text.delta", `"sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"c"`)},
		want: `[{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"abc"}]}]`,
	},
}

// accAddEvents decodes and adds the events, failing the test at the first
// error, and returns them.
func accAddEvents(t *testing.T, acc *responses.Accumulator, lines []string) []responses.Event {
	t.Helper()
	var evs []responses.Event
	for i, line := range lines {
		e, err := responses.UnmarshalEvent([]byte(line))
		if err != nil {
			t.Fatalf("event %d: UnmarshalEvent(%s) = %v", i, line, err)
		}
		if err := acc.Add(e); err != nil {
			t.Fatalf("event %d: Add(%s) = %v", i, line, err)
		}
		evs = append(evs, e)
	}
	return evs
}

// checkEventsUnchanged checks that the events still encode to their JSON: the
// accumulator does not modify them.
func checkEventsUnchanged(t *testing.T, evs []responses.Event, lines []string) {
	t.Helper()
	for i, e := range evs {
		b, err := wire.Marshal(&e)
		if err != nil {
			t.Fatalf("wire.Marshal(event %d) = %v", i, err)
		}
		if d := jsontest.Diff([]byte(lines[i]), b); d != "" {
			t.Errorf("event %d changed:\n%s", i, d)
		}
	}
}

func TestAccumulator(t *testing.T) {
	for _, tt := range accumulateTests {
		t.Run(tt.name, func(t *testing.T) {
			var acc responses.Accumulator
			evs := accAddEvents(t, &acc, tt.events)
			out, err := wire.Marshal(&acc.Response().Output)
			if err != nil {
				t.Fatal(err)
			}
			if d := jsontest.Diff([]byte(tt.want), out); d != "" {
				t.Errorf("Response().Output = %s, want %s:\n%s", out, tt.want, d)
			}
			if tt.check != nil {
				tt.check(t, &acc)
			}
			checkEventsUnchanged(t, evs, tt.events)
		})
	}
}

// TestAccumulatorResponseIsLive checks that Response returns the same
// value from the first event on, updated by every event.
func TestAccumulatorResponseIsLive(t *testing.T) {
	var acc responses.Accumulator
	if r := acc.Response(); r != nil {
		t.Fatalf("Response() of the zero Accumulator = %v, want nil", r)
	}
	accAddEvents(t, &acc, []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("a")})
	r := acc.Response()
	accAddEvents(t, &acc, []string{accTextDelta("b"), accEvent("completed", `"response":{"id":"resp_1","status":"completed","output":[]}`)})
	if acc.Response() != r {
		t.Error("Response() returned another value after more events")
	}
	if got := r.OutputText(); got != "ab" {
		t.Errorf("OutputText() = %q, want ab", got)
	}
	if r.Status != responses.StatusCompleted {
		t.Errorf("Status = %q, want completed", r.Status)
	}
}

// TestAccumulatorTextStaysValid checks that the strings read from the
// response stay as they were while more deltas arrive.
func TestAccumulatorTextStaysValid(t *testing.T) {
	var acc responses.Accumulator
	accAddEvents(t, &acc, []string{accCreated, accMsgAdded, accTextAdded})
	var seen []string
	var want strings.Builder
	for i := range 200 {
		d := fmt.Sprintf("<%d>", i)
		accAddEvents(t, &acc, []string{accTextDelta(d)})
		want.WriteString(d)
		seen = append(seen, acc.Response().OutputText())
		if seen[i] != want.String() {
			t.Fatalf("after %d deltas: text = %q, want %q", i+1, seen[i], want.String())
		}
	}
	for i, s := range seen {
		if !strings.HasSuffix(s, fmt.Sprintf("<%d>", i)) || (i > 0 && !strings.HasPrefix(s, seen[i-1])) {
			t.Fatalf("text read after %d deltas changed to %q", i+1, s)
		}
	}
}

// TestAccumulatorUserChanges checks that the accumulator copes with a
// caller who replaces a text it is writing.
func TestAccumulatorUserChanges(t *testing.T) {
	var acc responses.Accumulator
	accAddEvents(t, &acc, []string{accCreated, accMsgAdded, accTextAdded, accTextDelta("a")})
	acc.Response().Output[0].(*responses.Message).Content[0].(*responses.OutputText).Text = "X"
	accAddEvents(t, &acc, []string{accTextDelta("b")})
	if got := acc.Response().OutputText(); got != "Xb" {
		t.Errorf("OutputText() = %q, want Xb", got)
	}
	acc.Response().Output[0] = &responses.Message{ID: "msg_1", Content: responses.Content{&responses.OutputText{Text: "Y"}}}
	accAddEvents(t, &acc, []string{accTextDelta("c")})
	if got := acc.Response().OutputText(); got != "Yc" {
		t.Errorf("OutputText() = %q, want Yc", got)
	}
	// The part replaced in its message.
	acc.Response().Output[0].(*responses.Message).Content[0] = &responses.OutputText{Text: "Z"}
	accAddEvents(t, &acc, []string{accTextDelta("d")})
	if got := acc.Response().OutputText(); got != "Zd" {
		t.Errorf("OutputText() = %q, want Zd", got)
	}
}

func TestAccumulatorErrors(t *testing.T) {
	fc := accAdded(1, `{"id":"fc_1","type":"function_call","call_id":"c","name":"f","arguments":""}`)
	tests := []struct {
		name   string
		before []string // events added without error first
		event  string   // the event that must fail
		want   string   // the error
	}{
		{"before created", nil, accTextDelta("a"),
			"responses: accumulate response.output_text.delta: no response yet: response.created is missing"},
		{"item before created", nil, accMsgAdded,
			"responses: accumulate response.output_item.added: no response yet: response.created is missing"},
		{"output index out of range", []string{accCreated, accMsgAdded, fc},
			accEvent("output_text.delta", `"sequence_number":12,"item_id":"msg_9","output_index":3,"content_index":0,"delta":"a"`),
			"responses: accumulate response.output_text.delta (sequence 12): output index 3 out of range (2 items)"},
		{"negative output index", []string{accCreated, accMsgAdded},
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":-1,"content_index":0,"delta":"a"`),
			"responses: accumulate response.output_text.delta: output index -1 out of range (1 items)"},
		{"added past the end", []string{accCreated}, accAdded(1, `{"id":"msg_1","type":"message","content":[]}`),
			"responses: accumulate response.output_item.added: output index 1 out of range (0 items)"},
		{"added at a taken index", []string{accCreated, accMsgAdded}, accAdded(0, `{"id":"msg_2","type":"message","content":[]}`),
			"responses: accumulate response.output_item.added: output index 0 is taken (1 items)"},
		{"added without item", []string{accCreated}, accEvent("output_item.added", `"output_index":0`),
			"responses: accumulate response.output_item.added: the event has no item"},
		{"done without item", []string{accCreated, accMsgAdded}, accEvent("output_item.done", `"output_index":0,"item":null`),
			"responses: accumulate response.output_item.done: the event has no item"},
		{"done past the end", []string{accCreated}, accEvent("output_item.done", `"output_index":1,"item":{"type":"message"}`),
			"responses: accumulate response.output_item.done: output index 1 out of range (0 items)"},
		{"text delta for a function call", []string{accCreated, accMsgAdded, fc},
			accEvent("output_text.delta", `"item_id":"fc_1","output_index":1,"content_index":0,"delta":"a"`),
			`responses: accumulate response.output_text.delta: output item 1 is "function_call", not "message"`},
		{"arguments for a message", []string{accCreated, accMsgAdded},
			accEvent("function_call_arguments.delta", `"item_id":"msg_1","output_index":0,"delta":"{"`),
			`responses: accumulate response.function_call_arguments.delta: output item 0 is "message", not "function_call"`},
		{"status of another kind of item", []string{accCreated, accMsgAdded},
			accEvent("web_search_call.searching", `"item_id":"msg_1","output_index":0`),
			`responses: accumulate response.web_search_call.searching: output item 0 is "message", not "web_search_call"`},
		{"item id of another item", []string{accCreated, accMsgAdded, accAdded(1, `{"id":"msg_2","type":"message","content":[]}`)},
			accEvent("output_text.delta", `"item_id":"msg_2","output_index":0,"content_index":0,"delta":"a"`),
			`responses: accumulate response.output_text.delta: item_id "msg_2" is output item 1, not 0`},
		{"content index gap", []string{accCreated, accMsgAdded},
			accEvent("output_text.delta", `"item_id":"msg_1","output_index":0,"content_index":1,"delta":"a"`),
			"responses: accumulate response.output_text.delta: content index 1 out of range (output item 0 has 0 parts)"},
		{"part of another kind", []string{accCreated, accMsgAdded, accTextAdded},
			accEvent("refusal.delta", `"item_id":"msg_1","output_index":0,"content_index":0,"delta":"no"`),
			`responses: accumulate response.refusal.delta: content index 0 of output item 0 is "output_text", not "refusal"`},
		{"part added at a taken index", []string{accCreated, accMsgAdded, accTextAdded}, accTextAdded,
			"responses: accumulate response.content_part.added: content index 0 is taken (1 parts)"},
		{"part added past the end", []string{accCreated, accMsgAdded},
			accEvent("content_part.added", `"item_id":"msg_1","output_index":0,"content_index":2,"part":{"type":"output_text","text":""}`),
			"responses: accumulate response.content_part.added: content index 2 out of range (0 parts)"},
		{"part added without part", []string{accCreated, accMsgAdded},
			accEvent("content_part.added", `"item_id":"msg_1","output_index":0,"content_index":0`),
			"responses: accumulate response.content_part.added: the event has no part"},
		{"part for a function call", []string{accCreated, accMsgAdded, fc},
			accEvent("content_part.added", `"item_id":"fc_1","output_index":1,"content_index":0,"part":{"type":"output_text","text":""}`),
			`responses: accumulate response.content_part.added: output item 1 is "function_call", which has no content parts`},
		{"summary part gap", []string{accCreated, accAdded(0, `{"id":"rs_1","type":"reasoning","summary":[]}`)},
			accEvent("reasoning_summary_text.delta", `"item_id":"rs_1","output_index":0,"summary_index":1,"delta":"a"`),
			"responses: accumulate response.reasoning_summary_text.delta: summary index 1 out of range (output item 0 has 0 parts)"},
		{"annotation gap", []string{accCreated, accMsgAdded, accTextAdded},
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation_index":1,"annotation":{"type":"file_path","file_id":"f"}`),
			"responses: accumulate response.output_text.annotation.added: annotation index 1 out of range (0 annotations)"},
		{"annotation for a part never announced", []string{accCreated, accMsgAdded},
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation_index":0,"annotation":{"type":"file_path","file_id":"f"}`),
			"responses: accumulate response.output_text.annotation.added: content index 0 out of range (output item 0 has 0 parts)"},
		{"annotation without annotation", []string{accCreated, accMsgAdded, accTextAdded},
			accEvent("output_text.annotation.added", `"item_id":"msg_1","output_index":0,"content_index":0,"annotation_index":0`),
			"responses: accumulate response.output_text.annotation.added: the event has no annotation"},
		{"command gap", []string{accCreated, accAdded(0, `{"id":"sh_1","type":"shell_call","call_id":"c","action":{"commands":[]}}`)},
			accEvent("shell_call_command.delta", `"output_index":0,"command_index":1,"delta":"ls"`),
			"responses: accumulate response.shell_call_command.delta: command index 1 out of range (0 commands)"},
		{"command added at a taken index", []string{accCreated, accAdded(0, `{"id":"sh_1","type":"shell_call","call_id":"c","action":{"commands":["ls"]}}`)},
			accEvent("shell_call_command.added", `"output_index":0,"command_index":0,"command":"pwd"`),
			"responses: accumulate response.shell_call_command.added: command index 0 is taken (1 commands)"},
		{"shell output gap without its call", []string{accCreated, accAdded(0, `{"id":"sho_1","type":"shell_call_output","call_id":"c","output":[]}`)},
			accEvent("shell_call_output_content.delta", `"item_id":"sho_1","output_index":0,"command_index":1,"delta":{"stdout":"a"}`),
			"responses: accumulate response.shell_call_output_content.delta: command index 1 out of range (0 command outputs)"},
		{"repeated sequence number", []string{accCreated, accEvent("output_item.added", `"sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","content":[]}`)},
			accEvent("output_text.delta", `"sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"a"`),
			"responses: accumulate response.output_text.delta (sequence 7): sequence number 7 does not follow 7"},
		{"sequence number going back", []string{accCreated, accEvent("output_item.added", `"sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","content":[]}`)},
			accEvent("output_text.delta", `"sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"a"`),
			"responses: accumulate response.output_text.delta (sequence 3): sequence number 3 does not follow 7"},
		{"lifecycle without response", nil, accEvent("created", ""),
			"responses: accumulate response.created: the event has no response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var acc responses.Accumulator
			accAddEvents(t, &acc, tt.before)
			var before []byte
			if r := acc.Response(); r != nil {
				before = accEncodeResponse(t, r)
			}
			e, err := responses.UnmarshalEvent([]byte(tt.event))
			if err != nil {
				t.Fatal(err)
			}
			err = acc.Add(e)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Add(%s) = %v, want %s", tt.event, err, tt.want)
			}
			ae, ok := errors.AsType[*responses.AccumulateError](err)
			if !ok || ae.Event != e {
				t.Errorf("Add error = %#v, want an *AccumulateError with the event", err)
			}
			if r := acc.Response(); r != nil && before != nil {
				if d := jsontest.Diff(before, accEncodeResponse(t, r)); d != "" {
					t.Errorf("a failed Add changed the response:\n%s", d)
				}
			}
			// The accumulator stays usable.
			if err := acc.Add(&responses.CreatedEvent{Response: &responses.Response{ID: "resp_1"}}); err != nil {
				t.Errorf("Add after the error = %v", err)
			}
		})
	}
}

func accEncodeResponse(t *testing.T, r *responses.Response) []byte {
	t.Helper()
	b, err := wire.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAccumulatorNilEvent(t *testing.T) {
	var acc responses.Accumulator
	for _, e := range []responses.Event{nil, (*responses.OutputTextDeltaEvent)(nil), (*responses.CreatedEvent)(nil)} {
		err := acc.Add(e)
		if want := "responses: accumulate: no event"; err == nil || err.Error() != want {
			t.Errorf("Add(%#v) = %v, want %s", e, err, want)
		}
	}
}

// TestAccumulatorBuiltEvents adds events built in Go, which remember no
// JSON: an annotation index of 0 that was not decoded is taken as given.
func TestAccumulatorBuiltEvents(t *testing.T) {
	var acc responses.Accumulator
	evs := []responses.Event{
		&responses.CreatedEvent{Response: &responses.Response{ID: "resp_1", Status: responses.StatusInProgress}},
		&responses.OutputItemAddedEvent{SequenceNumber: 1, Item: &responses.Message{ID: "msg_1", Role: responses.RoleAssistant}},
		&responses.OutputTextDeltaEvent{SequenceNumber: 2, ItemID: "msg_1", Delta: "Hi"},
		&responses.OutputTextAnnotationAddedEvent{SequenceNumber: 3, ItemID: "msg_1", Annotation: &responses.FilePath{FileID: "f"}},
		&responses.OutputTextAnnotationAddedEvent{SequenceNumber: 4, ItemID: "msg_1", AnnotationIndex: 1, Annotation: &responses.FilePath{FileID: "g"}},
	}
	for _, e := range evs {
		if err := acc.Add(e); err != nil {
			t.Fatalf("Add(%T) = %v", e, err)
		}
	}
	t0 := acc.Response().Output[0].(*responses.Message).Content[0].(*responses.OutputText)
	if t0.Text != "Hi" || len(t0.Annotations) != 2 {
		t.Errorf("part = %q with %d annotations, want Hi with 2", t0.Text, len(t0.Annotations))
	}
	if m := evs[1].(*responses.OutputItemAddedEvent).Item.(*responses.Message); len(m.Content) != 0 {
		t.Errorf("the added event's message has %d parts, want 0: Add changed it", len(m.Content))
	}
}
