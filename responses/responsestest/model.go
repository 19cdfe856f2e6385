package responsestest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/respkit/respkit/patch"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// Default is the server's model when no reply is enqueued. It is a
// simulator, not a model: it follows simple, deterministic rules so that
// code written against the API runs offline and sees the shapes of answers a
// model gives.
//
//   - It acts on the latest turn of the conversation: the last user
//     message and what follows it (the earlier turns, which it sees with
//     previous_response_id, are answered already).
//   - When the turn holds the outputs of tool calls, it answers in text
//     that quotes them (or with JSON, when a JSON schema format is asked
//     for).
//   - Otherwise, when the request has function tools, it calls the ones
//     whose names or descriptions the user's message mentions (the first
//     tool when none is mentioned; one only when parallel tool calls are
//     off), with arguments that match the tool's schema, drawn from the
//     message.
//   - With the apply_patch tool, it proposes a small patch to a file named
//     in the input (or a new NOTES.md). With an edit tool of
//     [responses.EditTool] (a custom tool whose grammar is one of package
//     patch's), it proposes the same edit in that tool's format.
//   - With a json_schema text format, its text is a JSON value valid against
//     the schema, with strings, names and numbers taken from the input where
//     the property names suggest them; with json_object, a small object.
//   - Otherwise it answers with one sentence that says it is simulated,
//     and names the images and files the question came with.
func Default(req *responses.Request) Reply {
	input, outputs := readInput(req.Input)
	if len(outputs) > 0 {
		return answer(req, input, "Here is what the tools returned: "+strings.Join(outputs, "; ")+".")
	}
	if r, ok := callTools(req, input); ok {
		return r
	}
	return answer(req, input, "")
}

// answer replies with text, or with JSON when the request asks for it.
func answer(req *responses.Request, input, text string) Reply {
	switch f := req.Text.Format.(type) {
	case *responses.FormatJSONSchema:
		return Text(fakeJSON(f.Schema, input+" "+text))
	case *responses.FormatJSONObject:
		return JSON(map[string]string{"answer": simulated(input, text)})
	}
	if text == "" {
		text = attachments(req.Input)
	}
	return Text(simulated(input, text))
}

func simulated(input, text string) string {
	if text != "" && strings.HasPrefix(text, "I was given ") {
		// Attachments: the question, then what came with it.
		if q := firstSentence(input); q != "" {
			return fmt.Sprintf("You asked: “%s” %s (Simulated by respkit's offline test server, not written by a model.)", q, text)
		}
	}
	if text != "" {
		return text + " (Simulated by respkit's offline test server, not written by a model.)"
	}
	q := firstSentence(input)
	if q == "" {
		return "Hello from respkit's offline test server: this answer is simulated, not written by a model."
	}
	if !strings.ContainsAny(q[len(q)-1:], ".!?…") {
		q += "."
	}
	return fmt.Sprintf("You asked: “%s” This answer is simulated by respkit's offline test server, not written by a model.", q)
}

// attachments describes the images and files of the last user message,
// so that a program can see they arrived: "I was given an image
// (image/png, 98 bytes) and a file (invoice.pdf)." It is "" for none.
func attachments(items []responses.Item) string {
	var m *responses.Message
	for i := len(items) - 1; i >= 0 && m == nil; i-- {
		if u, ok := items[i].(*responses.Message); ok && (u.Role == responses.RoleUser || u.Role == "") {
			m = u
		}
	}
	if m == nil {
		return ""
	}
	var parts []string
	for _, p := range m.Content {
		switch p := p.(type) {
		case *responses.InputImage:
			parts = append(parts, "an image ("+source(p.ImageURL, p.FileID, "")+")")
		case *responses.InputFile:
			parts = append(parts, "a file ("+source(p.FileData, p.FileID, cmp.Or(p.Filename, p.FileURL))+")")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "I was given " + strings.Join(parts, " and ") + "."
}

// source describes where an image or file comes from: a data URL by its
// type and size, a file id, a name or URL.
func source(data, fileID, name string) string {
	if rest, ok := strings.CutPrefix(data, "data:"); ok {
		typ, b64, _ := strings.Cut(rest, ";base64,")
		d := typ + ", " + strconv.Itoa(base64.StdEncoding.DecodedLen(len(b64))-strings.Count(b64, "=")) + " bytes"
		if name != "" {
			d = name + ", " + d
		}
		return d
	}
	return cmp.Or(name, fileID, data)
}

// firstSentence returns the text up to the first end of sentence: a
// period, question or exclamation mark followed by a space, or a line end.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || strings.IndexByte(".!?", s[i]) >= 0 && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n') {
			s = s[:i+1]
			break
		}
	}
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return strings.TrimSpace(s)
}

