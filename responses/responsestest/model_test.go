package responsestest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

type Address struct {
	Street string `json:"street"`
	City   string `json:"city"`
}

type LineItem struct {
	Description string  `json:"description"`
	Quantity    int     `json:"quantity" jsonschema:"minimum=1"`
	UnitPrice   float64 `json:"unit_price"`
}

type Invoice struct {
	Number   string     `json:"number"`
	Customer string     `json:"customer_name"`
	Email    string     `json:"email"`
	Issued   time.Time  `json:"issued_at"`
	Status   string     `json:"status" jsonschema:"enum=draft,enum=sent,enum=paid"`
	Lines    []LineItem `json:"lines"`
	Billing  *Address   `json:"billing,omitempty"`
	Notes    string     `json:"notes,omitempty"`
	Paid     bool       `json:"paid"`
}

type Node struct {
	Name     string  `json:"name"`
	Children []*Node `json:"children"`
	Next     *Node   `json:"next"`
}

// fakeFor asks the default model for a T with the text as input.
func fakeFor[T any](t *testing.T, text string) (T, string) {
	t.Helper()
	s, err := schema.For[T]()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	req := &responses.Request{Model: "m", Input: responses.Text(text),
		Text: responses.TextConfig{Format: &responses.FormatJSONSchema{Name: s.Name, Schema: raw, Strict: new(true)}}}
	out := replyText(t, responsestest.Default(req))
	v, err := schema.Decode[T]([]byte(out))
	if err != nil {
		t.Fatalf("the default model's JSON does not match the schema of %T: %v\n%s", v, err, out)
	}
	return v, out
}

func replyText(t *testing.T, r responsestest.Reply) string {
	t.Helper()
	if len(r.Output) != 1 {
		t.Fatalf("reply has %d items, want one message", len(r.Output))
	}
	m, ok := r.Output[0].(*responses.Message)
	if !ok {
		t.Fatalf("reply item is %T, want a message", r.Output[0])
	}
	return m.Text()
}

func TestDefaultJSONSchema(t *testing.T) {
	inv, out := fakeFor[Invoice](t, "Invoice 2026-117 for Ada Lovelace (ada@example.org), issued 2026-03-04: 3 hours of consulting at 150 each. Status: paid.")
	if inv.Customer != "Ada" && inv.Customer != "Lovelace" || inv.Email != "ada@example.org" || inv.Status != "paid" || inv.Issued.Format("2006-01-02") != "2026-03-04" {
		t.Errorf("the values do not come from the input: %s", out)
	}
	if len(inv.Lines) == 0 || inv.Lines[0].Quantity < 1 {
		t.Errorf("lines = %+v, want at least one with quantity >= 1", inv.Lines)
	}
	// A recursive type ends.
	fakeFor[Node](t, "A tree of nodes")
	// No input at all.
	fakeFor[Invoice](t, "")
}

func TestDefaultText(t *testing.T) {
	got := replyText(t, responsestest.Default(&responses.Request{Model: "m", Input: responses.Text("What is Go? Tell me more.")}))
	if !strings.Contains(got, "“What is Go?”") || !strings.Contains(got, "simulated") {
		t.Errorf("text = %q", got)
	}
}

