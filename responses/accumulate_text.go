package responses

import (
	"maps"
	"strings"
)

// accTextField names a text that deltas extend.
type accTextField uint8

const (
	txtContent      accTextField = iota // a content part's text (output, refusal or reasoning)
	txtRefusal                          // located as a refusal part, kept as txtContent
	txtReasoning                        // located as a reasoning_text part, kept as txtContent
	txtSummary                          // a reasoning summary part's text
	txtArguments                        // a function call's arguments
	txtInput                            // a custom tool call's input
	txtMCPArguments                     // an MCP call's (or approval request's) arguments
	txtCode                             // a code interpreter call's code
	txtDiff                             // an apply_patch call's diff
	txtCommand                          // a command of a shell call
	txtStdout                           // the stdout of a command of a shell call output
	txtStderr                           // the stderr of a command of a shell call output
)

// accTextKey identifies an open text: its field, the index of its item and
// the index of its part (or command) in the item.
type accTextKey struct {
	field accTextField
	item  int
	index int
}

// accOpenText is a text that deltas are writing. The text is kept in a
// builder, so that appending a delta costs the delta's length, not the
// text's; the field is set to the builder's string after each delta
// (which costs nothing, and leaves the strings set before valid).
type accOpenText struct {
	b     strings.Builder
	field *string // the field the text is written to
}

// appendText appends delta to the text of *field, known as k.
func (a *Accumulator) appendText(k accTextKey, field *string, delta string) {
	o := a.cur
	if o == nil || a.curKey != k {
		o = a.open[k]
		if o == nil {
			if a.open == nil {
				a.open = make(map[accTextKey]*accOpenText)
			}
			o = new(accOpenText)
			a.open[k] = o
		}
		a.cur, a.curKey = o, k
	}
	if o.field != field || *field != o.b.String() {
		// A new text, or one that has been set since (or moved): start
		// again from its value.
		o.b.Reset()
		o.b.WriteString(*field)
		o.field = field
	}
	// Grow doubles the buffer when it is full; the append in WriteString
	// would grow a long text by a quarter at a time, copying it more often.
	o.b.Grow(len(delta))
	o.b.WriteString(delta)
	*field = o.b.String()
}

// setText sets *field, known as k, to the whole text s.
func (a *Accumulator) setText(k accTextKey, field *string, s string) {
	*field = s
	a.closeText(k)
}

func (a *Accumulator) closeText(k accTextKey) {
	delete(a.open, k)
	a.cur = nil
}

// closeItem forgets the open texts of the item at index i.
func (a *Accumulator) closeItem(i int) {
	maps.DeleteFunc(a.open, func(k accTextKey, _ *accOpenText) bool { return k.item == i })
	a.cur = nil
}

// closeAll forgets all open texts.
func (a *Accumulator) closeAll() {
	clear(a.open)
	a.cur = nil
}

// text applies a delta (done false) or the whole text (done true) to a
// text field of the item at index i; j is the index of the part or
// command, for the fields that have one.
func (a *Accumulator) text(f accTextField, i int, id string, j int, s string, done bool) error {
	field, err := a.field(f, i, id, j)
	if err != nil {
		return err
	}
	k := accTextKey{f, i, j}
	if f == txtRefusal || f == txtReasoning {
		k.field = txtContent
	}
	if done {
		a.setText(k, field, s)
	} else {
		a.appendText(k, field, s)
	}
	return nil
}

