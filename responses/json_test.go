package responses

import (
	"encoding/json"
	"testing"
)

// TestEncodingJSON checks that values work with encoding/json on their own,
// outside a Request or Response: variants write their discriminator, and
// Input and Content decode their items and parts.
func TestEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"variant on its own", &FunctionTool{Name: "f", Parameters: json.RawMessage(`{}`)}, `{"type":"function","name":"f","parameters":{}}`},
		{"variant value", FunctionOutput("call_1", "42"), `{"type":"function_call_output","call_id":"call_1","output":"42"}`},
		{"built variant with a type field", &WebSearchTool{}, `{"type":"web_search"}`},
		{"built variant with its type set", &WebSearchTool{Type: "web_search_2025_08_26"}, `{"type":"web_search_2025_08_26"}`},
		{"built message has no type", UserMessage("hi"), `{"role":"user","content":"hi"}`},
		{"items", Input{UserMessage("hi"), &FunctionCall{CallID: "c", Name: "f", Arguments: "{}"}},
			`[{"role":"user","content":"hi"},{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]`},
		{"text input", Text("hi"), `"hi"`},
		{"plain content", PlainText("hi"), `"hi"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("json.Marshal = %s, want %s", got, tt.want)
			}
		})
	}

	var in Input
	if err := json.Unmarshal([]byte(`[{"type":"function_call_output","call_id":"c","output":"ok"},{"role":"user","content":"hi"}]`), &in); err != nil {
		t.Fatal(err)
	}
	if o, ok := in[0].(*FunctionCallOutput); !ok || o.Output.Text() != "ok" {
		t.Errorf("in[0] = %#v", in[0])
	}
	var fc FunctionCall
	if err := json.Unmarshal([]byte(`{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}`), &fc); err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(&fc)
	if want := `{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}`; err != nil || string(got) != want {
		t.Errorf("round trip of a variant on its own = %s, %v; want %s", got, err, want)
	}
}
