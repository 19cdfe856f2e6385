package responses

import (
	"encoding/json"

	"github.com/tidwall/gjson"
)

// Unknown is a value of a kind this version of respkit does not know: an
// item, content part, annotation, tool, tool choice, text format or stream
// event, or of a member of one (a computer action, a file search filter…),
// whose "type" is new. It keeps the JSON, which is written back unchanged,
// so new kinds never vanish and never fail decoding.
type Unknown struct {
	Type string          // the "type" member
	Raw  json.RawMessage // the whole JSON object
}

// UnmarshalJSON keeps a copy of b.
func (u *Unknown) UnmarshalJSON(b []byte) error {
	u.Raw = append(json.RawMessage(nil), b...)
	u.Type = gjson.GetBytes(b, "type").String()
	return nil
}

// MarshalJSON returns the JSON as it was decoded.
func (u Unknown) MarshalJSON() ([]byte, error) {
	if len(u.Raw) == 0 {
		return []byte("null"), nil
	}
	return u.Raw, nil
}

// EventType returns u.Type, for an unknown stream event.
func (u *Unknown) EventType() string { return u.Type }

// Sequence returns the "sequence_number" member, for an unknown stream event.
func (u *Unknown) Sequence() int64 { return gjson.GetBytes(u.Raw, "sequence_number").Int() }

func (*Unknown) isAnnotation()               {}
func (*Unknown) isCodeInterpreterContainer() {}
func (*Unknown) isCodeInterpreterOutput()    {}
func (*Unknown) isComputerAction()           {}
func (*Unknown) isCustomFormat()             {}
func (*Unknown) isEvent()                    {}
func (*Unknown) isFilter()                   {}
func (*Unknown) isFormat()                   {}
func (*Unknown) isItem()                     {}
func (*Unknown) isMCPApprovalPolicy()        {}
func (*Unknown) isMCPCallFailure()           {}
func (*Unknown) isModerationOutcome()        {}
func (*Unknown) isPart()                     {}
func (*Unknown) isShellEnvironment()         {}
func (*Unknown) isShellOutcome()             {}
func (*Unknown) isSkill()                    {}
func (*Unknown) isTool()                     {}
func (*Unknown) isToolChoice()               {}
func (*Unknown) isWebSearchAction()          {}
