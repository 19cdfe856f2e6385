package webhook_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/webhook"
)

func TestParseEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body   string
		typ    webhook.Type
		shape  string // the Go type
		dataID string // the id its data names
	}{
		{body: `{"id":"evt_1","object":"event","created_at":1750000000,"type":"response.completed","data":{"id":"resp_1"}}`, typ: webhook.ResponseCompleted, shape: "*webhook.ResourceEvent", dataID: "resp_1"},
		{body: `{"id":"evt_2","created_at":1750000000,"type":"response.incomplete","data":{"id":"resp_2"}}`, typ: webhook.ResponseIncomplete, shape: "*webhook.ResourceEvent", dataID: "resp_2"},
		{body: `{"id":"evt_3","created_at":1,"type":"batch.expired","data":{"id":"batch_1"}}`, typ: webhook.BatchExpired, shape: "*webhook.ResourceEvent", dataID: "batch_1"},
		{body: `{"id":"evt_4","created_at":1,"type":"eval.run.canceled","data":{"id":"evalrun_1"}}`, typ: webhook.EvalRunCanceled, shape: "*webhook.ResourceEvent", dataID: "evalrun_1"},
		{body: `{"id":"evt_5","created_at":1,"type":"fine_tuning.job.succeeded","data":{"id":"ftjob_1"}}`, typ: webhook.FineTuningJobSucceeded, shape: "*webhook.ResourceEvent", dataID: "ftjob_1"},
		{body: `{"id":"evt_6","object":"event","created_at":1,"type":"agent.session.action_required","data":{"id":"sess_1","environment_type":"browser","required_action":{"type":"function_call"}}}`, typ: webhook.AgentSessionActionRequired, shape: "*webhook.SessionEvent", dataID: "sess_1"},
		{body: `{"id":"evt_7","created_at":1,"type":"realtime.call.incoming","data":{"call_id":"rtc_1","sip_headers":[{"name":"From","value":"sip:+1@example.com"}]}}`, typ: webhook.RealtimeCallIncoming, shape: "*webhook.CallEvent", dataID: "rtc_1"},
		{body: `{"id":"evt_8","created_at":1,"type":"live.transport.incoming","data":{"session_id":"rtc_2","type":"sip","sip_headers":[],"sip_media_security":"srtp"}}`, typ: webhook.LiveTransportIncoming, shape: "*webhook.CallEvent", dataID: "rtc_2"},
		{body: `{"id":"evt_9","created_at":1,"type":"video.completed","data":{"id":"video_1","extra":[1,2]}}`, typ: "video.completed", shape: "*webhook.UnknownEvent"},
		{body: `{"id":"evt_10","created_at":1,"type":"safety.warning_issued","data":{"id":"org_1"}}`, typ: webhook.SafetyWarningIssued, shape: "*webhook.ResourceEvent", dataID: "org_1"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			ev, err := webhook.ParseEvent([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := typeName(ev); got != tt.shape {
				t.Fatalf("ParseEvent = %s, want %s", got, tt.shape)
			}
			if ev.Common().Type != tt.typ {
				t.Errorf("Type = %q, want %q", ev.Common().Type, tt.typ)
			}
			if got := dataID(ev); got != tt.dataID {
				t.Errorf("data id = %q, want %q", got, tt.dataID)
			}
			// Marshalling gives the body back, modulo key order.
			b, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			var got, want any
			json.Unmarshal(b, &got)
			json.Unmarshal([]byte(tt.body), &want)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("json.Marshal(ParseEvent(body)) differs (-body +got):\n%s", d)
			}
		})
	}
}

func typeName(ev webhook.Event) string {
	switch ev.(type) {
	case *webhook.ResourceEvent:
		return "*webhook.ResourceEvent"
	case *webhook.SessionEvent:
		return "*webhook.SessionEvent"
	case *webhook.CallEvent:
		return "*webhook.CallEvent"
	case *webhook.UnknownEvent:
		return "*webhook.UnknownEvent"
	}
	return "?"
}

func dataID(ev webhook.Event) string {
	switch ev := ev.(type) {
	case *webhook.ResourceEvent:
		return ev.Data.ID
	case *webhook.SessionEvent:
		return ev.Data.ID
	case *webhook.CallEvent:
		return ev.Data.CallID + ev.Data.SessionID
	}
	return ""
}

func TestParseEventUnknownKeepsData(t *testing.T) {
	t.Parallel()
	ev, err := webhook.ParseEvent([]byte(`{"id":"evt_1","created_at":2,"type":"new.thing","data":{"a":[1,{"b":null}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	u := ev.(*webhook.UnknownEvent)
	if string(u.Data) != `{"a":[1,{"b":null}]}` || u.ID != "evt_1" || u.CreatedAt != 2 || u.Created().Unix() != 2 {
		t.Errorf("ParseEvent = %+v, want the data kept", u)
	}
}

func TestParseEventErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body string }{
		{"not JSON", `{"id":`},
		{"not an object", `["response.completed"]`},
		{"no type", `{"id":"evt_1","data":{"id":"resp_1"}}`},
		{"type not a string", `{"id":"evt_1","type":7}`},
		{"no id", `{"type":"response.completed","data":{"id":"resp_1"}}`},
		{"no data id", `{"id":"evt_1","type":"response.completed","data":{}}`},
		{"no call id", `{"id":"evt_1","type":"realtime.call.incoming","data":{"sip_headers":[]}}`},
		{"created_at not a number", `{"id":"evt_1","type":"batch.failed","created_at":"now","data":{"id":"b"}}`},
		{"two types", `{"id":"evt_1","type":"batch.failed","Type":"batch.completed","data":{"id":"b"}}`},
		{"unknown type without id", `{"type":"new.thing"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := webhook.ParseEvent([]byte(tt.body))
			if !errors.Is(err, webhook.ErrBadEvent) {
				t.Fatalf("ParseEvent(%s) = %v, %v, want ErrBadEvent", tt.body, ev, err)
			}
		})
	}
}

func FuzzParseEvent(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"e","type":"response.completed","data":{"id":"r"}}`))
	f.Add([]byte(`{"id":"e","type":"x","data":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := webhook.ParseEvent(b)
		if (ev == nil) == (err == nil) {
			t.Fatalf("ParseEvent = %v, %v: want exactly one of an event and an error", ev, err)
		}
		if err != nil {
			if !errors.Is(err, webhook.ErrBadEvent) {
				t.Fatalf("ParseEvent error %v does not match ErrBadEvent", err)
			}
			return
		}
		if ev.Common().ID == "" || ev.Common().Type == "" {
			t.Fatalf("ParseEvent = %+v without an id or a type", ev)
		}
		// A decoded event encodes, and decodes again to the same event.
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		again, err := webhook.ParseEvent(out)
		if err != nil {
			t.Fatalf("ParseEvent(json.Marshal(ev)) = %v; json %s", err, out)
		}
		if d := cmp.Diff(ev, again); d != "" {
			t.Fatalf("round trip differs:\n%s", d)
		}
	})
}
