package responses

import (
	"strings"

	"github.com/respkit/respkit/internal/wire"
)

// Role is the author of a [Message]. A value the API adds after this
// version is kept as it is.
type Role string

// Roles of a [Message].
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleSystem    Role = "system"
	RoleDeveloper Role = "developer"
)

// Phase labels an assistant [Message]. A value the API adds after this
// version is kept as it is.
type Phase string

// Phases of an assistant message.
const (
	PhaseCommentary  Phase = "commentary"   // written before tool calls, not the answer
	PhaseFinalAnswer Phase = "final_answer" // the answer
)

// Message is a message from the user, the developer, the system, or the
// assistant (the model). In a response's output it is the assistant's answer,
// whose content is made of *[OutputText] and *[Refusal] parts.
//
//wire:variant Item message
type Message struct {
	// Type is "message", or empty when the message was given without it, as
	// the short form {"role": "user", "content": "hi"} allows.
	Type string `json:"type,omitzero" wire:"strict"`
	ID   string `json:"id,omitzero" wire:"strict"`
	// Role is one of the Role constants, such as [RoleUser].
	Role    Role    `json:"role,omitzero"`
	Content Content `json:"content,omitzero"`
	// Status is [StatusInProgress], [StatusCompleted] or [StatusIncomplete]
	// for output.
	Status Status `json:"status,omitzero" wire:"strict"`
	// Phase labels an assistant message as [PhaseCommentary] or
	// [PhaseFinalAnswer].
	Phase Phase `json:"phase,omitzero"`
	meta  wire.Meta
}

// Text returns the text of the message's text parts, concatenated.
func (m *Message) Text() string { return m.Content.Text() }

// Refusal returns the text of the message's refusal parts, concatenated, or
// "" when the model did not refuse.
func (m *Message) Refusal() string {
	var s strings.Builder
	for _, p := range m.Content {
		if r, ok := p.(*Refusal); ok {
			s.WriteString(r.Refusal)
		}
	}
	return s.String()
}

// UserMessage returns a message from the user. With one string it is written
// in the short form {"role":"user","content":"…"}; otherwise the parts are
// the message's content.
func UserMessage(text string, parts ...Part) *Message {
	return newMessage(RoleUser, text, parts)
}

// DeveloperMessage returns a message with instructions from the developer,
// which the model follows before the user's.
func DeveloperMessage(text string, parts ...Part) *Message {
	return newMessage(RoleDeveloper, text, parts)
}

// SystemMessage returns a system message.
func SystemMessage(text string, parts ...Part) *Message {
	return newMessage(RoleSystem, text, parts)
}

// AssistantMessage returns a message as the model would have written it, for
// example to replay a conversation.
func AssistantMessage(text string) *Message {
	return newMessage(RoleAssistant, text, nil)
}

func newMessage(role Role, text string, parts []Part) *Message {
	if len(parts) == 0 {
		return &Message{Role: role, Content: PlainText(text)}
	}
	c := make(Content, 0, len(parts)+1)
	if text != "" {
		c = append(c, &InputText{Text: text})
	}
	return &Message{Role: role, Content: append(c, parts...)}
}

// ImageURL returns an image part from a URL or a data URL
// ("data:image/png;base64,…"), with detail "auto".
func ImageURL(url string) *InputImage {
	return &InputImage{ImageURL: url, Detail: DetailAuto}
}

// FileData returns a file part holding the file's content, base64-encoded
// with its data: prefix ("data:application/pdf;base64,…").
func FileData(filename, dataURL string) *InputFile {
	return &InputFile{Filename: filename, FileData: dataURL}
}

// FileID returns a file part for a file uploaded to the Files API.
func FileID(id string) *InputFile {
	return &InputFile{FileID: id}
}
