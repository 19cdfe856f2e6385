package responses

import "github.com/respkit/respkit/internal/wire"

// Annotation is a citation in an [OutputText]: *[FileCitation],
// *[URLCitation], *[ContainerFileCitation] or *[FilePath]. Kinds this version
// does not know decode to *[Unknown].
//
//wire:union Annotation
type Annotation interface {
	isAnnotation()
}

// FileCitation cites a file found by file search.
//
//wire:variant Annotation file_citation
type FileCitation struct {
	FileID   string `json:"file_id,omitzero"`
	Filename string `json:"filename,omitzero"`
	Index    int    `json:"index,omitzero"`
	meta     wire.Meta
}

// URLCitation cites a web page; StartIndex and EndIndex delimit the cited
// characters of the text.
//
//wire:variant Annotation url_citation
type URLCitation struct {
	URL        string `json:"url,omitzero"`
	Title      string `json:"title,omitzero"`
	StartIndex int    `json:"start_index,omitzero"`
	EndIndex   int    `json:"end_index,omitzero"`
	meta       wire.Meta
}

// ContainerFileCitation cites a file in a code interpreter container.
//
//wire:variant Annotation container_file_citation
type ContainerFileCitation struct {
	ContainerID string `json:"container_id,omitzero"`
	FileID      string `json:"file_id,omitzero"`
	Filename    string `json:"filename,omitzero"`
	StartIndex  int    `json:"start_index,omitzero"`
	EndIndex    int    `json:"end_index,omitzero"`
	meta        wire.Meta
}

// FilePath points at a file the model produced.
//
//wire:variant Annotation file_path
type FilePath struct {
	FileID string `json:"file_id,omitzero"`
	Index  int    `json:"index,omitzero"`
	meta   wire.Meta
}

func init() {
	wire.RegisterUnion[Annotation](wire.Union{
		Key:     "type",
		Types:   annotationVariants,
		Unknown: (*Unknown)(nil),
	})
}
