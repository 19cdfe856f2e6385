package responses

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
)

// TextConfig configures the model's text output.
type TextConfig struct {
	// Format is *[FormatText] (the default), *[FormatJSONSchema] for
	// structured output, or *[FormatJSONObject].
	Format Format `json:"format,omitzero"`
	// Verbosity is how long the answers are, such as [VerbosityLow].
	Verbosity Verbosity `json:"verbosity,omitzero"`
	meta      wire.Meta
}

// Verbosity is the verbosity of [TextConfig.Verbosity]. A value the API adds
// after this version is kept as it is.
type Verbosity string

// Verbosities.
const (
	VerbosityLow    Verbosity = "low"
	VerbosityMedium Verbosity = "medium"
	VerbosityHigh   Verbosity = "high"
)

// Format is the format of the model's text output.
//
//wire:union Format
type Format interface {
	isFormat()
}

// FormatText asks for plain text: as the model's output, or as the input of
// a [CustomTool].
//
//wire:variant Format text
//wire:variant CustomFormat text
type FormatText struct {
	meta wire.Meta
}

// FormatJSONObject asks for any JSON object (JSON mode). Prefer
// [FormatJSONSchema], which the model is held to.
//
//wire:variant Format json_object
type FormatJSONObject struct {
	meta wire.Meta
}

// FormatJSONSchema asks for JSON that matches a schema (structured output).
// With Strict, the model's output always matches; the schema must then follow
// the strict-mode rules, which schemas from the schema package do.
//
//wire:variant Format json_schema
type FormatJSONSchema struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitzero"`
	Schema      json.RawMessage `json:"schema"`
	Strict      *bool           `json:"strict,omitzero"`
	meta        wire.Meta
}

func init() {
	wire.RegisterUnion[Format](wire.Union{
		Key:     "type",
		Types:   formatVariants,
		Unknown: (*Unknown)(nil),
	})
}
