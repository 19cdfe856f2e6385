package responses

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
)

func TestToInput(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bodies", "to_input.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r Response
	if err := wire.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	before, err := wire.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	r.Output = append(r.Output, nil, (*FunctionCall)(nil))

	in := r.ToInput()
	got, err := wire.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `[
	{"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "enc"},
	{"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f", "arguments": "{}", "status": "completed"},
	{"type": "additional_tools", "id": "at_2", "role": "developer", "tools": []},
	{"type": "computer_call_output", "id": "cuo_2", "call_id": "call_3", "status": "completed", "output": {"type": "computer_screenshot", "file_id": "file_2"}},
	{"type": "custom_tool_call_output", "id": "ctco_2", "call_id": "call_5", "output": "done"},
	{"type": "shell_call_output", "id": "sho_1", "call_id": "call_6", "status": "completed", "max_output_length": 0,
	 "output": [{"stdout": "", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
	{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [{"type": "output_text", "text": "ok", "annotations": []}]},
	{"type": "hologram_call", "id": "h_1", "created_by": "resp_t"},
	{"type": "compaction", "id": "cmp_1", "encrypted_content": "e"}
]`
	if diff := jsontest.Diff([]byte(want), got); diff != "" {
		t.Errorf("ToInput() differs from want:\n%s\ngot %s", diff, got)
	}
	if in[0] != r.Output[0] {
		t.Error("ToInput() copied an unchanged item")
	}
	if _, ok := in[1].(*FunctionCall); !ok || in[1] == r.Output[1] {
		t.Errorf("ToInput()[1] = %T, want a copy of the *FunctionCall", in[1])
	}

	r.Output = r.Output[:len(r.Output)-2]
	after, err := wire.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("ToInput() modified the response:\nbefore %s\nafter  %s", before, after)
	}
}

func TestToInputGoValues(t *testing.T) {
	// Items built in Go, with output-only members set.
	items := []Item{
		&CustomToolCallOutput{CallID: "c", Output: PlainText("x"), Status: "completed", CreatedBy: "me"},
		&CustomToolCallOutput{CallID: "d", Output: PlainText("y")},
		&ComputerCallOutput{CallID: "e", Output: &ComputerScreenshot{FileID: "f"}, Status: "failed"},
		&ApplyPatchCallOutput{CallID: "g", Status: "completed", CreatedBy: "me"},
	}
	got, err := wire.Marshal(ToInput(items))
	if err != nil {
		t.Fatal(err)
	}
	want := `[
	{"type": "custom_tool_call_output", "call_id": "c", "output": "x"},
	{"type": "custom_tool_call_output", "call_id": "d", "output": "y"},
	{"type": "apply_patch_call_output", "call_id": "g", "status": "completed"}
]`
	if diff := jsontest.Diff([]byte(want), got); diff != "" {
		t.Errorf("ToInput() differs from want:\n%s\ngot %s", diff, got)
	}
}
