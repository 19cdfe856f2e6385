package responses

import "github.com/respkit/respkit/internal/wire"

// Part is one piece of the content of a message or of a tool's output:
// *[InputText], *[InputImage], *[InputFile], *[InputAudio] in input;
// *[OutputText] and *[Refusal] in an assistant's message; *[ReasoningText]
// and *[SummaryText] in a reasoning item; *[ComputerScreenshot] in a computer
// call's output; *[OutputAudio] in audio output. Kinds this version does not
// know decode to *[Unknown].
//
//wire:union Part
type Part interface {
	isPart()
}

// Content is the content of a message or of a tool call's output: a list of
// parts. On the wire it may also be a plain string, which decodes to a single
// *[InputText] and is written back as a string.
type Content []Part

// Text returns the text of all text parts (input, output, reasoning and
// summary text), concatenated. Refusals are not text.
func (c Content) Text() string {
	switch len(c) {
	case 0:
		return ""
	case 1:
		return partText(c[0])
	}
	var n int
	for _, p := range c {
		n += len(partText(p))
	}
	b := make([]byte, 0, n)
	for _, p := range c {
		b = append(b, partText(p)...)
	}
	return string(b)
}

func partText(p Part) string {
	switch p := p.(type) {
	case *InputText:
		return p.Text
	case *OutputText:
		return p.Text
	case *ReasoningText:
		return p.Text
	case *SummaryText:
		return p.Text
	}
	return ""
}

// PlainText returns content that is written as a plain JSON string.
func PlainText(s string) Content {
	t := &InputText{Text: s}
	wire.SetStringForm(t)
	return Content{t}
}

// InputText is text given to the model.
//
//wire:variant Part input_text
type InputText struct {
	Text            string           `json:"text"`
	CacheBreakpoint *CacheBreakpoint `json:"prompt_cache_breakpoint,omitzero"`
	meta            wire.Meta
}

// CacheBreakpoint marks the end of a prompt prefix to cache explicitly.
type CacheBreakpoint struct {
	Mode string `json:"mode"`         // "explicit"
	TTL  string `json:"ttl,omitzero"` // "30m" or "12h"
	meta wire.Meta
}

// Detail is the level of detail at which the model sees an [InputImage] or
// an [InputFile]. A value the API adds after this version is kept as it is.
type Detail string

// Levels of detail.
const (
	DetailAuto     Detail = "auto"
	DetailLow      Detail = "low"
	DetailHigh     Detail = "high"
	DetailOriginal Detail = "original" // images only
)

// InputImage is an image given to the model, by URL (which may be a data URL)
// or by file id.
//
//wire:variant Part input_image
type InputImage struct {
	Detail          Detail           `json:"detail,omitzero"` // such as [DetailAuto]
	FileID          string           `json:"file_id,omitzero"`
	ImageURL        string           `json:"image_url,omitzero"`
	CacheBreakpoint *CacheBreakpoint `json:"prompt_cache_breakpoint,omitzero"`
	meta            wire.Meta
}

// InputFile is a file given to the model: its content (FileData, base64 with
// a data: prefix), an uploaded file's id, or a URL.
//
//wire:variant Part input_file
type InputFile struct {
	Detail          Detail           `json:"detail,omitzero"` // [DetailAuto], [DetailLow] or [DetailHigh]
	FileData        string           `json:"file_data,omitzero"`
	FileID          string           `json:"file_id,omitzero"`
	FileURL         string           `json:"file_url,omitzero"`
	Filename        string           `json:"filename,omitzero"`
	CacheBreakpoint *CacheBreakpoint `json:"prompt_cache_breakpoint,omitzero"`
	meta            wire.Meta
}

// InputAudio is audio given to the model.
//
//wire:variant Part input_audio
type InputAudio struct {
	Audio AudioData `json:"input_audio"`
	meta  wire.Meta
}

// AudioData is base64-encoded audio.
type AudioData struct {
	Data   string `json:"data"`
	Format string `json:"format"` // "mp3" or "wav"
	meta   wire.Meta
}

// OutputText is text written by the model, with its citations and, when
// requested with [IncludeOutputLogprobs], the log probabilities of its tokens.
//
//wire:variant Part output_text
type OutputText struct {
	Text        string       `json:"text"`
	Annotations []Annotation `json:"annotations"`
	Logprobs    []Logprob    `json:"logprobs,omitzero"`
	meta        wire.Meta
}

// Refusal is the model's explanation of why it refused to answer.
//
//wire:variant Part refusal
type Refusal struct {
	Refusal string `json:"refusal"`
	meta    wire.Meta
}

// ReasoningText is the text of the model's reasoning.
//
//wire:variant Part reasoning_text
type ReasoningText struct {
	Text string `json:"text"`
	meta wire.Meta
}

// SummaryText is a summary of the model's reasoning.
//
//wire:variant Part summary_text
type SummaryText struct {
	Text string `json:"text"`
	meta wire.Meta
}

// ComputerScreenshot is a screenshot taken for the computer use tool, by URL
// (which may be a data URL) or by file id: the output of a
// [ComputerCallOutput].
//
//wire:variant Part computer_screenshot
type ComputerScreenshot struct {
	ImageURL string `json:"image_url,omitzero"`
	FileID   string `json:"file_id,omitzero"`
	meta     wire.Meta
}

// OutputAudio is audio produced by the model: base64-encoded Data and its
// Transcript.
//
//wire:variant Part output_audio
type OutputAudio struct {
	Data       string `json:"data,omitzero"`
	Transcript string `json:"transcript,omitzero"`
	meta       wire.Meta
}

// Logprob is the log probability of one output token.
type Logprob struct {
	Token       string       `json:"token,omitzero"`
	Bytes       []int        `json:"bytes,omitzero"`
	Logprob     float64      `json:"logprob,omitzero"`
	TopLogprobs []TopLogprob `json:"top_logprobs,omitzero"`
	meta        wire.Meta
}

// TopLogprob is one of the most likely tokens at a position.
type TopLogprob struct {
	Token   string  `json:"token,omitzero"`
	Bytes   []int   `json:"bytes,omitzero"`
	Logprob float64 `json:"logprob,omitzero"`
	meta    wire.Meta
}

func init() {
	wire.RegisterUnion[Part](wire.Union{
		Key:     "type",
		Types:   partVariants,
		Unknown: (*Unknown)(nil),
		// A prompt variable may be a plain string.
		String: func(s string) any {
			t := &InputText{Text: s}
			wire.SetStringForm(t)
			return t
		},
	})
	wire.RegisterStringForm[InputText](wire.StringForm{
		FromString: func(s string) any { return &InputText{Text: s} },
		ToString: func(p any) (string, bool) {
			t := p.(*InputText)
			return t.Text, t.CacheBreakpoint == nil
		},
	})
	wire.RegisterStringForm[Content](wire.StringForm{
		FromString: func(s string) any { return &InputText{Text: s} },
		ToString: func(p any) (string, bool) {
			t, ok := p.(*InputText)
			if !ok {
				return "", false
			}
			return t.Text, t.CacheBreakpoint == nil
		},
	})
}

// MarshalJSON encodes the content: a plain string when it is [PlainText],
// otherwise a list of parts.
func (c Content) MarshalJSON() ([]byte, error) { return wire.Marshal(&c) }

// UnmarshalJSON decodes a plain string or a list of parts.
func (c *Content) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }
