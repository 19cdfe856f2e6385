package responses

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respkit/respkit/internal/jsontest"
	"github.com/respkit/respkit/internal/wire"
	"github.com/tidwall/gjson"
)

// ignoreMeta makes cmp skip the codec's bookkeeping and a response's HTTP
// exchange.
var ignoreMeta = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && (sf.Name() == "meta" || sf.Name() == "http")
}, cmp.Ignore())

// eventTests has one entry per event kind: the fixture
// testdata/events/<typ>.json and the event it decodes to.
var eventTests = []struct {
	typ  string
	want Event
}{
	{"response.queued", &QueuedEvent{Response: &Response{ID: "resp_q1", Object: "response", CreatedAt: 1750000000, Status: StatusQueued, Background: true, Output: []Item{}}}},
	{"response.created", &CreatedEvent{Response: &Response{ID: "resp_a1", Object: "response", CreatedAt: 1750000000, Status: StatusInProgress, Model: "gpt-4.1", Output: []Item{}}}},
	{"response.in_progress", &InProgressEvent{SequenceNumber: 1, Response: &Response{ID: "resp_a1", Object: "response", Status: StatusInProgress, Output: []Item{}}}},
	{"response.completed", &CompletedEvent{SequenceNumber: 9, Response: &Response{
		ID: "resp_a1", Object: "response", Status: StatusCompleted, Model: "gpt-4.1",
		Output: []Item{&Message{Type: "message", ID: "msg_a1", Status: "completed", Role: RoleAssistant,
			Content: Content{&OutputText{Text: "Hello world", Annotations: []Annotation{}}}}},
		Usage: &Usage{InputTokens: 5, OutputTokens: 2, TotalTokens: 7},
	}}},
	{"response.incomplete", &IncompleteEvent{SequenceNumber: 7, Response: &Response{ID: "resp_a2", Object: "response", Status: StatusIncomplete, IncompleteDetails: &IncompleteDetails{Reason: "max_output_tokens"}, Output: []Item{}}}},
	{"response.failed", &FailedEvent{SequenceNumber: 3, Response: &Response{ID: "resp_a3", Object: "response", Status: StatusFailed, Error: &ResponseError{Code: "server_error", Message: "The model failed to generate a response."}, Output: []Item{}}}},
	{"error", &ErrorEvent{SequenceNumber: 2, Code: "rate_limit_exceeded", Message: "Slow down."}},

	{"response.output_item.added", &OutputItemAddedEvent{SequenceNumber: 2, Item: &Message{Type: "message", ID: "msg_a1", Status: "in_progress", Role: RoleAssistant, Content: Content{}}}},
	{"response.output_item.done", &OutputItemDoneEvent{SequenceNumber: 8, OutputIndex: 1, Item: &FunctionCall{ID: "fc_b1", CallID: "call_b1", Name: "get_weather", Arguments: `{"city":"Paris"}`, Status: "completed"}}},
	{"response.content_part.added", &ContentPartAddedEvent{SequenceNumber: 3, ItemID: "msg_a1", Part: &OutputText{Annotations: []Annotation{}, Logprobs: []Logprob{}}}},
	{"response.content_part.done", &ContentPartDoneEvent{SequenceNumber: 6, ItemID: "msg_a1", ContentIndex: 1, Part: &Refusal{Refusal: "I can't help with that."}}},

	{"response.output_text.delta", &OutputTextDeltaEvent{SequenceNumber: 4, ItemID: "msg_a1", Delta: "Hello", Obfuscation: "x7Qz",
		Logprobs: []Logprob{{Token: "Hello", Bytes: []int{72, 101, 108, 108, 111}, Logprob: -0.25,
			TopLogprobs: []TopLogprob{{Token: "Hi", Bytes: []int{72, 105}, Logprob: -1.5}}}}}},
	{"response.output_text.done", &OutputTextDoneEvent{SequenceNumber: 5, ItemID: "msg_a1", Text: "Hello world", Logprobs: []Logprob{}}},
	{"response.output_text.annotation.added", &OutputTextAnnotationAddedEvent{SequenceNumber: 5, ItemID: "msg_a1", OutputIndex: 2, AnnotationIndex: 1,
		Annotation: &URLCitation{URL: "https://example.com/", Title: "Example", EndIndex: 11}}},
	{"response.refusal.delta", &RefusalDeltaEvent{SequenceNumber: 4, ItemID: "msg_r1", Delta: "I can't"}},
	{"response.refusal.done", &RefusalDoneEvent{SequenceNumber: 5, ItemID: "msg_r1", Refusal: "I can't help with that."}},

	{"response.reasoning_text.delta", &ReasoningTextDeltaEvent{SequenceNumber: 3, ItemID: "rs_c1", Delta: "The user wants", Obfuscation: "k2"}},
	{"response.reasoning_text.done", &ReasoningTextDoneEvent{SequenceNumber: 4, ItemID: "rs_c1", Text: "The user wants a greeting."}},
	{"response.reasoning_summary_part.added", &ReasoningSummaryPartAddedEvent{SequenceNumber: 3, ItemID: "rs_c1", Part: &SummaryText{}}},
	{"response.reasoning_summary_part.done", &ReasoningSummaryPartDoneEvent{SequenceNumber: 6, ItemID: "rs_c1", SummaryIndex: 1, Part: &SummaryText{Text: "**Greeting**"}, Status: "incomplete"}},
	{"response.reasoning_summary_text.delta", &ReasoningSummaryTextDeltaEvent{SequenceNumber: 4, ItemID: "rs_c1", Delta: "**Greet", Obfuscation: "Zq9"}},
	{"response.reasoning_summary_text.done", &ReasoningSummaryTextDoneEvent{SequenceNumber: 5, ItemID: "rs_c1", Text: "**Greeting**"}},

	{"response.audio.delta", &AudioDeltaEvent{SequenceNumber: 3, ResponseID: "resp_au1", Delta: "UklGRg=="}},
	{"response.audio.done", &AudioDoneEvent{SequenceNumber: 4, ResponseID: "resp_au1"}},
	{"response.audio.transcript.delta", &AudioTranscriptDeltaEvent{SequenceNumber: 5, ResponseID: "resp_au1", Delta: "Hel"}},
	{"response.audio.transcript.done", &AudioTranscriptDoneEvent{SequenceNumber: 6, ResponseID: "resp_au1"}},

	{"response.function_call_arguments.delta", &FunctionCallArgumentsDeltaEvent{SequenceNumber: 4, ItemID: "fc_b1", OutputIndex: 1, Delta: `{"city":`, Obfuscation: "a1b2c3"}},
	{"response.function_call_arguments.done", &FunctionCallArgumentsDoneEvent{SequenceNumber: 6, ItemID: "fc_b1", OutputIndex: 1, Name: "get_weather", Arguments: `{"city":"Paris"}`}},
	{"response.custom_tool_call_input.delta", &CustomToolCallInputDeltaEvent{SequenceNumber: 3, ItemID: "ctc_d1", Delta: "SELECT "}},
	{"response.custom_tool_call_input.done", &CustomToolCallInputDoneEvent{SequenceNumber: 5, ItemID: "ctc_d1", Input: "SELECT 1"}},
	{"response.apply_patch_call_operation_diff.delta", &ApplyPatchCallOperationDiffDeltaEvent{SequenceNumber: 4, ItemID: "apc_e1", Delta: "@@\n-foo\n", Obfuscation: "pQ"}},
	{"response.apply_patch_call_operation_diff.done", &ApplyPatchCallOperationDiffDoneEvent{SequenceNumber: 6, ItemID: "apc_e1", Diff: "@@\n-foo\n+bar\n"}},

	{"response.mcp_call_arguments.delta", &MCPCallArgumentsDeltaEvent{SequenceNumber: 4, ItemID: "mcp_f1", OutputIndex: 1, Delta: `{"q":`, Obfuscation: "mm"}},
	{"response.mcp_call_arguments.done", &MCPCallArgumentsDoneEvent{SequenceNumber: 5, ItemID: "mcp_f1", OutputIndex: 1, Arguments: `{"q":"go"}`}},
	{"response.mcp_call.in_progress", &MCPCallInProgressEvent{SequenceNumber: 3, ItemID: "mcp_f1", OutputIndex: 1}},
	{"response.mcp_call.completed", &MCPCallCompletedEvent{SequenceNumber: 6, ItemID: "mcp_f1", OutputIndex: 1}},
	{"response.mcp_call.failed", &MCPCallFailedEvent{SequenceNumber: 6, ItemID: "mcp_f2", OutputIndex: 2}},
	{"response.mcp_list_tools.in_progress", &MCPListToolsInProgressEvent{SequenceNumber: 2, ItemID: "mcpl_g1"}},
	{"response.mcp_list_tools.completed", &MCPListToolsCompletedEvent{SequenceNumber: 3, ItemID: "mcpl_g1"}},
	{"response.mcp_list_tools.failed", &MCPListToolsFailedEvent{SequenceNumber: 3, ItemID: "mcpl_g2"}},

	{"response.code_interpreter_call.in_progress", &CodeInterpreterCallInProgressEvent{SequenceNumber: 3, ItemID: "ci_h1", OutputIndex: 1}},
	{"response.code_interpreter_call_code.delta", &CodeInterpreterCallCodeDeltaEvent{SequenceNumber: 4, ItemID: "ci_h1", OutputIndex: 1, Delta: "print(", Obfuscation: "0x"}},
	{"response.code_interpreter_call_code.done", &CodeInterpreterCallCodeDoneEvent{SequenceNumber: 5, ItemID: "ci_h1", OutputIndex: 1, Code: "print(1 + 1)"}},
	{"response.code_interpreter_call.interpreting", &CodeInterpreterCallInterpretingEvent{SequenceNumber: 6, ItemID: "ci_h1", OutputIndex: 1}},
	{"response.code_interpreter_call.completed", &CodeInterpreterCallCompletedEvent{SequenceNumber: 7, ItemID: "ci_h1", OutputIndex: 1}},
	{"response.file_search_call.in_progress", &FileSearchCallInProgressEvent{SequenceNumber: 2, ItemID: "fs_i1"}},
	{"response.file_search_call.searching", &FileSearchCallSearchingEvent{SequenceNumber: 3, ItemID: "fs_i1"}},
	{"response.file_search_call.completed", &FileSearchCallCompletedEvent{SequenceNumber: 4, ItemID: "fs_i1"}},
	{"response.web_search_call.in_progress", &WebSearchCallInProgressEvent{SequenceNumber: 2, ItemID: "ws_j1", OutputIndex: 1}},
	{"response.web_search_call.searching", &WebSearchCallSearchingEvent{SequenceNumber: 3, ItemID: "ws_j1", OutputIndex: 1}},
	{"response.web_search_call.completed", &WebSearchCallCompletedEvent{SequenceNumber: 4, ItemID: "ws_j1", OutputIndex: 1}},
	{"response.image_generation_call.in_progress", &ImageGenerationCallInProgressEvent{SequenceNumber: 2, ItemID: "ig_k1"}},
	{"response.image_generation_call.generating", &ImageGenerationCallGeneratingEvent{SequenceNumber: 3, ItemID: "ig_k1"}},
	{"response.image_generation_call.partial_image", &ImageGenerationCallPartialImageEvent{SequenceNumber: 4, ItemID: "ig_k1",
		PartialImageB64: "iVBORw0KGgo=", Background: "opaque", OutputFormat: "png", Quality: "low", Size: "1024x1024"}},
	{"response.image_generation_call.completed", &ImageGenerationCallCompletedEvent{SequenceNumber: 5, ItemID: "ig_k1"}},
	{"response.compaction.compacting", &CompactionCompactingEvent{SequenceNumber: 2, ItemID: "cmp_l1"}},

	{"response.shell_call_command.added", &ShellCallCommandAddedEvent{SequenceNumber: 3}},
	{"response.shell_call_command.delta", &ShellCallCommandDeltaEvent{SequenceNumber: 4, CommandIndex: 1, Delta: "ls -", Obfuscation: "Qw"}},
	{"response.shell_call_command.done", &ShellCallCommandDoneEvent{SequenceNumber: 5, CommandIndex: 1, Command: "ls -la"}},
	{"response.shell_call_output_content.delta", &ShellCallOutputContentDeltaEvent{SequenceNumber: 7, ItemID: "sho_m1", OutputIndex: 1, Delta: ShellOutputDelta{Stdout: "total 0\n"}}},
	{"response.shell_call_output_content.done", &ShellCallOutputContentDoneEvent{SequenceNumber: 8, ItemID: "sho_m1", OutputIndex: 1, Output: []ShellOutputChunk{
		{Stdout: "total 0\n", Outcome: &ShellExit{}, CreatedBy: "server"},
		{Outcome: &ShellTimeout{}},
	}}},
}

