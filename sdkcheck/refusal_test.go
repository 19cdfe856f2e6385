package sdkcheck

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"
)

// TestRefusals checks that every request the API refuses, the fake refuses
// too, with the API's status, code, param and message, so that the SDK reads
// it as the same *openai.Error.
func TestRefusals(t *testing.T) {
	_, c := newServer(t)
	base := func() responses.ResponseNewParams {
		return responses.ResponseNewParams{
			Model: model,
			Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("Hello")},
		}
	}
	tooMany := shared.Metadata{}
	for i := range 17 {
		tooMany[fmt.Sprintf("key%02d", i)] = "v"
	}

	tests := []struct {
		name string
		edit func(*responses.ResponseNewParams)
		opts []option.RequestOption
		// What the error must say; an empty code or message is not checked.
		code    string
		param   []string // the param, or the params one of which it may be
		message string
		prefix  bool // message is a prefix of the whole message
	}{
		{
			name:    "unknown parameter",
			opts:    []option.RequestOption{option.WithJSONSet("temprature", 0.5)},
			code:    "unknown_parameter",
			param:   []string{"temprature"},
			message: "Unknown parameter: 'temprature'.",
		},
		{
			name:    "wrong type",
			opts:    []option.RequestOption{option.WithJSONSet("max_output_tokens", "500")},
			code:    "invalid_type",
			param:   []string{"max_output_tokens"},
			message: "Invalid type for 'max_output_tokens': expected an integer, but got a string instead.",
		},
		{
			name:    "invalid enum value",
			opts:    []option.RequestOption{option.WithJSONSet("truncation", "sometimes")},
			code:    "invalid_value",
			param:   []string{"truncation"},
			message: "Invalid value: 'sometimes'. Supported values are: ",
			prefix:  true,
		},
		{
			name:    "invalid item type",
			opts:    []option.RequestOption{option.WithJSONSet("input", []map[string]any{{"type": "bogus_item", "content": "Hi"}})},
			code:    "invalid_value",
			param:   []string{"input[0]", "input[0].type"},
			message: "Invalid value: 'bogus_item'. Supported values are: ",
			prefix:  true,
		},
		{
			name: "function_call_output with an unknown call_id",
			edit: func(p *responses.ResponseNewParams) {
				out := responses.ResponseInputItemParamOfFunctionCallOutput("42")
				out.OfFunctionCallOutput.CallID = openai.String("call_unknown")
				p.Input = responses.ResponseNewParamsInputUnion{OfInputItemList: responses.ResponseInputParam{out}}
			},
			param:   []string{"input"},
			message: "No tool call found for function call output with call_id call_unknown.",
		},
		{
			name:    "unknown previous_response_id",
			edit:    func(p *responses.ResponseNewParams) { p.PreviousResponseID = openai.String("resp_unknown") },
			param:   []string{"previous_response_id"},
			message: "Previous response with id 'resp_unknown' not found.",
		},
		{
			name: "previous_response_id with conversation",
			edit: func(p *responses.ResponseNewParams) {
				p.PreviousResponseID = openai.String("resp_unknown")
				p.Conversation = responses.ResponseNewParamsConversationUnion{OfString: openai.String("conv_unknown")}
			},
			param: []string{"", "previous_response_id", "conversation"},
		},
		{
			name:    "missing model",
			opts:    []option.RequestOption{option.WithJSONDel("model")},
			param:   []string{"model"},
			message: "Missing required parameter: 'model'.",
		},
		{
			name:    "empty model",
			edit:    func(p *responses.ResponseNewParams) { p.Model = "" },
			param:   []string{"model"},
			message: "Missing required parameter: 'model'.",
		},
		{
			name:  "metadata with 17 keys",
			edit:  func(p *responses.ResponseNewParams) { p.Metadata = tooMany },
			param: []string{"metadata"},
		},
		{
			name:  "metadata value of 600 characters",
			edit:  func(p *responses.ResponseNewParams) { p.Metadata = shared.Metadata{"note": strings.Repeat("x", 600)} },
			param: []string{"metadata", "metadata.note"},
		},
		{
			name: "stream_options without stream",
			edit: func(p *responses.ResponseNewParams) {
				p.StreamOptions = responses.ResponseNewParamsStreamOptions{IncludeObfuscation: openai.Bool(false)}
			},
			param: []string{"stream_options", "stream"},
		},
		{
			name: "background with store false",
			edit: func(p *responses.ResponseNewParams) {
				p.Background = openai.Bool(true)
				p.Store = openai.Bool(false)
			},
			param: []string{"background", "store"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			if tt.edit != nil {
				tt.edit(&p)
			}
			_, err := c.Responses.New(t.Context(), p, tt.opts...)
			e := apiError(t, err, http.StatusBadRequest)
			if e.Type != "invalid_request_error" {
				t.Errorf("Type = %q, want invalid_request_error", e.Type)
			}
			if tt.code != "" && e.Code != tt.code {
				t.Errorf("Code = %q, want %q", e.Code, tt.code)
			}
			if !slices.Contains(tt.param, e.Param) {
				t.Errorf("Param = %q, want one of %q", e.Param, tt.param)
			}
			switch {
			case tt.message == "":
			case tt.prefix && !strings.HasPrefix(e.Message, tt.message):
				t.Errorf("Message = %q, want it to start with %q", e.Message, tt.message)
			case !tt.prefix && e.Message != tt.message:
				t.Errorf("Message = %q, want %q", e.Message, tt.message)
			}
		})
	}
}
