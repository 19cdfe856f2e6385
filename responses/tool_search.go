package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// ToolSearchTool lets the model search the tools marked DeferLoading and
// load those it needs, which keeps large tool sets out of its context.
//
//wire:variant Tool tool_search
type ToolSearchTool struct {
	// Execution is "server" (OpenAI searches, the default) or "client"
	// (the model's tool search calls are for you to answer).
	Execution string `json:"execution,omitzero"`
	// Description and Parameters describe a client-executed search to the
	// model; Parameters is the JSON Schema of its arguments.
	Description string          `json:"description,omitzero"`
	Parameters  json.RawMessage `json:"parameters,omitzero"`
	meta        wire.Meta
}

// NamespaceTool groups function and custom tools under a name, which the
// model's calls of them carry in their Namespace field.
//
//wire:variant Tool namespace
type NamespaceTool struct {
	// Name is the namespace, such as "crm".
	Name        string `json:"name"`
	Description string `json:"description"`
	// Tools holds *[FunctionTool] and *[CustomTool] values.
	Tools []Tool `json:"tools"`
	meta  wire.Meta
}
