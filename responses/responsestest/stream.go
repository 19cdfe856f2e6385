package responsestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// events returns the events the API streams for resp, in order, numbered
// from 0: created (and queued, for a background response), in_progress,
// then for each output item its added event, the deltas and done events of
// its content, and its done event, and last completed, incomplete or failed.
// A reply with ErrorEvent ends after in_progress (or after ErrorAfterEvents
// events) with an error event and response.failed.
func events(resp *responses.Response, reply Reply) []responses.Event {
	var evs []responses.Event
	add := func(ev responses.Event) { evs = append(evs, ev) }

	start := pendingCopy(resp, responses.StatusInProgress)
	if resp.Background {
		start.Status = responses.StatusQueued
		add(&responses.CreatedEvent{Response: start})
		add(&responses.QueuedEvent{Response: start})
		start = pendingCopy(resp, responses.StatusInProgress)
	} else {
		add(&responses.CreatedEvent{Response: start})
	}
	add(&responses.InProgressEvent{Response: start})
	opening := len(evs)
	for i, it := range resp.Output {
		evs = append(evs, itemEvents(i, it)...)
	}
	if reply.ErrorEvent != nil {
		n := opening
		if reply.ErrorAfterEvents > 0 {
			n = min(reply.ErrorAfterEvents, len(evs))
		}
		return number(failAfter(resp, reply, evs[:n]))
	}
	switch resp.Status {
	case responses.StatusIncomplete:
		add(&responses.IncompleteEvent{Response: resp})
	case responses.StatusFailed:
		add(&responses.FailedEvent{Response: resp})
	default:
		add(&responses.CompletedEvent{Response: resp})
	}
	return number(evs)
}

// failAfter returns evs followed by the reply's error event and the
// response.failed event that follows it, whose response holds the items
// done in evs.
func failAfter(resp *responses.Response, reply Reply, evs []responses.Event) []responses.Event {
	e := *reply.ErrorEvent
	if e.Type == "" {
		e.Type = e.Code
	}
	ev := &responses.ErrorEvent{Error: &e}
	if reply.FlatErrorEvent {
		ev = &responses.ErrorEvent{Code: e.Code, Message: e.Message, Param: e.Param}
	}
	failed := pendingCopy(resp, responses.StatusFailed)
	failed.Error = &responses.ResponseError{Code: e.Code, Message: e.Message}
	for _, ev := range evs {
		if done, ok := ev.(*responses.OutputItemDoneEvent); ok {
			failed.Output = append(failed.Output, done.Item)
		}
	}
	return append(evs[:len(evs):len(evs)], ev, &responses.FailedEvent{Response: failed})
}

// number gives the events their sequence numbers and marks the members the
// API always sends, zero or not.
func number(evs []responses.Event) []responses.Event {
	for i, ev := range evs {
		reflect.ValueOf(ev).Elem().FieldByName("SequenceNumber").SetInt(int64(i))
		wire.SetPresent(ev, "sequence_number", "output_index", "content_index", "summary_index")
	}
	return evs
}