// field returns the text field f of the item at index i.
func (a *Accumulator) field(f accTextField, i int, id string, j int) (*string, error) {
	switch f {
	case txtRefusal:
		return accPartField(a, i, id, j, "content index",
			func(m *Message) *[]Part { return (*[]Part)(&m.Content) },
			func(p *Refusal) *string { return &p.Refusal })
	case txtReasoning:
		return accPartField(a, i, id, j, "content index",
			func(r *ReasoningItem) *[]Part { return &r.Content },
			func(p *ReasoningText) *string { return &p.Text })
	case txtSummary:
		return accPartField(a, i, id, j, "summary index",
			func(r *ReasoningItem) *[]Part { return &r.Summary },
			func(p *SummaryText) *string { return &p.Text })
	case txtArguments:
		return accField(a, i, id, func(c *FunctionCall) *string { return &c.Arguments })
	case txtInput:
		return accField(a, i, id, func(c *CustomToolCall) *string { return &c.Input })
	case txtMCPArguments:
		if it, err := a.item(i); err == nil {
			if _, ok := it.(*MCPApprovalRequest); ok {
				return accField(a, i, id, func(r *MCPApprovalRequest) *string { return &r.Arguments })
			}
		}
		return accField(a, i, id, func(c *MCPCall) *string { return &c.Arguments })
	case txtCode:
		return accField(a, i, id, func(c *CodeInterpreterCall) *string { return &c.Code })
	case txtDiff:
		return accField(a, i, id, func(c *ApplyPatchCall) *string { return &c.Operation.Diff })
	case txtCommand:
		c, err := accTarget[*ShellCall](a, i, "")
		if err != nil {
			return nil, err
		}
		cmds := &c.Action.Commands
		if n := len(*cmds); j < 0 || j > n {
			return nil, accReasonf("command index %d out of range (%d commands)", j, n)
		} else if j == n {
			*cmds = append(*cmds, "")
		}
		return &(*cmds)[j], nil
	}
	return nil, accReasonf("no text field %d", f)
}

// accField returns field(item) of the item of type T at index i.
func accField[T Item](a *Accumulator, i int, id string, field func(T) *string) (*string, error) {
	it, err := accTarget[T](a, i, id)
	if err != nil {
		return nil, err
	}
	return field(it), nil
}

// accPartField returns field(part) of the part of type P at index j of
// parts(item) of the item of type T at index i, creating the part when j
// is the next index.
func accPartField[T Item, P interface {
	*E
	Part
}, E any](a *Accumulator, i int, id string, j int, what string, parts func(T) *[]Part, field func(P) *string) (*string, error) {
	it, err := accTarget[T](a, i, id)
	if err != nil {
		return nil, err
	}
	p, err := accPartAt(i, parts(it), what, j, func() P { return new(E) })
	if err != nil {
		return nil, err
	}
	return field(p), nil
}

// accPartAt returns the part of type P at index j of *parts, or, when j is
// the index just after the last and create is not nil, a new one.
func accPartAt[P Part](i int, parts *[]Part, what string, j int, create func() P) (P, error) {
	var zero P
	n := len(*parts)
	if j < 0 || j > n || j == n && create == nil {
		return zero, accReasonf("%s %d out of range (output item %d has %d parts)", what, j, i, n)
	}
	if j == n {
		p := create()
		*parts = append(*parts, p)
		return p, nil
	}
	p, ok := (*parts)[j].(P)
	if !ok {
		return zero, accReasonf("%s %d of output item %d is %s, not %s", what, j, i, accPartKind((*parts)[j]), accPartKind(zero))
	}
	return p, nil
}

// newOutputText returns an empty output_text part, as the API announces it.
func newOutputText() *OutputText { return &OutputText{Annotations: []Annotation{}} }

// outputText returns the *OutputText part at content index j of the
// message at output index i; create, when not nil, makes it when j is the
// next index.
func (a *Accumulator) outputText(i int, id string, j int, create func() *OutputText) (*OutputText, error) {
	m, err := accTarget[*Message](a, i, id)
	if err != nil {
		return nil, err
	}
	return accPartAt(i, (*[]Part)(&m.Content), "content index", j, create)
}

func (a *Accumulator) outputTextDelta(ev *OutputTextDeltaEvent) error {
	t := a.lastDeltaPart(ev)
	if t == nil {
		var err error
		if t, err = a.outputText(ev.OutputIndex, ev.ItemID, ev.ContentIndex, newOutputText); err != nil {
			return err
		}
		m := a.resp.Output[ev.OutputIndex].(*Message)
		a.lastDelta = accLastDelta{ev.OutputIndex, ev.ContentIndex, ev.ItemID, m, t}
	}
	a.appendText(accTextKey{txtContent, ev.OutputIndex, ev.ContentIndex}, &t.Text, ev.Delta)
	if len(ev.Logprobs) > 0 {
		t.Logprobs = append(t.Logprobs, ev.Logprobs...)
	}
	return nil
}

// lastDeltaPart returns the part that the last output text delta went to
// if ev goes there too and the response still holds it where it was, as
// the accumulator's own copy; otherwise nil.
func (a *Accumulator) lastDeltaPart(ev *OutputTextDeltaEvent) *OutputText {
	last := &a.lastDelta
	i, j := ev.OutputIndex, ev.ContentIndex
	if last.part == nil || last.out != i || last.content != j || last.id != ev.ItemID ||
		i >= len(a.resp.Output) || i >= len(a.items) || a.resp.Output[i] != Item(last.msg) || a.items[i].mine != Item(last.msg) ||
		j >= len(last.msg.Content) || last.msg.Content[j] != Part(last.part) {
		return nil
	}
	return last.part
}

