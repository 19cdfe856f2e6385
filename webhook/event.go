package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tidwall/gjson"
)

// Type is the type of an event, such as "response.completed". A type the
// package does not list still decodes, as an [*UnknownEvent].
type Type string

// The event types OpenAI sends, with the event type each decodes to.
const (
	// The background response data.id ended: [*ResourceEvent].
	ResponseCompleted  Type = "response.completed"
	ResponseFailed     Type = "response.failed"
	ResponseCancelled  Type = "response.cancelled"
	ResponseIncomplete Type = "response.incomplete"

	// The batch data.id ended: [*ResourceEvent].
	BatchCompleted Type = "batch.completed"
	BatchFailed    Type = "batch.failed"
	BatchExpired   Type = "batch.expired"
	BatchCancelled Type = "batch.cancelled"

	// The eval run data.id ended: [*ResourceEvent].
	EvalRunSucceeded Type = "eval.run.succeeded"
	EvalRunFailed    Type = "eval.run.failed"
	EvalRunCanceled  Type = "eval.run.canceled" // one l, as the API spells it

	// The fine-tuning job data.id ended: [*ResourceEvent].
	FineTuningJobSucceeded Type = "fine_tuning.job.succeeded"
	FineTuningJobFailed    Type = "fine_tuning.job.failed"
	FineTuningJobCancelled Type = "fine_tuning.job.cancelled"

	// The agent environment data.id changed state: [*ResourceEvent].
	AgentEnvironmentReady     Type = "agent.environment.ready"
	AgentEnvironmentFailed    Type = "agent.environment.failed"
	AgentEnvironmentSuspended Type = "agent.environment.suspended"
	AgentEnvironmentExpired   Type = "agent.environment.expired"

	// The agent session data.id changed state: [*SessionEvent].
	AgentSessionCreated        Type = "agent.session.created"
	AgentSessionActionRequired Type = "agent.session.action_required"
	AgentSessionInProgress     Type = "agent.session.in_progress"
	AgentSessionIdle           Type = "agent.session.idle"
	AgentSessionFailed         Type = "agent.session.failed"

	// A SIP call is waiting to be accepted: [*CallEvent].
	RealtimeCallIncoming  Type = "realtime.call.incoming"
	LiveCallIncoming      Type = "live.call.incoming"
	LiveTransportIncoming Type = "live.transport.incoming"

	// A safety notice about the organization: [*ResourceEvent].
	SafetyAlertCreated       Type = "safety.alert.created"
	SafetyOrgAlertCreated    Type = "safety.org_alert.created"
	SafetyWarningIssued      Type = "safety.warning_issued"
	SafetyDeactivationIssued Type = "safety.deactivation_issued"
)

// shapes maps each listed type to the data shape it carries.
var shapes = map[Type]shape{
	ResponseCompleted: resourceShape, ResponseFailed: resourceShape, ResponseCancelled: resourceShape, ResponseIncomplete: resourceShape,
	BatchCompleted: resourceShape, BatchFailed: resourceShape, BatchExpired: resourceShape, BatchCancelled: resourceShape,
	EvalRunSucceeded: resourceShape, EvalRunFailed: resourceShape, EvalRunCanceled: resourceShape,
	FineTuningJobSucceeded: resourceShape, FineTuningJobFailed: resourceShape, FineTuningJobCancelled: resourceShape,
	AgentEnvironmentReady: resourceShape, AgentEnvironmentFailed: resourceShape, AgentEnvironmentSuspended: resourceShape, AgentEnvironmentExpired: resourceShape,
	AgentSessionCreated: sessionShape, AgentSessionActionRequired: sessionShape, AgentSessionInProgress: sessionShape, AgentSessionIdle: sessionShape, AgentSessionFailed: sessionShape,
	RealtimeCallIncoming: callShape, LiveCallIncoming: callShape, LiveTransportIncoming: callShape,
	SafetyAlertCreated: resourceShape, SafetyOrgAlertCreated: resourceShape, SafetyWarningIssued: resourceShape, SafetyDeactivationIssued: resourceShape,
}

type shape int

const (
	resourceShape shape = iota + 1
	sessionShape
	callShape
)

// ErrBadEvent is returned, wrapped with the reason, by [ParseEvent] for a
// body that is not an event: not a JSON object, without an id or a type,
// or with members of the wrong JSON type.
var ErrBadEvent = errors.New("webhook: bad event")

// An Event is a webhook's payload: one of [*ResourceEvent], [*SessionEvent],
// [*CallEvent] and [*UnknownEvent]. A type switch reads it; [Event.Common]
// gives the members every event has.
type Event interface {
	// Common returns the members every event has.
	Common() *Envelope
	isEvent()
}

// Envelope holds the members every event has.
type Envelope struct {
	// ID is the event's id ("evt_…"); it is the same in every delivery of
	// the event.
	ID string `json:"id"`
	// Type says what happened.
	Type Type `json:"type"`
	// CreatedAt is when the event happened, in Unix seconds; see
	// [Envelope.Created].
	CreatedAt int64 `json:"created_at"`
	// Object is "event", when the body says so.
	Object string `json:"object,omitempty"`
}

