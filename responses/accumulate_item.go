package responses

import (
	"fmt"
	"reflect"
	"strconv"
	"sync"

	"github.com/respkit/respkit/internal/wire"
)

// accItem is what the accumulator knows of an output item.
type accItem struct {
	// mine is the item when it is the accumulator's own copy, which it
	// may change; items that came with an event are copied before their
	// first change.
	mine Item
	// done is set by the item's output_item.done event (or a terminal
	// event): later progress events do not change the item.
	done bool
}

// state returns what the accumulator knows of the item at index i.
func (a *Accumulator) state(i int) *accItem {
	for len(a.items) <= i {
		a.items = append(a.items, accItem{})
	}
	return &a.items[i]
}

// item returns the output item at index i, as it is.
func (a *Accumulator) item(i int) (Item, error) {
	if a.resp == nil {
		return nil, accReason("no response yet: response.created is missing")
	}
	if i < 0 || i >= len(a.resp.Output) {
		return nil, accReasonf("output index %d out of range (%d items)", i, len(a.resp.Output))
	}
	return a.resp.Output[i], nil
}

// own returns the item at index i as the accumulator's own copy, which it
// may change, copying the item on its first change.
func (a *Accumulator) own(i int) (Item, error) {
	it := a.resp.Output[i]
	if i < len(a.items) && a.items[i].mine == it {
		return it, nil
	}
	c, err := accCopy(it)
	if err != nil {
		return nil, err
	}
	a.resp.Output[i] = c
	a.state(i).mine = c
	return c, nil
}

// accFind returns the item at index i, of type T and with the id (when
// both it and the event have one), as it is.
func accFind[T Item](a *Accumulator, i int, id string) (T, error) {
	var zero T
	it, err := a.item(i)
	if err != nil {
		return zero, err
	}
	t, ok := it.(T)
	if !ok {
		return zero, accReasonf("output item %d is %s, not %s", i, accItemKind(it), accItemKind(zero))
	}
	if err := a.checkID(i, it, id); err != nil {
		return zero, err
	}
	return t, nil
}

// accTarget is accFind for an item to change: it returns the
// accumulator's own copy.
func accTarget[T Item](a *Accumulator, i int, id string) (T, error) {
	var zero T
	if _, err := accFind[T](a, i, id); err != nil {
		return zero, err
	}
	it, err := a.own(i)
	if err != nil {
		return zero, err
	}
	t, ok := it.(T)
	if !ok {
		return zero, accReasonf("output item %d changed kind when copied", i)
	}
	return t, nil
}

// isDone reports whether the item at index i is done.
func (a *Accumulator) isDone(i int) bool {
	return i >= 0 && i < len(a.items) && a.items[i].done
}

// checkID checks the ItemID of an event about the item it at output
// index i. Events find their item by its index; an ItemID that names
// another item of the output is an error, but one that names no item is
// not: proxies have been seen to give every event new ids.
func (a *Accumulator) checkID(i int, it Item, id string) error {
	if have := accItemID(it); id == "" || have == "" || id == have {
		return nil
	}
	for j, other := range a.resp.Output {
		if accItemID(other) == id {
			return accReasonf("item_id %q is output item %d, not %d", id, j, i)
		}
	}
	return nil
}

// accCopy returns a deep copy of v, made by encoding and decoding it, which
// keeps what the value remembers of its JSON.
func accCopy[T any](v T) (T, error) {
	var c T
	bp := copyBuffers.Get().(*[]byte)
	b, err := wire.Append((*bp)[:0], &v)
	if err == nil {
		err = wire.Unmarshal(b, &c) // which copies the strings
	}
	if cap(b) <= 64<<10 {
		*bp = b
		copyBuffers.Put(bp)
	}
	if err != nil {
		return c, fmt.Errorf("copy: %w", err)
	}
	return c, nil
}

// copyBuffers keeps accCopy's encoding buffers.
var copyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// accItemID returns the ID of the kinds of item that events are about.
func accItemID(it Item) string {
	switch it := it.(type) {
	case *Message:
		return it.ID
	case *ReasoningItem:
		return it.ID
	case *FunctionCall:
		return it.ID
	case *CustomToolCall:
		return it.ID
	case *MCPCall:
		return it.ID
	case *MCPApprovalRequest:
		return it.ID
	case *CodeInterpreterCall:
		return it.ID
	case *FileSearchCall:
		return it.ID
	case *WebSearchCall:
		return it.ID
	case *ImageGenerationCall:
		return it.ID
	case *ApplyPatchCall:
		return it.ID
	case *ShellCall:
		return it.ID
	case *ShellCallOutput:
		return it.ID
	}
	return ""
}

