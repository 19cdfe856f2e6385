package responsestest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/responses/responsestest"
)

// apiError is the body of an API error.
type apiError struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

func post(t *testing.T, srv *responsestest.Server, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/responses", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk-test")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

func TestServerRefuses(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 600)
	var many strings.Builder
	many.WriteString(`{`)
	for i := range 17 {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString(`"k` + string(rune('a'+i)) + `":"v"`)
	}
	many.WriteString(`}`)
	tests := []struct {
		name string
		// setup, if set, is a request made first, answered with a
		// function call; its response's id replaces PREV in body.
		setup string
		body  string
		want  apiError
	}{
		{
			name: "unknown parameter",
			body: `{"model":"m","input":"hi","temprature":0.5}`,
			want: apiError{Message: "Unknown parameter: 'temprature'.", Param: new("temprature"), Code: new("unknown_parameter")},
		},
		{
			name: "unknown member of an input item",
			body: `{"model":"m","input":[{"role":"user","content":"hi","foo":1}]}`,
			want: apiError{Message: "Unknown parameter: 'input[0].foo'.", Param: new("input[0].foo"), Code: new("unknown_parameter")},
		},
		{
			name: "unknown member of a tool",
			body: `{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":{},"strict":true,"bogus":true}]}`,
			want: apiError{Message: "Unknown parameter: 'tools[0].bogus'.", Param: new("tools[0].bogus"), Code: new("unknown_parameter")},
		},
		{
			name: "input of the wrong type",
			body: `{"model":"m","input":42}`,
			want: apiError{Message: "Invalid type for 'input': expected one of a string or array of objects, but got an integer instead.", Param: new("input"), Code: new("invalid_type")},
		},
		{
			name: "max_output_tokens as a string",
			body: `{"model":"m","input":"hi","max_output_tokens":"500"}`,
			want: apiError{Message: "Invalid type for 'max_output_tokens': expected an integer, but got a string instead.", Param: new("max_output_tokens"), Code: new("invalid_type")},
		},
		{
			name: "max_output_tokens as a decimal",
			body: `{"model":"m","input":"hi","max_output_tokens":1.5}`,
			want: apiError{Message: "Invalid type for 'max_output_tokens': expected an integer, but got a decimal instead.", Param: new("max_output_tokens"), Code: new("invalid_type")},
		},
		{
			name: "stream as a string",
			body: `{"model":"m","input":"hi","stream":"yes"}`,
			want: apiError{Message: "Invalid type for 'stream': expected a boolean, but got a string instead.", Param: new("stream"), Code: new("invalid_type")},
		},
		{
			name: "temperature as an object",
			body: `{"model":"m","input":"hi","temperature":{}}`,
			want: apiError{Message: "Invalid type for 'temperature': expected a number, but got an object instead.", Param: new("temperature"), Code: new("invalid_type")},
		},
		{
			name: "metadata value not a string",
			body: `{"model":"m","input":"hi","metadata":{"count":5}}`,
			want: apiError{Message: "Invalid type for 'metadata.count': expected a string, but got an integer instead.", Param: new("metadata.count"), Code: new("invalid_type")},
		},
		{
			name: "tools not an array",
			body: `{"model":"m","input":"hi","tools":{}}`,
			want: apiError{Message: "Invalid type for 'tools': expected an array of objects, but got an object instead.", Param: new("tools"), Code: new("invalid_type")},
		},
		{
			name: "unknown item type",
			body: `{"model":"m","input":[{"type":"no_such_item"}]}`,
			want: apiError{Param: new("input[0].type"), Code: new("invalid_value")},
		},
		{
			name: "unknown tool type",
			body: `{"model":"m","input":"hi","tools":[{"type":"telepathy"}]}`,
			want: apiError{Param: new("tools[0].type"), Code: new("invalid_value")},
		},
		{
			name: "unknown tool_choice",
			body: `{"model":"m","input":"hi","tool_choice":"sometimes"}`,
			want: apiError{Message: "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'.", Param: new("tool_choice"), Code: new("invalid_value")},
		},
		{
			name: "unknown truncation",
			body: `{"model":"m","input":"hi","truncation":"sometimes"}`,
			want: apiError{Message: "Invalid value: 'sometimes'. Supported values are: 'auto' and 'disabled'.", Param: new("truncation"), Code: new("invalid_value")},
		},
		{
			name: "unknown role",
			body: `{"model":"m","input":[{"role":"robot","content":"hi"}]}`,
			want: apiError{Message: "Invalid value: 'robot'. Supported values are: 'user', 'assistant', 'system', and 'developer'.", Param: new("input[0].role"), Code: new("invalid_value")},
		},
		{
			name: "temperature below its minimum",
			body: `{"model":"m","input":"hi","temperature":-1}`,
			want: apiError{Message: "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead.", Param: new("temperature"), Code: new("decimal_below_min_value")},
		},
		{
			name: "missing model",
			body: `{"input":"hi"}`,
			want: apiError{Message: "Missing required parameter: 'model'.", Param: new("model"), Code: new("missing_required_parameter")},
		},
		{
			name: "empty model",
			body: `{"model":"","input":"hi"}`,
			want: apiError{Message: "Missing required parameter: 'model'.", Param: new("model"), Code: new("missing_required_parameter")},
		},
		{
			name: "too much metadata",
			body: `{"model":"m","input":"hi","metadata":` + many.String() + `}`,
			want: apiError{Message: "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.", Param: new("metadata"), Code: new("object_above_max_properties")},
		},
		{
			name: "metadata value too long",
			body: `{"model":"m","input":"hi","metadata":{"note":"` + long + `"}}`,
			want: apiError{Message: "Invalid 'metadata.note': string too long. Expected a string with maximum length 512, but got a string with length 600 instead.", Param: new("metadata.note"), Code: new("string_above_max_length")},
		},
		{
			name: "metadata key too long",
			body: `{"model":"m","input":"hi","metadata":{"` + long[:65] + `":"v"}}`,
			want: apiError{Param: new("metadata." + long[:65]), Code: new("string_above_max_length")},
		},
		{
			name: "stream_options without stream",
			body: `{"model":"m","input":"hi","stream_options":{"include_obfuscation":false}}`,
			want: apiError{Message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", Param: new("stream_options")},
		},
		{
			name: "background without store",
			body: `{"model":"m","input":"hi","background":true,"store":false}`,
			want: apiError{Message: "Background mode requires 'store' to be true.", Param: new("background")},
		},
		{
			name: "previous_response_id with conversation",
			body: `{"model":"m","input":"hi","previous_response_id":"resp_1","conversation":"conv_1"}`,
			want: apiError{Message: "Both 'previous_response_id' and 'conversation' were provided. Please provide only one of them.", Param: new("previous_response_id")},
		},
		{
			name: "unknown previous_response_id",
			body: `{"model":"m","input":"hi","previous_response_id":"resp_nope"}`,
			want: apiError{Message: "Previous response with id 'resp_nope' not found.", Param: new("previous_response_id"), Code: new("previous_response_not_found")},
		},
		{
			name: "function_call_output of no call",
			body: `{"model":"m","input":[{"type":"function_call_output","call_id":"call_x","output":"42"}]}`,
			want: apiError{Message: "No tool call found for function call output with call_id call_x.", Param: new("input")},
		},
		{
			name: "function_call_output of a call of another request",
			body: `{"model":"m","input":[{"type":"function_call","call_id":"call_a","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"call_b","output":"42"}]}`,
			want: apiError{Message: "No tool call found for function call output with call_id call_b.", Param: new("input")},
		},
		{
			name: "custom_tool_call_output of no call",
			body: `{"model":"m","input":[{"type":"custom_tool_call_output","call_id":"call_x","output":"42"}]}`,
			want: apiError{Message: "No tool call found for custom tool call output with call_id call_x.", Param: new("input")},
		},
		{
			name: "apply_patch_call_output of no call",
			body: `{"model":"m","input":[{"type":"apply_patch_call_output","call_id":"call_x","status":"completed"}]}`,
			want: apiError{Message: "No tool call found for apply patch call output with call_id call_x.", Param: new("input")},
		},
		{
			name: "shell_call_output of no call",
			body: `{"model":"m","input":[{"type":"shell_call_output","call_id":"call_x","output":[]}]}`,
			want: apiError{Message: "No tool call found for shell call output with call_id call_x.", Param: new("input")},
		},
		{
			name: "mcp_approval_response of no request",
			body: `{"model":"m","input":[{"type":"mcp_approval_response","approval_request_id":"mcpr_x","approve":true}]}`,
			want: apiError{Message: "No approval request found for mcp approval response with approval_request_id mcpr_x.", Param: new("input")},
		},
		{
			name:  "function_call_output of no call of the previous response",
			setup: `{"model":"m","input":"weather?","tools":[{"type":"function","name":"f","parameters":{},"strict":false}]}`,
			body:  `{"model":"m","previous_response_id":"PREV","input":[{"type":"function_call_output","call_id":"call_other","output":"42"}]}`,
			want:  apiError{Message: "No tool call found for function call output with call_id call_other.", Param: new("input")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := responsestest.NewServer()
			defer srv.Close()
			body := tt.body
			if tt.setup != "" {
				srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "f", Arguments: map[string]string{}}))
				code, b := post(t, srv, tt.setup)
				if code != http.StatusOK {
					t.Fatalf("setup = %d %s", code, b)
				}
				var resp struct{ ID string }
				if err := json.Unmarshal(b, &resp); err != nil {
					t.Fatal(err)
				}
				body = strings.ReplaceAll(body, "PREV", resp.ID)
			}
			code, b := post(t, srv, body)
			if code != http.StatusBadRequest {
				t.Fatalf("POST %s = %d %s, want 400", body, code, b)
			}
			var got struct{ Error apiError }
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("body %s: %v", b, err)
			}
			want := tt.want
			want.Type = "invalid_request_error"
			if want.Message == "" {
				want.Message = got.Error.Message // checked below
				if !strings.HasPrefix(got.Error.Message, "Invalid value: ") && !strings.HasPrefix(got.Error.Message, "Invalid '") {
					t.Errorf("message = %q", got.Error.Message)
				}
			}
			if diff := cmp.Diff(want, got.Error); diff != "" {
				t.Errorf("POST %.200s: error mismatch (-want +got):\n%s", body, diff)
			}
		})
	}
}