// The default model says which images and files came with the question,
// so that a program sees its attachments arrived.
func TestDefaultAttachments(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	img, err := responses.ImageBytes(png)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := responses.FileBytes("notes.txt", []byte("Grüße 😀\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		parts []responses.Part
		want  string
	}{
		{"none", nil, "“Describe.” This answer is simulated"},
		{"inline image", []responses.Part{img}, "“Describe.” I was given an image (image/png, 16 bytes)."},
		{"image by URL", []responses.Part{responses.ImageURL("https://example.com/a.png")}, "an image (https://example.com/a.png)"},
		{"file by id", []responses.Part{responses.FileID("file-123")}, "a file (file-123)"},
		{"image and file", []responses.Part{img, doc}, "an image (image/png, 16 bytes) and a file (notes.txt, text/plain;charset=utf-8, 13 bytes)"},
	}
	for _, tc := range tests {
		got := replyText(t, responsestest.Default(&responses.Request{Model: "m", Input: responses.Items(responses.UserMessage("Describe.", tc.parts...))}))
		if !strings.Contains(got, tc.want) || !strings.Contains(got, "imulated") {
			t.Errorf("%s: text = %q, want %q", tc.name, got, tc.want)
		}
	}
}

type WeatherArgs struct {
	City string `json:"city"`
	Unit string `json:"unit" jsonschema:"enum=celsius,enum=fahrenheit"`
}

type CalcArgs struct {
	Expression string `json:"expression"`
}

func functionTool[T any](t *testing.T, name, desc string) *responses.FunctionTool {
	s, err := schema.For[T]()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := s.MarshalJSON()
	return &responses.FunctionTool{Name: name, Description: desc, Parameters: raw, Strict: new(true)}
}

func TestDefaultTools(t *testing.T) {
	tools := []responses.Tool{
		functionTool[WeatherArgs](t, "get_weather", "Current weather in a city"),
		functionTool[CalcArgs](t, "calculate", "Evaluate an arithmetic expression"),
		functionTool[CalcArgs](t, "send_email", "Send an email"),
	}
	req := &responses.Request{Model: "m", Tools: tools, Input: responses.Text("What's the weather in Paris, in celsius? And calculate 17 * 23.")}
	r := responsestest.Default(req)
	var names []string
	for _, it := range r.Output {
		c := it.(*responses.FunctionCall)
		names = append(names, c.Name)
		switch c.Name {
		case "get_weather":
			a, err := schema.Decode[WeatherArgs]([]byte(c.Arguments))
			if err != nil || a.City != "Paris" || a.Unit != "celsius" {
				t.Errorf("get_weather arguments %s: %+v, %v", c.Arguments, a, err)
			}
		case "calculate":
			if _, err := schema.Decode[CalcArgs]([]byte(c.Arguments)); err != nil {
				t.Errorf("calculate arguments %s: %v", c.Arguments, err)
			}
		}
	}
	if got := strings.Join(names, ","); got != "get_weather,calculate" {
		t.Errorf("calls = %s, want get_weather,calculate", got)
	}
	// One at a time when parallel tool calls are off.
	req.ParallelToolCalls = new(false)
	if n := len(responsestest.Default(req).Output); n != 1 {
		t.Errorf("%d calls with parallel_tool_calls false, want 1", n)
	}
	// With the outputs in the input, it answers with them.
	req.Input = responses.Items(responses.UserMessage("weather?"),
		&responses.FunctionCall{CallID: "c1", Name: "get_weather", Arguments: `{}`},
		responses.FunctionOutput("c1", "18°C and sunny"))
	if got := replyText(t, responsestest.Default(req)); !strings.Contains(got, "get_weather said 18°C and sunny") {
		t.Errorf("answer = %q", got)
	}
}

func TestDefaultApplyPatch(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "greet"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "greet", "greet.go"), []byte("package greet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, input := range []string{"Please tidy greet/greet.go.", "Write some notes."} {
		r := responsestest.Default(&responses.Request{Model: "m", Tools: []responses.Tool{responses.ApplyPatch()}, Input: responses.Text(input)})
		call, ok := r.Output[0].(*responses.ApplyPatchCall)
		if !ok {
			t.Fatalf("reply = %#v, want an apply_patch call", r.Output)
		}
		if _, err := patch.ApplyOperation(root, call.Operation.Patch()); err != nil {
			t.Errorf("the proposed patch for %q does not apply: %v", input, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "greet", "greet.go"))
	if !strings.HasPrefix(string(b), "// ") || !strings.HasSuffix(string(b), "package greet\n") {
		t.Errorf("greet.go = %q", b)
	}
}

func TestDefaultThroughTheServer(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	resp, err := responses.New(c).Create(context.Background(), &responses.Request{Model: "m", Input: responses.Text("hi")})
	if err != nil || !strings.Contains(resp.OutputText(), "simulated") {
		t.Fatalf("Create = %v, %v", resp, err)
	}
}

// TestDefaultSeesTheConversation checks that with previous_response_id the
// model sees the earlier turns, as the API keeps them: it knows which tool
// a bare function_call_output answers.
func TestDefaultSeesTheConversation(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, _ := srv.Client()
	rs := responses.New(c)
	ctx := context.Background()
	tools := []responses.Tool{functionTool[WeatherArgs](t, "get_weather", "Current weather in a city")}
	first, err := rs.Create(ctx, &responses.Request{Model: "m", Tools: tools, Input: responses.Text("Weather in Oslo?")})
	if err != nil {
		t.Fatal(err)
	}
	calls := first.FunctionCalls()
	if len(calls) != 1 {
		t.Fatalf("calls = %+v", calls)
	}
	second, err := rs.Create(ctx, &responses.Request{Model: "m", Tools: tools, PreviousResponseID: first.ID,
		Input: responses.Items(responses.FunctionOutput(calls[0].CallID, "9°C, cloudy"))})
	if err != nil {
		t.Fatal(err)
	}
	if got := second.OutputText(); !strings.Contains(got, "get_weather said 9°C, cloudy") {
		t.Errorf("answer = %q", got)
	}
}

// TestDefaultActsOnTheLatestTurn runs a conversation of several turns with
// previous_response_id: after a tool round, a new question that mentions a
// tool calls it again, with arguments drawn from the new question, and the
// outputs of that call are answered alone.
func TestDefaultActsOnTheLatestTurn(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	rs := responses.New(c)
	tools := []responses.Tool{
		functionTool[WeatherArgs](t, "get_weather", "Current weather in a city"),
		functionTool[CalcArgs](t, "calculate", "Evaluate an arithmetic expression"),
	}
	prev := ""
	turn := func(input ...responses.Item) *responses.Response {
		t.Helper()
		resp, err := rs.Create(t.Context(), &responses.Request{Model: "m", Tools: tools, PreviousResponseID: prev, Input: responses.Items(input...)})
		if err != nil {
			t.Fatal(err)
		}
		prev = resp.ID
		return resp
	}
	call := func(resp *responses.Response, name, arg string) *responses.FunctionCall {
		t.Helper()
		calls := resp.FunctionCalls()
		if len(calls) != 1 || calls[0].Name != name || !strings.Contains(calls[0].Arguments, arg) {
			t.Fatalf("calls = %+v, text %q, want one call of %s with %s", calls, resp.OutputText(), name, arg)
		}
		return calls[0]
	}
	answer := func(resp *responses.Response, want, notWant string) {
		t.Helper()
		got := resp.OutputText()
		if len(resp.FunctionCalls()) > 0 || !strings.Contains(got, want) || notWant != "" && strings.Contains(got, notWant) {
			t.Fatalf("answer %q, calls %+v, want a text with %q", got, resp.FunctionCalls(), want)
		}
	}

	c1 := call(turn(responses.UserMessage("What's the weather in Paris, in celsius?")), "get_weather", "Paris")
	answer(turn(responses.FunctionOutput(c1.CallID, "18°C and sunny")), "get_weather said 18°C and sunny", "")
	c2 := call(turn(responses.UserMessage("And the weather in Oslo?")), "get_weather", "Oslo")
	answer(turn(responses.FunctionOutput(c2.CallID, "9°C, cloudy")), "get_weather said 9°C, cloudy", "18°C")
	c3 := call(turn(responses.UserMessage("Now calculate 17 * 23.")), "calculate", "expression")
	answer(turn(responses.FunctionOutput(c3.CallID, "391")), "calculate said 391", "9°C")
	// A question that calls no tool gets text about itself, not about the
	// first message of the conversation.
	srv.SetModel(func(req *responses.Request) responsestest.Reply {
		req.Tools = nil
		return responsestest.Default(req)
	})
	answer(turn(responses.UserMessage("Thanks! Is that all?")), "“Thanks!”", "Paris")
}