// readInput reads the latest turn of the input: it returns the text of
// the last user message, and of the messages that are not the assistant's
// after it, and a description of each tool output after it. The turns
// before it, which the server gives the model with previous_response_id,
// are answered already: a new question after a tool round is a new turn.
// An input without a user message is one turn.
func readInput(items []responses.Item) (text string, outputs []string) {
	start := 0
	for i := len(items) - 1; i >= 0; i-- {
		if m, ok := items[i].(*responses.Message); ok && (m.Role == responses.RoleUser || m.Role == "") {
			start = i
			break
		}
	}
	// A tool output may answer a call of an earlier turn.
	names := map[string]string{} // call id → tool name
	for _, it := range items {
		switch it := it.(type) {
		case *responses.FunctionCall:
			names[it.CallID] = it.Name
		case *responses.CustomToolCall:
			names[it.CallID] = it.Name
		}
	}
	var b strings.Builder
	for _, it := range items[start:] {
		switch it := it.(type) {
		case *responses.Message:
			if it.Role != responses.RoleAssistant {
				b.WriteString(it.Text())
				b.WriteByte('\n')
			}
		case *responses.FunctionCallOutput:
			outputs = append(outputs, describe(names[it.CallID], it.Output.Text()))
		case *responses.CustomToolCallOutput:
			outputs = append(outputs, describe(names[it.CallID], it.Output.Text()))
		case *responses.ApplyPatchCallOutput:
			outputs = append(outputs, describe("apply_patch", string(it.Status)+" "+it.Output))
		case *responses.ShellCallOutput:
			outputs = append(outputs, "shell ran")
		}
	}
	return b.String(), outputs
}

func describe(name, output string) string {
	output = strings.TrimSpace(output)
	if len(output) > 200 {
		output = output[:200] + "…"
	}
	if name == "" {
		return output
	}
	return name + " said " + output
}

// callTools replies with calls of the request's tools, if it has any the
// model could call.
func callTools(req *responses.Request, input string) (Reply, bool) {
	var (
		funcs      []*responses.FunctionTool
		applyPatch bool
		edit       *responses.CustomTool
		in         patch.Format
	)
	for _, t := range req.Tools {
		switch t := t.(type) {
		case *responses.FunctionTool:
			funcs = append(funcs, t)
		case *responses.ApplyPatchTool:
			applyPatch = true
		case *responses.CustomTool:
			if f := editFormat(t); f != 0 && edit == nil {
				edit, in = t, f
			}
		}
	}
	if mode, ok := req.ToolChoice.(responses.ToolChoiceMode); ok && mode == responses.ToolChoiceNone {
		return Reply{}, false
	}
	if applyPatch {
		return Items(proposePatch(input)), true
	}
	if edit != nil {
		return Items(&responses.CustomToolCall{Name: edit.Name, Input: proposeEdit(input, in)}), true
	}
	if len(funcs) == 0 {
		return Reply{}, false
	}
	var chosen []*responses.FunctionTool
	if c, ok := req.ToolChoice.(*responses.ToolChoiceFunction); ok {
		for _, t := range funcs {
			if t.Name == c.Name {
				chosen = append(chosen, t)
			}
		}
	} else {
		words := wordSet(input)
		for _, t := range funcs {
			if mentioned(t, words) {
				chosen = append(chosen, t)
			}
		}
	}
	if len(chosen) == 0 {
		chosen = funcs[:1]
	}
	if req.ParallelToolCalls != nil && !*req.ParallelToolCalls {
		chosen = chosen[:1]
	}
	var r Reply
	for _, t := range chosen {
		args := "{}"
		if len(t.Parameters) > 0 {
			args = fakeJSON(t.Parameters, input)
		}
		r.Output = append(r.Output, &responses.FunctionCall{Name: t.Name, Arguments: args})
	}
	return r, true
}

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range lettersRE.FindAllString(strings.ToLower(s), -1) {
		set[stem(w)] = true
	}
	return set
}

// stem shortens a word to its first five letters, so that "weather" and
// "weathers", "calculate" and "calculation" meet.
func stem(w string) string {
	if r := []rune(w); len(r) > 5 {
		return string(r[:5])
	}
	return w
}

