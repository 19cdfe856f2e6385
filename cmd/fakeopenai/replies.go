package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// An entry is one line of a replies file: a reply, or the simulator, and
// the faults to add to it.
type entry struct {
	reply    responsestest.Reply
	simulate bool
	faults   faults
}

// answer returns the entry's reply to req, with the global faults and then
// its own.
func (e entry) answer(req *responses.Request, global faults) responsestest.Reply {
	r := e.reply
	if e.simulate {
		r = responsestest.Default(req)
	}
	return e.faults.apply(global.apply(r))
}

// line is the JSON of a line of a replies file: one kind of reply, and
// faults.
type line struct {
	Text          *string         `json:"text"`
	JSON          json.RawMessage `json:"json"`
	FunctionCalls []call          `json:"function_calls"`
	Refusal       *string         `json:"refusal"`
	Incomplete    *incomplete     `json:"incomplete"`
	Failed        *failure        `json:"failed"`
	Error         *apiError       `json:"error"`
	Simulate      bool            `json:"simulate"`
	faults
}

type call struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

type incomplete struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

type failure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type apiError struct {
	Status  int    `json:"status"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// faults are the faults a line or a -fault flag adds to replies. Unset
// members change nothing.
type faults struct {
	Delay            *duration         `json:"delay"`
	EventDelay       *duration         `json:"event_delay"`
	DropAfterBytes   *int              `json:"drop_after_bytes"`
	DropAfterEvents  *int              `json:"drop_after_events"`
	StallAfterEvents *int              `json:"stall_after_events"`
	StallAtEnd       bool              `json:"stall_at_end"`
	StallFor         *duration         `json:"stall_for"`
	ErrorAfterEvents *int              `json:"error_after_events"`
	ErrorCode        string            `json:"error_code"`
	ErrorMessage     string            `json:"error_message"`
	FlatErrorEvent   bool              `json:"flat_error_event"`
	LargeEventAfter  *int              `json:"large_event_after"`
	LargeEventSize   *int              `json:"large_event_size"`
	RetryAfter       *duration         `json:"retry_after"`
	Headers          map[string]string `json:"headers"`
}

// apply returns r with the faults added.
func (f faults) apply(r responsestest.Reply) responsestest.Reply {
	if f.Delay != nil {
		r = r.WithDelay(time.Duration(*f.Delay))
	}
	if f.EventDelay != nil {
		r = r.WithEventDelay(time.Duration(*f.EventDelay))
	}
	if f.DropAfterBytes != nil {
		r = r.WithDropAfter(*f.DropAfterBytes)
	}
	if f.DropAfterEvents != nil {
		r = r.WithDropAfterEvents(*f.DropAfterEvents)
	}
	var stallFor time.Duration
	if f.StallFor != nil {
		stallFor = time.Duration(*f.StallFor)
	}
	switch {
	case f.StallAtEnd:
		r = r.WithStallAtEnd(stallFor)
	case f.StallAfterEvents != nil:
		r = r.WithStallAfterEvents(*f.StallAfterEvents, stallFor)
	}
	if f.ErrorAfterEvents != nil || f.ErrorCode != "" || f.ErrorMessage != "" {
		n, code, msg := 0, f.ErrorCode, f.ErrorMessage
		if f.ErrorAfterEvents != nil {
			n = *f.ErrorAfterEvents
		}
		if code == "" {
			code = "server_error"
		}
		if msg == "" {
			msg = "The server had an error while processing your request. Sorry about that!"
		}
		r = r.WithErrorAfterEvents(n, code, msg)
	}
	if f.FlatErrorEvent {
		r = r.WithFlatErrorEvent()
	}
	if f.LargeEventAfter != nil || f.LargeEventSize != nil {
		n, size := 1, 64<<20
		if f.LargeEventAfter != nil {
			n = *f.LargeEventAfter
		}
		if f.LargeEventSize != nil {
			size = *f.LargeEventSize
		}
		r = r.WithLargeEvent(n, size)
	}
	if f.RetryAfter != nil {
		r = r.WithRetryAfter(time.Duration(*f.RetryAfter))
	}
	for k, v := range f.Headers {
		r = r.WithHeader(k, v)
	}
	return r
}

// check reports faults that make no sense.
func (f faults) check() error {
	for name, p := range map[string]*int{"drop_after_bytes": f.DropAfterBytes, "drop_after_events": f.DropAfterEvents,
		"stall_after_events": f.StallAfterEvents, "error_after_events": f.ErrorAfterEvents,
		"large_event_after": f.LargeEventAfter, "large_event_size": f.LargeEventSize} {
		if p != nil && *p < 0 {
			return fmt.Errorf("%s is negative: %d", name, *p)
		}
	}
	for name, d := range map[string]*duration{"delay": f.Delay, "event_delay": f.EventDelay, "stall_for": f.StallFor, "retry_after": f.RetryAfter} {
		if d != nil && *d < 0 {
			return fmt.Errorf("%s is negative: %v", name, time.Duration(*d))
		}
	}
	return nil
}

// duration is a time.Duration written in JSON as a string such as "250ms"
// or a number of milliseconds.
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("bad duration %q: want such as \"250ms\" or \"2s\"", s)
		}
		*d = duration(v)
		return nil
	}
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return fmt.Errorf("bad duration %s: want a string such as \"250ms\" or a number of milliseconds", b)
	}
	*d = duration(ms * float64(time.Millisecond))
	return nil
}

// parseReplies reads a replies file: JSON Lines, one reply a line, blank
// lines and lines starting with # ignored.
func parseReplies(r io.Reader) ([]entry, error) {
	var entries []entry
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		e, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// parseLine reads one line of a replies file.
func parseLine(b []byte) (entry, error) {
	var l line
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&l); err != nil {
		return entry{}, fmt.Errorf("not a reply: %w", err)
	}
	if d.More() {
		return entry{}, errors.New("not a reply: more than one JSON value")
	}
	if err := l.faults.check(); err != nil {
		return entry{}, err
	}
	e := entry{faults: l.faults}
	kinds := 0
	if l.Text != nil {
		kinds++
		e.reply = responsestest.Text(*l.Text)
	}
	if l.JSON != nil {
		kinds++
		var v any
		if err := json.Unmarshal(l.JSON, &v); err != nil {
			return entry{}, fmt.Errorf("json: %w", err)
		}
		e.reply = responsestest.Text(string(compact(l.JSON)))
	}
	if l.FunctionCalls != nil {
		kinds++
		var calls []responsestest.Call
		for i, c := range l.FunctionCalls {
			if c.Name == "" {
				return entry{}, fmt.Errorf("function call %d has no name", i)
			}
			var args any = "{}"
			if len(c.Arguments) > 0 {
				var s string
				if json.Unmarshal(c.Arguments, &s) == nil {
					args = s
				} else {
					args = string(compact(c.Arguments))
				}
			}
			calls = append(calls, responsestest.Call{Name: c.Name, Arguments: args})
		}
		if len(calls) == 0 {
			return entry{}, errors.New("function_calls is empty")
		}
		e.reply = responsestest.FunctionCalls(calls...)
	}
	if l.Refusal != nil {
		kinds++
		e.reply = responsestest.Refusal(*l.Refusal)
	}
	if l.Incomplete != nil {
		kinds++
		reason := l.Incomplete.Reason
		if reason == "" {
			reason = "max_output_tokens"
		}
		e.reply = responsestest.Incomplete(reason, l.Incomplete.Text)
	}
	if l.Failed != nil {
		kinds++
		e.reply = responsestest.Failed(or(l.Failed.Code, "server_error"), or(l.Failed.Message, "The response failed."))
	}
	if l.Error != nil {
		kinds++
		er := l.Error
		if er.Status < 400 || er.Status > 599 {
			return entry{}, fmt.Errorf("error status %d is not an HTTP error status", er.Status)
		}
		typ := er.Type
		if typ == "" {
			switch {
			case er.Status == http.StatusTooManyRequests:
				typ = "requests"
			case er.Status >= 500:
				typ = "server_error"
			default:
				typ = "invalid_request_error"
			}
		}
		e.reply = responsestest.Error(er.Status, responsestest.ErrorBody{Type: typ, Code: er.Code, Message: or(er.Message, http.StatusText(er.Status)+".")})
	}
	if l.Simulate {
		kinds++
		e.simulate = true
	}
	switch kinds {
	case 0:
		return entry{}, errors.New(`no reply: want one of "text", "json", "function_calls", "refusal", "incomplete", "failed", "error", "simulate"`)
	case 1:
		return e, nil
	}
	return entry{}, errors.New("more than one reply on one line")
}

// parseFault reads a -fault flag, name=value, as the member of a line: the
// value is JSON, or else a string.
func parseFault(f *faults, s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("fault %q: want name=value, such as delay=200ms", s)
	}
	raw := json.RawMessage(value)
	if !json.Valid(raw) {
		raw, _ = json.Marshal(value)
	}
	obj, _ := json.Marshal(map[string]json.RawMessage{name: raw})
	d := json.NewDecoder(bytes.NewReader(obj))
	d.DisallowUnknownFields()
	if err := d.Decode(f); err != nil {
		return fmt.Errorf("fault %q: %w", s, err)
	}
	return f.check()
}

func compact(b []byte) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