// itemEvents returns the events of output item i.
func itemEvents(i int, it responses.Item) []responses.Event {
	var evs []responses.Event
	add := func(ev responses.Event) { evs = append(evs, ev) }
	switch it := it.(type) {
	case *responses.Message:
		start := *it
		start.Status = responses.StatusInProgress
		start.Content = responses.Content{}
		add(&responses.OutputItemAddedEvent{OutputIndex: i, Item: &start})
		for j, p := range it.Content {
			switch p := p.(type) {
			case *responses.OutputText:
				add(&responses.ContentPartAddedEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j,
					Part: &responses.OutputText{Annotations: []responses.Annotation{}, Logprobs: []responses.Logprob{}}})
				for _, d := range chunks(p.Text) {
					add(&responses.OutputTextDeltaEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Delta: d,
						Logprobs: []responses.Logprob{}, Obfuscation: obfuscation(d)})
				}
				add(&responses.OutputTextDoneEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Text: p.Text, Logprobs: []responses.Logprob{}})
				add(&responses.ContentPartDoneEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Part: p})
			case *responses.Refusal:
				add(&responses.ContentPartAddedEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Part: &responses.Refusal{}})
				for _, d := range chunks(p.Refusal) {
					add(&responses.RefusalDeltaEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Delta: d, Obfuscation: obfuscation(d)})
				}
				add(&responses.RefusalDoneEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Refusal: p.Refusal})
				add(&responses.ContentPartDoneEvent{ItemID: it.ID, OutputIndex: i, ContentIndex: j, Part: p})
			}
		}
	case *responses.FunctionCall:
		start := *it
		start.Status = responses.StatusInProgress
		start.Arguments = ""
		wire.SetPresent(&start, "arguments")
		add(&responses.OutputItemAddedEvent{OutputIndex: i, Item: &start})
		for _, d := range chunks(it.Arguments) {
			add(&responses.FunctionCallArgumentsDeltaEvent{ItemID: it.ID, OutputIndex: i, Delta: d, Obfuscation: obfuscation(d)})
		}
		add(&responses.FunctionCallArgumentsDoneEvent{ItemID: it.ID, OutputIndex: i, Name: it.Name, Arguments: it.Arguments})
	case *responses.ReasoningItem:
		start := *it
		start.Summary = []responses.Part{}
		add(&responses.OutputItemAddedEvent{OutputIndex: i, Item: &start})
		for j, p := range it.Summary {
			s, ok := p.(*responses.SummaryText)
			if !ok {
				continue
			}
			add(&responses.ReasoningSummaryPartAddedEvent{ItemID: it.ID, OutputIndex: i, SummaryIndex: j, Part: &responses.SummaryText{}})
			for _, d := range chunks(s.Text) {
				add(&responses.ReasoningSummaryTextDeltaEvent{ItemID: it.ID, OutputIndex: i, SummaryIndex: j, Delta: d, Obfuscation: obfuscation(d)})
			}
			add(&responses.ReasoningSummaryTextDoneEvent{ItemID: it.ID, OutputIndex: i, SummaryIndex: j, Text: s.Text})
			add(&responses.ReasoningSummaryPartDoneEvent{ItemID: it.ID, OutputIndex: i, SummaryIndex: j, Part: s})
		}
	default:
		add(&responses.OutputItemAddedEvent{OutputIndex: i, Item: it})
	}
	add(&responses.OutputItemDoneEvent{OutputIndex: i, Item: it})
	return evs
}