// accItemKind names the kind of an item, for errors: "message",
// "function_call".
func accItemKind(it Item) string {
	return accKindName(it, itemVariants)
}

func accPartKind(p Part) string {
	return accKindName(p, partVariants)
}

func accKindName(v any, variants []wire.Variant) string {
	if u, ok := v.(*Unknown); ok && u != nil {
		return strconv.Quote(u.Type)
	}
	t := reflect.TypeOf(v)
	for _, vr := range variants {
		if reflect.TypeOf(vr.Type) == t {
			return strconv.Quote(vr.Name)
		}
	}
	if t == nil {
		return "null"
	}
	return t.String()
}

// addItem applies response.output_item.added.
func (a *Accumulator) addItem(i int, it Item) error {
	if a.resp == nil {
		return accReason("no response yet: response.created is missing")
	}
	if it == nil {
		return accReason("the event has no item")
	}
	if n := len(a.resp.Output); i != n {
		return accIndexError("output index", i, n, "items")
	}
	a.resp.Output = append(a.resp.Output, it)
	return nil
}

// doneItem applies response.output_item.done.
func (a *Accumulator) doneItem(i int, it Item) error {
	if a.resp == nil {
		return accReason("no response yet: response.created is missing")
	}
	if it == nil {
		return accReason("the event has no item")
	}
	n := len(a.resp.Output)
	if i < 0 || i > n {
		return accIndexError("output index", i, n, "items")
	}
	if i == n {
		a.resp.Output = append(a.resp.Output, it)
	} else {
		a.resp.Output[i] = it
	}
	*a.state(i) = accItem{done: true}
	a.closeItem(i)
	return nil
}

// accIndexError reports index i where only n (to append) or less would do.
func accIndexError(what string, i, n int, things string) error {
	if i >= 0 && i < n {
		return accReasonf("%s %d is taken (%d %s)", what, i, n, things)
	}
	return accReasonf("%s %d out of range (%d %s)", what, i, n, things)
}

// content returns the content that content parts of the item at index i
// go to: a message's, or a reasoning item's.
func (a *Accumulator) content(i int, id string) (*[]Part, error) {
	it, err := a.item(i)
	if err != nil {
		return nil, err
	}
	switch it.(type) {
	case *Message, *ReasoningItem:
	default:
		return nil, accReasonf("output item %d is %s, which has no content parts", i, accItemKind(it))
	}
	if err := a.checkID(i, it, id); err != nil {
		return nil, err
	}
	if it, err = a.own(i); err != nil {
		return nil, err
	}
	switch it := it.(type) {
	case *Message:
		return (*[]Part)(&it.Content), nil
	case *ReasoningItem:
		return &it.Content, nil
	}
	return nil, accReasonf("output index %d changed kind when copied", i)
}

func (a *Accumulator) summary(i int, id string) (*[]Part, error) {
	r, err := accTarget[*ReasoningItem](a, i, id)
	if err != nil {
		return nil, err
	}
	return &r.Summary, nil
}

// accAddPart appends a copy of p at index j of *parts.
func accAddPart(parts *[]Part, what string, j int, p Part) error {
	if p == nil {
		return accReason("the event has no part")
	}
	if n := len(*parts); j != n {
		return accIndexError(what, j, n, "parts")
	}
	c, err := accCopy(p)
	if err != nil {
		return err
	}
	*parts = append(*parts, c)
	return nil
}

// accSetPart sets index j of *parts, or the index just after the last, to a
// copy of p.
func accSetPart(parts *[]Part, what string, j int, p Part) error {
	if p == nil {
		return accReason("the event has no part")
	}
	n := len(*parts)
	if j < 0 || j > n {
		return accIndexError(what, j, n, "parts")
	}
	c, err := accCopy(p)
	if err != nil {
		return err
	}
	if j == n {
		*parts = append(*parts, c)
	} else {
		(*parts)[j] = c
	}
	return nil
}

