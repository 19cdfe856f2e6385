package responses_test

import (
	"encoding/json"
	"fmt"
	"log"
	"strings"

	"github.com/respkit/respkit/responses"
)

// Output items are read with a type switch; kinds this version does not
// know are kept as *responses.Unknown.
func Example_items() {
	const body = `{"object": "response", "output": [
	  {"type": "web_search_call", "id": "ws_1", "status": "completed", "action": {"type": "search", "queries": ["go 1.26 release"]}},
	  {"type": "shell_call", "id": "sh_1", "call_id": "call_1", "status": "completed", "action": {"commands": ["go version", "go env GOOS"]}},
	  {"type": "apply_patch_call", "id": "apc_1", "call_id": "call_2", "status": "completed", "operation": {"type": "update_file", "path": "main.go", "diff": "@@\n-a\n+b\n"}},
	  {"type": "hologram_call", "id": "h_1"}
	]}`
	var resp responses.Response
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		log.Fatal(err)
	}
	for _, it := range resp.Output {
		switch it := it.(type) {
		case *responses.WebSearchCall:
			if a, ok := it.Action.(*responses.SearchAction); ok {
				fmt.Println("searched:", strings.Join(a.Queries, ", "))
			}
		case *responses.ShellCall:
			fmt.Println("run:", strings.Join(it.Action.Commands, " && "))
		case *responses.ApplyPatchCall:
			fmt.Println("patch:", it.Operation.Type, it.Operation.Path)
		case *responses.Unknown:
			fmt.Println("unknown item:", it.Type)
		}
	}
	// Output:
	// searched: go 1.26 release
	// run: go version && go env GOOS
	// patch: update_file main.go
	// unknown item: hologram_call
}

func ExampleResponse_ToInput() {
	const body = `{"object": "response", "output": [
	  {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"},
	  {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "add", "arguments": "{\"a\":1,\"b\":2}", "status": "completed", "created_by": "resp_1"}
	]}`
	var resp responses.Response
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		log.Fatal(err)
	}
	next := responses.Request{
		Model: "gpt-5",
		Store: new(false),
		Input: append(resp.ToInput(), responses.FunctionOutput("call_1", "3")),
	}
	b, err := json.Marshal(&next)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"model":"gpt-5","input":[{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"},{"type":"function_call","id":"fc_1","call_id":"call_1","name":"add","arguments":"{\"a\":1,\"b\":2}","status":"completed"},{"type":"function_call_output","call_id":"call_1","output":"3"}],"store":false}
}
