package responses

import "github.com/respkit/respkit/internal/wire"

// AudioDeltaEvent carries the next piece of the response's audio, base64
// encoded.
//
//wire:variant Event response.audio.delta
type AudioDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ResponseID     string `json:"response_id,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// AudioDoneEvent says that the response's audio is complete.
//
//wire:variant Event response.audio.done
type AudioDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ResponseID     string `json:"response_id,omitzero" wire:"strict"`
	meta           wire.Meta
}

// AudioTranscriptDeltaEvent carries the next piece of the transcript of the
// response's audio.
//
//wire:variant Event response.audio.transcript.delta
type AudioTranscriptDeltaEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ResponseID     string `json:"response_id,omitzero" wire:"strict"`
	Delta          string `json:"delta,omitzero"`
	Obfuscation    string `json:"obfuscation,omitzero"`
	meta           wire.Meta
}

// AudioTranscriptDoneEvent says that the transcript of the response's audio
// is complete.
//
//wire:variant Event response.audio.transcript.done
type AudioTranscriptDoneEvent struct {
	SequenceNumber int64  `json:"sequence_number,omitzero" wire:"strict"`
	ResponseID     string `json:"response_id,omitzero" wire:"strict"`
	meta           wire.Meta
}