func (a *Accumulator) addPart(i int, id string, j int, p Part) error {
	parts, err := a.content(i, id)
	if err != nil {
		return err
	}
	return accAddPart(parts, "content index", j, p)
}

func (a *Accumulator) donePart(i int, id string, j int, p Part) error {
	parts, err := a.content(i, id)
	if err != nil {
		return err
	}
	if err := accSetPart(parts, "content index", j, p); err != nil {
		return err
	}
	a.closeText(accTextKey{txtContent, i, j})
	return nil
}

func (a *Accumulator) addSummaryPart(i int, id string, j int, p Part) error {
	parts, err := a.summary(i, id)
	if err != nil {
		return err
	}
	return accAddPart(parts, "summary index", j, p)
}

func (a *Accumulator) doneSummaryPart(i int, id string, j int, p Part) error {
	parts, err := a.summary(i, id)
	if err != nil {
		return err
	}
	if err := accSetPart(parts, "summary index", j, p); err != nil {
		return err
	}
	a.closeText(accTextKey{txtSummary, i, j})
	return nil
}

// addAnnotation applies response.output_text.annotation.added. Streams
// that do not number the annotations append them.
func (a *Accumulator) addAnnotation(ev *OutputTextAnnotationAddedEvent) error {
	if ev.Annotation == nil {
		return accReason("the event has no annotation")
	}
	t, err := a.outputText(ev.OutputIndex, ev.ItemID, ev.ContentIndex, nil)
	if err != nil {
		return err
	}
	k, n := ev.AnnotationIndex, len(t.Annotations)
	if k == 0 && !wire.Present(ev, "annotation_index") {
		k = n
	}
	if k != n {
		return accIndexError("annotation index", k, n, "annotations")
	}
	t.Annotations = append(t.Annotations, ev.Annotation)
	return nil
}

// accStatusItem is an item whose progress events set its status.
type accStatusItem interface {
	*CodeInterpreterCall | *FileSearchCall | *WebSearchCall | *ImageGenerationCall | *MCPCall
	Item
}

// accSetStatus applies a progress event of a tool the API runs. The
// progress of an item that is done is late news, and changes nothing.
func accSetStatus[T accStatusItem](a *Accumulator, i int, id string, status Status) error {
	if _, err := accFind[T](a, i, id); err != nil || a.isDone(i) {
		return err
	}
	it, err := accTarget[T](a, i, id)
	if err != nil {
		return err
	}
	switch it := any(it).(type) {
	case *CodeInterpreterCall:
		it.Status = status
	case *FileSearchCall:
		it.Status = status
	case *WebSearchCall:
		it.Status = status
	case *ImageGenerationCall:
		it.Status = status
	case *MCPCall:
		it.Status = status
	}
	return nil
}

// partialImage keeps the latest partial image of an image generation call
// as its result, so that it can be shown until the image is done; a
// partial image that comes after does not replace the image.
func (a *Accumulator) partialImage(ev *ImageGenerationCallPartialImageEvent) error {
	if _, err := accFind[*ImageGenerationCall](a, ev.OutputIndex, ev.ItemID); err != nil || a.isDone(ev.OutputIndex) {
		return err
	}
	it, err := accTarget[*ImageGenerationCall](a, ev.OutputIndex, ev.ItemID)
	if err != nil {
		return err
	}
	it.Result = ev.PartialImageB64
	accSetIf(&it.Background, ev.Background)
	accSetIf(&it.OutputFormat, ev.OutputFormat)
	accSetIf(&it.Quality, ev.Quality)
	accSetIf(&it.Size, ev.Size)
	return nil
}

// accSetIf sets *dst to src when src is not empty.
func accSetIf(dst *string, src string) {
	if src != "" {
		*dst = src
	}
}

// addCommand applies response.shell_call_command.added.
func (a *Accumulator) addCommand(ev *ShellCallCommandAddedEvent) error {
	call, err := accTarget[*ShellCall](a, ev.OutputIndex, "")
	if err != nil {
		return err
	}
	cmds := &call.Action.Commands
	if n := len(*cmds); ev.CommandIndex != n {
		return accIndexError("command index", ev.CommandIndex, n, "commands")
	}
	*cmds = append(*cmds, ev.Command)
	return nil
}