// Common returns e.
func (e *Envelope) Common() *Envelope { return e }

// Created returns CreatedAt as a time.
func (e *Envelope) Created() time.Time { return time.Unix(e.CreatedAt, 0) }

// ResourceEvent is an event about one object of the API, named by its id:
// a background response (response.*), a batch (batch.*), an eval run
// (eval.run.*), a fine-tuning job (fine_tuning.job.*), an agent
// environment (agent.environment.*) or a safety notice (safety.*). Get the
// object with its API to learn more: the event carries only the id.
type ResourceEvent struct {
	Envelope
	Data struct {
		// ID is the object's id, such as "resp_…" or "batch_…".
		ID string `json:"id"`
	} `json:"data"`
}

// SessionEvent is an event about an agent session (agent.session.*).
type SessionEvent struct {
	Envelope
	Data struct {
		// ID is the session's id.
		ID string `json:"id"`
		// EnvironmentType is the kind of environment the session runs in.
		EnvironmentType string `json:"environment_type,omitempty"`
		// EnvironmentID is the environment's id, if any.
		EnvironmentID string `json:"environment_id,omitempty"`
		// Connect is how to reach the session, in agent.session.created.
		Connect *struct {
			RemoteURL string `json:"remote_url"`
		} `json:"connect,omitempty"`
		// RequiredAction is what the session waits for, in
		// agent.session.action_required.
		RequiredAction *struct {
			// Type is "computer_use_approval_request", "function_call" or
			// "environment_connection".
			Type string `json:"type"`
		} `json:"required_action,omitempty"`
	} `json:"data"`
}

// CallEvent is an incoming SIP call that waits to be accepted
// (realtime.call.incoming, live.call.incoming, live.transport.incoming).
type CallEvent struct {
	Envelope
	Data struct {
		// CallID is the call's id ("rtc_…"), in realtime.call.incoming.
		CallID string `json:"call_id,omitempty"`
		// SessionID is the same id, in live.call.incoming and
		// live.transport.incoming.
		SessionID string `json:"session_id,omitempty"`
		// Type is "sip", in live.transport.incoming.
		Type string `json:"type,omitempty"`
		// SIPHeaders are the headers of the SIP INVITE.
		SIPHeaders []SIPHeader `json:"sip_headers"`
		// SIPMediaSecurity is "rtp" or "srtp", when known.
		SIPMediaSecurity string `json:"sip_media_security,omitempty"`
	} `json:"data"`
}

// SIPHeader is one header of a SIP INVITE.
type SIPHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// UnknownEvent is an event of a type the package does not list. It keeps
// the event's data as it came, so that nothing is lost.
type UnknownEvent struct {
	Envelope
	Data json.RawMessage `json:"data,omitempty"`
}

func (*ResourceEvent) isEvent() {}
func (*SessionEvent) isEvent()  {}
func (*CallEvent) isEvent()     {}
func (*UnknownEvent) isEvent()  {}

// ParseEvent decodes a webhook's body, peeking at its type to decode it
// once into the event type listed for it, or into an [*UnknownEvent]. It
// does not verify anything: see [Verifier.Unwrap]. It returns an error
// that matches [ErrBadEvent] for a body that is not an event, or an event
// of a listed type without the id its data must have.
func ParseEvent(body []byte) (Event, error) {
	if !gjson.ValidBytes(body) {
		return nil, fmt.Errorf("%w: not JSON", ErrBadEvent)
	}
	root := gjson.ParseBytes(body)
	if !root.IsObject() {
		return nil, fmt.Errorf("%w: not a JSON object", ErrBadEvent)
	}
	typ := root.Get("type")
	if typ.Type != gjson.String || typ.Str == "" {
		return nil, fmt.Errorf("%w: no type", ErrBadEvent)
	}
	var (
		ev  Event
		err error
	)
	switch shapes[Type(typ.Str)] {
	case resourceShape:
		ev, err = decode(body, func(e *ResourceEvent) bool { return e.Data.ID != "" })
	case sessionShape:
		ev, err = decode(body, func(e *SessionEvent) bool { return e.Data.ID != "" })
	case callShape:
		ev, err = decode(body, func(e *CallEvent) bool { return e.Data.CallID != "" || e.Data.SessionID != "" })
	default:
		ev, err = decode(body, func(*UnknownEvent) bool { return true })
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadEvent, typ.Str, err)
	}
	switch c := ev.Common(); {
	case c.ID == "":
		return nil, fmt.Errorf("%w: %s without an id", ErrBadEvent, typ.Str)
	case c.Type != Type(typ.Str):
		return nil, fmt.Errorf("%w: two types, %q and %q", ErrBadEvent, typ.Str, c.Type)
	}
	return ev, nil
}

// decode decodes body into a new E, and checks that its data has the id
// it must have.
func decode[E any, P interface {
	*E
	Event
}](body []byte, hasID func(P) bool) (Event, error) {
	e := P(new(E))
	if err := json.Unmarshal(body, e); err != nil {
		return nil, err
	}
	if !hasID(e) {
		return nil, errors.New("no id in its data")
	}
	return e, nil
}