func readEventFixture(t *testing.T, typ string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "events", typ+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// roundTrip encodes ev and checks that it gives back data.
func eventRoundTrip(t *testing.T, data []byte, ev Event) {
	t.Helper()
	out, err := wire.Marshal(&ev)
	if err != nil {
		t.Fatalf("wire.Marshal(%T) = %v", ev, err)
	}
	if diff := jsontest.Diff(data, out); diff != "" {
		t.Errorf("round trip of %T differs:\n%s", ev, diff)
	}
}

func TestDecodeEvent(t *testing.T) {
	for _, tt := range eventTests {
		t.Run(tt.typ, func(t *testing.T) {
			data := readEventFixture(t, tt.typ)
			var ev Event
			if err := wire.Unmarshal(data, &ev); err != nil {
				t.Fatalf("wire.Unmarshal = %v", err)
			}
			if diff := cmp.Diff(tt.want, ev, ignoreMeta); diff != "" {
				t.Errorf("wire.Unmarshal mismatch (-want +got):\n%s", diff)
			}
			if got := ev.EventType(); got != tt.typ {
				t.Errorf("EventType() = %q, want %q", got, tt.typ)
			}
			if got, want := ev.Sequence(), gjson.GetBytes(data, "sequence_number").Int(); got != want {
				t.Errorf("Sequence() = %d, want %d", got, want)
			}
			eventRoundTrip(t, data, ev)
			if u := unmodeled(ev); len(u) > 0 {
				t.Errorf("decoded without a Go field or type: %v", u)
			}
		})
	}
}

// TestEventFixtures checks that every event kind has a fixture and a test,
// and every fixture a test.
func TestEventFixtures(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range eventTests {
		if tested[tt.typ] {
			t.Errorf("%s is tested twice", tt.typ)
		}
		tested[tt.typ] = true
		if p, ok := variantMap(eventVariants)[tt.typ]; !ok {
			t.Errorf("%s is not a registered event type", tt.typ)
		} else if reflect.TypeOf(p) != reflect.TypeOf(tt.want) {
			t.Errorf("%s is registered as %T, test wants %T", tt.typ, p, tt.want)
		}
	}
	for typ := range variantMap(eventVariants) {
		if !tested[typ] {
			t.Errorf("event type %s has no entry in eventTests", typ)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if typ := strings.TrimSuffix(filepath.Base(f), ".json"); !tested[typ] {
			t.Errorf("fixture %s has no entry in eventTests", f)
		}
	}
}

func TestDecodeEventForms(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      Event
		unmodeled []string
	}{{
		name: "type not first",
		in:   `{"sequence_number":3,"delta":"hi","type":"response.output_text.delta","item_id":"msg_1"}`,
		want: &OutputTextDeltaEvent{SequenceNumber: 3, ItemID: "msg_1", Delta: "hi"},
	}, {
		name: "no sequence number",
		in:   `{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"hi"}`,
		want: &OutputTextDeltaEvent{ItemID: "msg_1", Delta: "hi"},
	}, {
		name: "explicit zeros and nulls",
		in:   `{"type":"response.output_text.delta","sequence_number":0,"item_id":"","delta":"","logprobs":null,"obfuscation":null}`,
		want: &OutputTextDeltaEvent{},
	}, {
		name:      "member this version does not know",
		in:        `{"type":"response.output_text.delta","sequence_number":1,"delta":"a","future":{"x":[1,2]}}`,
		want:      &OutputTextDeltaEvent{SequenceNumber: 1, Delta: "a"},
		unmodeled: []string{"OutputTextDeltaEvent.future"},
	}, {
		// A member respkit does not act on is kept raw; one it acts on
		// (output_index, say) is an error: see TestDecodeWrongKindActedOn.
		name:      "member of the wrong kind",
		in:        `{"type":"response.output_text.delta","sequence_number":1,"logprobs":"none","delta":"a"}`,
		want:      &OutputTextDeltaEvent{SequenceNumber: 1, Delta: "a"},
		unmodeled: []string{"OutputTextDeltaEvent.logprobs"},
	}, {
		name: "nested error",
		in:   `{"type":"error","sequence_number":2,"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"Quota exceeded.","param":null}}`,
		want: &ErrorEvent{SequenceNumber: 2, Error: &ResponseError{Type: "insufficient_quota", Code: "insufficient_quota", Message: "Quota exceeded."}},
	}, {
		name:      "unknown item kind",
		in:        `{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"type":"hologram","id":"h_1"}}`,
		want:      &OutputItemAddedEvent{SequenceNumber: 2, Item: &Unknown{Type: "hologram", Raw: json.RawMessage(`{"type":"hologram","id":"h_1"}`)}},
		unmodeled: []string{"unknown hologram"},
	}, {
		name:      "unknown event kind",
		in:        `{"type":"response.teleport.done","sequence_number":12,"where":"mars"}`,
		want:      &Unknown{Type: "response.teleport.done", Raw: json.RawMessage(`{"type":"response.teleport.done","sequence_number":12,"where":"mars"}`)},
		unmodeled: []string{"unknown response.teleport.done"},
	}, {
		name:      "no type",
		in:        `{"sequence_number":1}`,
		want:      &Unknown{Raw: json.RawMessage(`{"sequence_number":1}`)},
		unmodeled: []string{"unknown "},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev Event
			if err := wire.Unmarshal([]byte(tt.in), &ev); err != nil {
				t.Fatalf("wire.Unmarshal(%s) = %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, ev, ignoreMeta); diff != "" {
				t.Errorf("wire.Unmarshal(%s) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got, want := ev.EventType(), gjson.Get(tt.in, "type").String(); got != want {
				t.Errorf("EventType() = %q, want %q", got, want)
			}
			if got, want := ev.Sequence(), gjson.Get(tt.in, "sequence_number").Int(); got != want {
				t.Errorf("Sequence() = %d, want %d", got, want)
			}
			eventRoundTrip(t, []byte(tt.in), ev)
			if diff := cmp.Diff(tt.unmodeled, unmodeled(ev), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unmodeled(%s) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDecodeEventErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`[]`,
		`"response.created"`,
		`42`,
		`{"type":"response.output_text.delta","delta":}`,
		`{"type":"response.output_text.delta","delta":"a"`,
		`{"type":"response.output_text.delta"} {}`,
		`{"type":"response.output_item.added","item":{"type":"message","content":[}}`,
	} {
		var ev Event
		err := wire.Unmarshal([]byte(in), &ev)
		var se *wire.SyntaxError
		var te *wire.TypeError
		if !errors.As(err, &se) && !errors.As(err, &te) {
			t.Errorf("wire.Unmarshal(%q) = %v (%T), want a *wire.SyntaxError or *wire.TypeError", in, err, err)
		}
	}
}

// TestDecodeEventNull checks that null decodes to a nil Event.
func TestDecodeEventNull(t *testing.T) {
	var ev Event = &CompletedEvent{}
	if err := wire.Unmarshal([]byte(`null`), &ev); err != nil || ev != nil {
		t.Errorf("wire.Unmarshal(null) = %v, %v; want nil, nil", ev, err)
	}
}

// TestEncodeEvent checks the JSON of events built in Go, as a fake server
// writes them: the type comes first, zero members are left out.
func TestEncodeEvent(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{&OutputTextDeltaEvent{SequenceNumber: 4, ItemID: "msg_1", Delta: "Hi"},
			`{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","delta":"Hi"}`},
		{&ErrorEvent{Code: "server_error", Message: "boom"},
			`{"type":"error","code":"server_error","message":"boom"}`},
		{&OutputItemDoneEvent{SequenceNumber: 7, OutputIndex: 1, Item: &FunctionCall{CallID: "call_1", Name: "f", Arguments: "{}"}},
			`{"type":"response.output_item.done","sequence_number":7,"output_index":1,"item":{"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"}}`},
	}
	for _, tt := range tests {
		got, err := wire.Marshal(&tt.ev)
		if err != nil || string(got) != tt.want {
			t.Errorf("wire.Marshal(%T) = %s, %v; want %s", tt.ev, got, err, tt.want)
		}
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, tt := range eventTests {
		data, err := os.ReadFile(filepath.Join("testdata", "events", tt.typ+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"type":"response.teleport.done","sequence_number":1}`))
	f.Add([]byte(`{"sequence_number":"x","type":"error","error":{"code":1}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var ev Event
		err := wire.Unmarshal(in, &ev)
		// The stream reader's paths (batched events and chunked strings,
		// trimmed, then each allocated on its own; aliased strings; the last
		// variant remembered) must agree with the plain one.
		var dec wire.Decoder
		dec.Batch(eventBatch)
		var evs [5]Event
		for i := range evs {
			var derr error
			switch i {
			case 0, 1:
				derr = dec.UnmarshalAlias(in, &evs[i])
			case 2:
				derr = dec.Unmarshal(in, &evs[i])
				dec.Trim()
			case 3:
				dec.Batch(0)
				derr = dec.Unmarshal(in, &evs[i])
			case 4:
				dec.Batch(eventBatch)
				derr = dec.Unmarshal(in, &evs[i])
			}
			if (derr == nil) != (err == nil) {
				t.Fatalf("Decoder path %d on %q = %v, wire.Unmarshal = %v", i, in, derr, err)
			}
		}
		if err != nil {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("wire.Unmarshal accepted invalid JSON %q", in)
		}
		if ev == nil {
			return
		}
		for _, e := range evs {
			a, _ := wire.Marshal(&ev)
			b, _ := wire.Marshal(&e)
			if !bytes.Equal(a, b) {
				t.Fatalf("a Decoder's value of %q encodes as %s, wire.Unmarshal's as %s", in, b, a)
			}
		}
		_ = ev.EventType()
		_ = ev.Sequence()
		out, err := wire.Marshal(&ev)
		if err != nil {
			t.Fatalf("wire.Marshal after wire.Unmarshal(%q) = %v", in, err)
		}
		var ev2 Event
		if err := wire.Unmarshal(out, &ev2); err != nil {
			t.Fatalf("wire.Unmarshal(wire.Marshal(%q)) = %v; JSON %s", in, err, out)
		}
		out2, err := wire.Marshal(&ev2)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("second round trip of %q = %s, %v; want %s", in, out2, err, out)
		}
		if reflect.TypeOf(ev) != reflect.TypeOf(ev2) || ev.EventType() != ev2.EventType() || ev.Sequence() != ev2.Sequence() {
			t.Fatalf("second decode of %q = %T %q %d, want %T %q %d", in, ev2, ev2.EventType(), ev2.Sequence(), ev, ev.EventType(), ev.Sequence())
		}
	})
}

func TestUnmarshalEvent(t *testing.T) {
	tests := []struct {
		in      string
		want    Event
		wantErr string
	}{
		{in: `{"type":"response.refusal.delta","delta":"No"}`, want: &RefusalDeltaEvent{Delta: "No"}},
		{in: `{"type":"response.refusal.delta","delta":5,"x":1}`, want: &RefusalDeltaEvent{}},
		{in: `{"type":"response.refusal.delta","delta":"No"`, wantErr: `responses: decode event "response.refusal.delta": invalid JSON at offset 45: unexpected end of input`},
		{in: `[1]`, wantErr: "responses: decode event: cannot decode JSON array at offset 0"},
		{in: `null`, wantErr: "responses: decode event: null"},
		{in: ``, wantErr: "responses: decode event: invalid JSON at offset 0"},
	}
	for _, tt := range tests {
		got, err := UnmarshalEvent([]byte(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("UnmarshalEvent(%s) = %v, %v; want error %q…", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("UnmarshalEvent(%s) = %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, ignoreMeta); diff != "" {
			t.Errorf("UnmarshalEvent(%s) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