var stopWords = map[string]bool{"get": true, "the": true, "and": true, "for": true, "with": true, "from": true, "this": true, "that": true, "tool": true, "call": true, "retur": true}

// mentioned reports whether a word of the tool's name, its description, or
// the descriptions and enum values of its parameters (of three letters or
// more) is in words.
func mentioned(t *responses.FunctionTool, words map[string]bool) bool {
	var text strings.Builder
	text.WriteString(strings.ReplaceAll(t.Name, "_", " ") + " " + t.Description)
	gjson.ParseBytes(t.Parameters).Get("properties").ForEach(func(_, p gjson.Result) bool {
		text.WriteString(" " + p.Get("description").String())
		for _, e := range p.Get("enum").Array() {
			text.WriteString(" " + e.String())
		}
		return true
	})
	for _, w := range lettersRE.FindAllString(strings.ToLower(text.String()), -1) {
		if s := stem(w); len(w) >= 3 && !stopWords[s] && words[s] {
			return true
		}
	}
	return false
}

var lettersRE = regexp.MustCompile(`[\p{L}][\p{L}\p{N}'’-]*`)

var pathRE = regexp.MustCompile(`^[\w.-]*\w(?:/[\w.-]+)*\.[A-Za-z]{1,5}$`)

// pathsRE finds the file names in a text.
var pathsRE = regexp.MustCompile(`[\w.-]*\w(?:/[\w.-]+)*\.[A-Za-z]{1,5}\b`)

// proposePatch returns an apply_patch call that adds a comment at the top of
// the first file the input names, or creates NOTES.md.
func proposePatch(input string) *responses.ApplyPatchCall {
	for _, p := range pathsRE.FindAllString(input, -1) {
		if strings.Contains(p, "..") || strings.HasPrefix(p, ".") {
			continue
		}
		return &responses.ApplyPatchCall{Operation: responses.ApplyPatchOperation{
			Type: patch.UpdateFile,
			Path: p,
			Diff: "@@\n+" + comment(p, "Reviewed by respkit's offline test server (a simulated edit).") + "\n",
		}}
	}
	return &responses.ApplyPatchCall{Operation: responses.ApplyPatchOperation{
		Type: patch.CreateFile,
		Path: "NOTES.md",
		Diff: "+# Notes\n+\n+Written by respkit's offline test server (a simulated edit).\n",
	}}
}

// editFormat returns the format of an edit tool: a custom tool whose
// grammar is one of package patch's; 0 for any other tool.
func editFormat(t *responses.CustomTool) patch.Format {
	g, ok := t.Format.(*responses.Grammar)
	if !ok || g.Syntax != responses.SyntaxLark {
		return 0
	}
	for _, f := range []patch.Format{patch.V4A, patch.SearchReplace, patch.XML, patch.Unified} {
		if g.Definition == f.Grammar() {
			return f
		}
	}
	return 0
}

// proposeEdit returns, in format f, the edit proposePatch proposes: a
// comment added to the first file the input names (at its end for the
// block formats, which can only append without seeing the file), or a new
// NOTES.md.
func proposeEdit(input string, f patch.Format) string {
	op := proposePatch(input).Operation
	file := patch.File{Kind: patch.Update, Path: op.Path, Chunks: []patch.Chunk{{Lines: []patch.Line{{Op: '+', Text: strings.TrimPrefix(strings.TrimSuffix(op.Diff, "\n"), "@@\n+")}}}}}
	if op.Type == patch.CreateFile {
		file = patch.File{Kind: patch.Add, Path: op.Path, Contents: "# Notes\n\nWritten by respkit's offline test server (a simulated edit).\n"}
	}
	text, err := (&patch.Patch{Files: []patch.File{file}}).Render(f)
	if err != nil {
		return "" // cannot happen: every format says an addition
	}
	return text
}

// comment returns text as a line comment in the language of the file p.
func comment(p, text string) string {
	switch path.Ext(p) {
	case ".go", ".js", ".ts", ".java", ".c", ".h", ".cc", ".cpp", ".rs", ".swift", ".kt", ".cs", ".scala", ".proto":
		return "// " + text
	case ".py", ".sh", ".rb", ".yaml", ".yml", ".toml", ".pl", ".r", ".tf":
		return "# " + text
	case ".sql", ".lua", ".hs":
		return "-- " + text
	case ".html", ".xml", ".md":
		return "<!-- " + text + " -->"
	}
	return text
}
