package responses_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
)

// A request that gives the model a built-in tool, web search, and a function
// of your own, and the JSON it sends.
func ExampleRequest_tools() {
	req := &responses.Request{
		Model: "gpt-5",
		Input: responses.Text("Should I take an umbrella in Paris today?"),
		Tools: []responses.Tool{
			responses.WebSearch(),
			&responses.FunctionTool{
				Name:        "get_weather",
				Description: "Get the current weather in a city.",
				Parameters:  json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}`),
				Strict:      new(true),
			},
		},
		ToolChoice: responses.ToolChoiceAuto,
	}
	b, err := json.MarshalIndent(req, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {
	//   "model": "gpt-5",
	//   "input": "Should I take an umbrella in Paris today?",
	//   "tools": [
	//     {
	//       "type": "web_search"
	//     },
	//     {
	//       "type": "function",
	//       "name": "get_weather",
	//       "description": "Get the current weather in a city.",
	//       "parameters": {
	//         "type": "object",
	//         "properties": {
	//           "city": {
	//             "type": "string"
	//           }
	//         },
	//         "required": [
	//           "city"
	//         ],
	//         "additionalProperties": false
	//       },
	//       "strict": true
	//     }
	//   ],
	//   "tool_choice": "auto"
	// }
}

// A request that lets the model call the tools of a remote MCP server
// without asking for approval, but only the read-only ones.
func ExampleMCP() {
	mcp := responses.MCP("deepwiki", "https://mcp.deepwiki.com/mcp")
	mcp.AllowedTools = responses.MCPAllowedTools{Filter: &responses.MCPToolFilter{ReadOnly: true}}
	mcp.RequireApproval = responses.MCPApprovalNever
	req := &responses.Request{
		Model: "gpt-5",
		Input: responses.Text("How does the wire package of respkit work?"),
		Tools: []responses.Tool{mcp},
	}
	b, err := json.Marshal(req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"model":"gpt-5","input":"How does the wire package of respkit work?","tools":[{"type":"mcp","server_label":"deepwiki","server_url":"https://mcp.deepwiki.com/mcp","allowed_tools":{"read_only":true},"require_approval":"never"}]}
}
