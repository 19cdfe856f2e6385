package files

import (
	"fmt"
	"time"

	"github.com/respkit/respkit/internal/wire"
)

// Purpose is what a file is for. The API decides which purposes an upload
// may have (see the Purpose constants) and sets the purposes of the files
// it writes itself, such as "batch_output".
type Purpose string

// The purposes a file may be uploaded with.
const (
	// PurposeAssistants is for files used by the Assistants API and by
	// tools such as file search.
	PurposeAssistants Purpose = "assistants"
	// PurposeBatch is for the input files of the Batch API (JSONL). Such
	// files expire after 30 days unless told otherwise.
	PurposeBatch Purpose = "batch"
	// PurposeFineTune is for fine-tuning data (JSONL).
	PurposeFineTune Purpose = "fine-tune"
	// PurposeVision is for images used for vision fine-tuning.
	PurposeVision Purpose = "vision"
	// PurposeUserData is the flexible purpose, for files given to a model
	// as input, such as a PDF referenced by an input_file part.
	PurposeUserData Purpose = "user_data"
	// PurposeEvals is for eval data sets.
	PurposeEvals Purpose = "evals"
)

// The purposes of the files the API writes itself.
const (
	PurposeBatchOutput      Purpose = "batch_output"
	PurposeAssistantsOutput Purpose = "assistants_output"
	PurposeFineTuneResults  Purpose = "fine-tune-results"
)

// File is a file stored by the Files API (the API's OpenAIFile object). A
// decoded File keeps the members it does not know, and marshals back to
// the JSON it was decoded from (modulo member order).
type File struct {
	ID     string `json:"id,omitzero"`
	Object string `json:"object,omitzero"` // "file"
	// Bytes is the size of the file in bytes.
	Bytes int64 `json:"bytes,omitzero"`
	// CreatedAt is when the file was created, in Unix seconds.
	CreatedAt int64 `json:"created_at,omitzero"`
	// ExpiresAt is when the file expires, in Unix seconds, or 0 for never.
	ExpiresAt int64   `json:"expires_at,omitzero"`
	Filename  string  `json:"filename,omitzero"`
	Purpose   Purpose `json:"purpose,omitzero"`
	// Status is "uploaded", "processed" or "error". The API deprecates it.
	Status string `json:"status,omitzero"`
	// StatusDetails says why a file failed validation. The API deprecates
	// it.
	StatusDetails string `json:"status_details,omitzero"`
	meta          wire.Meta
}

// Created returns CreatedAt as a time.Time.
func (f *File) Created() time.Time { return time.Unix(f.CreatedAt, 0) }

// Expires returns ExpiresAt as a time.Time, and false when the file does
// not expire.
func (f *File) Expires() (time.Time, bool) {
	if f.ExpiresAt == 0 {
		return time.Time{}, false
	}
	return time.Unix(f.ExpiresAt, 0), true
}

// MarshalJSON encodes f as JSON, keeping the members it was decoded with.
func (f File) MarshalJSON() ([]byte, error) { return wire.Marshal(&f) }

// UnmarshalJSON decodes a JSON object into f.
func (f *File) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, f) }

// Format prints f as fmt prints a struct, without the bookkeeping of its JSON.
func (f File) Format(s fmt.State, verb rune) { wire.Format(s, verb, &f) }

// page is a page of files (the API's ListFilesResponse).
type page struct {
	Object  string  `json:"object,omitzero"` // "list"
	Data    []*File `json:"data,omitzero"`
	FirstID string  `json:"first_id,omitzero"`
	LastID  string  `json:"last_id,omitzero"`
	HasMore bool    `json:"has_more,omitzero"`
	meta    wire.Meta
}

// deleted is the answer to a deletion (the API's DeleteFileResponse).
type deleted struct {
	ID      string `json:"id,omitzero"`
	Object  string `json:"object,omitzero"`
	Deleted bool   `json:"deleted,omitzero"`
	meta    wire.Meta
}

// metaFields is never called: it shows static analysis that the codec
// reads the meta fields (through reflection).
func metaFields() []wire.Meta {
	return []wire.Meta{new(File).meta, new(page).meta, new(deleted).meta}
}

var _ = metaFields