// outputTextDone sets the whole text, and the whole list of log
// probabilities when the event repeats them.
func (a *Accumulator) outputTextDone(ev *OutputTextDoneEvent) error {
	t, err := a.outputText(ev.OutputIndex, ev.ItemID, ev.ContentIndex, newOutputText)
	if err != nil {
		return err
	}
	a.setText(accTextKey{txtContent, ev.OutputIndex, ev.ContentIndex}, &t.Text, ev.Text)
	if len(ev.Logprobs) > 0 {
		t.Logprobs = append([]Logprob(nil), ev.Logprobs...)
	}
	return nil
}

func (a *Accumulator) functionArgumentsDone(ev *FunctionCallArgumentsDoneEvent) error {
	if err := a.text(txtArguments, ev.OutputIndex, ev.ItemID, 0, ev.Arguments, true); err != nil {
		return err
	}
	if c, ok := a.resp.Output[ev.OutputIndex].(*FunctionCall); ok && ev.Name != "" {
		c.Name = ev.Name
	}
	return nil
}

// shellChunk returns the output of the command at index j of the shell
// call output at index i. An index past the last adds empty outputs up to
// it, as long as the shell call that the output answers (when present)
// has that many commands: a command that printed nothing may send no
// event.
func (a *Accumulator) shellChunk(i int, id string, j int) (*ShellCallOutput, error) {
	out, err := accTarget[*ShellCallOutput](a, i, id)
	if err != nil {
		return nil, err
	}
	n := len(out.Output)
	if j < 0 || j > n && j >= a.commandCount(out.CallID) {
		return nil, accReasonf("command index %d out of range (%d command outputs)", j, n)
	}
	for len(out.Output) <= j {
		out.Output = append(out.Output, ShellOutputChunk{})
	}
	return out, nil
}

// commandCount returns the number of commands of the shell call callID, or
// 0 when there is none.
func (a *Accumulator) commandCount(callID string) int {
	for _, it := range a.resp.Output {
		if c, ok := it.(*ShellCall); ok && c.CallID == callID && callID != "" {
			return len(c.Action.Commands)
		}
	}
	return 0
}

func (a *Accumulator) shellOutputDelta(ev *ShellCallOutputContentDeltaEvent) error {
	out, err := a.shellChunk(ev.OutputIndex, ev.ItemID, ev.CommandIndex)
	if err != nil {
		return err
	}
	c := &out.Output[ev.CommandIndex]
	if ev.Delta.Stdout != "" {
		a.appendText(accTextKey{txtStdout, ev.OutputIndex, ev.CommandIndex}, &c.Stdout, ev.Delta.Stdout)
	}
	if ev.Delta.Stderr != "" {
		a.appendText(accTextKey{txtStderr, ev.OutputIndex, ev.CommandIndex}, &c.Stderr, ev.Delta.Stderr)
	}
	return nil
}

// shellOutputDone sets the whole output of a command: the event's chunks,
// joined when there are several.
func (a *Accumulator) shellOutputDone(ev *ShellCallOutputContentDoneEvent) error {
	out, err := a.shellChunk(ev.OutputIndex, ev.ItemID, ev.CommandIndex)
	if err != nil {
		return err
	}
	var c ShellOutputChunk
	if len(ev.Output) == 1 {
		c = ev.Output[0]
	} else {
		var stdout, stderr strings.Builder
		for _, e := range ev.Output {
			stdout.WriteString(e.Stdout)
			stderr.WriteString(e.Stderr)
			if e.Outcome != nil {
				c.Outcome = e.Outcome
			}
			if c.CreatedBy == "" {
				c.CreatedBy = e.CreatedBy
			}
		}
		c.Stdout, c.Stderr = stdout.String(), stderr.String()
	}
	out.Output[ev.CommandIndex] = c
	a.closeText(accTextKey{txtStdout, ev.OutputIndex, ev.CommandIndex})
	a.closeText(accTextKey{txtStderr, ev.OutputIndex, ev.CommandIndex})
	return nil
}