func TestServerAcceptsContinuations(t *testing.T) {
	t.Parallel()
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.Enqueue(responsestest.FunctionCalls(responsestest.Call{Name: "f", Arguments: map[string]string{}}))
	code, b := post(t, srv, `{"model":"m","input":"weather?","tools":[{"type":"function","name":"f","parameters":{},"strict":false}]}`)
	if code != http.StatusOK {
		t.Fatalf("first = %d %s", code, b)
	}
	var resp struct {
		ID     string
		Output []struct {
			CallID string `json:"call_id"`
		}
	}
	if err := json.Unmarshal(b, &resp); err != nil || len(resp.Output) != 1 {
		t.Fatalf("first = %s (%v)", b, err)
	}
	for _, body := range []string{
		// the call of the previous response
		`{"model":"m","previous_response_id":"` + resp.ID + `","input":[{"type":"function_call_output","call_id":"` + resp.Output[0].CallID + `","output":"42"}]}`,
		// the call replayed in the same input
		`{"model":"m","input":[{"type":"function_call","call_id":"call_a","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"call_a","output":"42"}]}`,
		// null for an optional member, an item without a type
		`{"model":"m","input":[{"role":"user","content":"hi"}],"temperature":null,"user":null}`,
	} {
		if code, b := post(t, srv, body); code != http.StatusOK {
			t.Errorf("POST %s = %d %s, want 200", body, code, b)
		}
	}
}