// chunks splits s the way a model's tokens split it: words with the space
// before them, punctuation apart, long words in pieces.
func chunks(s string) []string {
	var out []string
	for len(s) > 0 {
		n := 0
		for n < len(s) && s[n] == ' ' {
			n++
		}
		for n < len(s) && n < 8 {
			r, size := utf8.DecodeRuneInString(s[n:])
			if r == ' ' || strings.ContainsRune(".,;:!?\"{}[]\n", r) {
				if n == 0 {
					n = size
				}
				break
			}
			n += size
		}
		if n == 0 {
			_, n = utf8.DecodeRuneInString(s)
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// obfuscation pads a delta as the API does against length side channels.
func obfuscation(delta string) string {
	const pad = "qZ3kVx8Lm2Tc9RwYb4Np"
	return pad[:(len(pad)-len(delta)%len(pad))%len(pad)]
}

func pendingCopy(resp *responses.Response, status responses.Status) *responses.Response {
	p := *resp
	p.Status = status
	p.Output = []responses.Item{}
	p.Usage = nil
	p.CompletedAt = 0
	p.Error = nil
	p.IncompleteDetails = nil
	return &p
}

// writeStream sends events as server-sent events, applying the reply's
// stream faults: a delay before each event, a stall, a large event and a
// connection dropped after DropAfterEvents events.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, reply Reply, evs []responses.Event, first int) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("x-request-id", s.newID("req"))
	h.Set("openai-processing-ms", "42")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	flush := func() {
		if f != nil {
			f.Flush()
		}
	}
	var buf bytes.Buffer
	for n, ev := range evs[first:] {
		if reply.DropAfterEvents > 0 && n == reply.DropAfterEvents {
			panic(http.ErrAbortHandler) // drops the connection
		}
		if st := reply.Stall; st != nil && st.After == n {
			flush()
			if !stall(r, st.For) {
				return
			}
		}
		if reply.EventDelay > 0 && !stall(r, reply.EventDelay) {
			return
		}
		data := encodeEvent(ev)
		if l := reply.LargeEvent; l != nil && l.After == n {
			data = pad(data, l.Size)
		}
		buf.Reset()
		buf.WriteString("event: ")
		buf.WriteString(ev.EventType())
		buf.WriteString("\ndata: ")
		buf.Write(data)
		buf.WriteString("\n\n")
		if _, err := w.Write(buf.Bytes()); err != nil {
			return
		}
		flush()
	}
	if st := reply.Stall; st != nil && (st.After == StallAtEnd || st.After >= len(evs)-first) {
		flush()
		stall(r, st.For)
	}
}

// stall waits d, or until the client goes away when d is not positive, and
// reports whether the client is still there.
func stall(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		<-r.Context().Done()
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// encodeEvent returns the data of ev. An error event is written as the API
// writes it, with its null members.
func encodeEvent(ev responses.Event) []byte {
	if e, ok := ev.(*responses.ErrorEvent); ok {
		return encodeErrorEvent(e)
	}
	data, err := json.Marshal(ev)
	if err != nil {
		panic(fmt.Sprintf("responsestest: encode %T: %v", ev, err))
	}
	return data
}

// encodeErrorEvent writes an error event in its nested form,
// {"type":"error","sequence_number":N,"error":{"type","code","message","param"}},
// or, when it has no Error, in its flat form,
// {"type":"error","sequence_number":N,"code","message","param"}.
func encodeErrorEvent(e *responses.ErrorEvent) []byte {
	type flat struct {
		Type           string  `json:"type"`
		SequenceNumber int64   `json:"sequence_number"`
		Code           *string `json:"code"`
		Message        string  `json:"message"`
		Param          *string `json:"param"`
	}
	type inner struct {
		Type    string  `json:"type"`
		Code    *string `json:"code"`
		Message string  `json:"message"`
		Param   *string `json:"param"`
	}
	type nested struct {
		Type           string `json:"type"`
		SequenceNumber int64  `json:"sequence_number"`
		Error          inner  `json:"error"`
	}
	var v any
	if re := e.Error; re != nil {
		v = nested{"error", e.SequenceNumber, inner{re.Type, orNull(re.Code), re.Message, orNull(re.Param)}}
	} else {
		v = flat{"error", e.SequenceNumber, orNull(e.Code), e.Message, orNull(e.Param)}
	}
	data, _ := json.Marshal(v) // cannot fail: strings only
	return data
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// pad returns the JSON object data with a member "padding" that makes it
// more than size bytes long.
func pad(data []byte, size int) []byte {
	if len(data) > size || len(data) == 0 || data[len(data)-1] != '}' {
		return data
	}
	n := max(size-len(data)-12, 0) // the member adds 13 bytes and n
	out := make([]byte, 0, len(data)+13+n)
	out = append(out, data[:len(data)-1]...)
	out = append(out, `,"padding":"`...)
	out = append(out, bytes.Repeat([]byte{'x'}, n)...)
	return append(out, `"}`...)
}

// streamStored serves GET /responses/{id}?stream=true: the events of a
// stored background response after starting_after.
func (s *Server) streamStored(w http.ResponseWriter, r *http.Request, st *stored) {
	after, err := strconv.Atoi(r.URL.Query().Get("starting_after"))
	if err != nil {
		after = -1
	}
	s.mu.Lock()
	evs := st.events
	s.mu.Unlock()
	if evs == nil {
		s.writeError(w, http.StatusBadRequest, "invalid_request_error", "", "This response was not created with stream=true and background=true, so it cannot be streamed.")
		return
	}
	first := min(max(after+1, 0), len(evs))
	s.writeStream(w, r, Reply{}, evs, first)
}
