package files

import (
	"mime"
	"net/http"
	"path/filepath"
	"strings"
)

// types maps the extensions of the documents a model reads to their content
// types, so that they do not depend on the system's MIME tables.
var types = map[string]string{
	".pdf":   "application/pdf",
	".jsonl": "application/jsonl",
	".json":  "application/json",
	".txt":   "text/plain",
	".md":    "text/markdown",
	".csv":   "text/csv",
	".tsv":   "text/tab-separated-values",
	".html":  "text/html",
	".htm":   "text/html",
	".xml":   "application/xml",
	".doc":   "application/msword",
	".docx":  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":   "application/vnd.ms-excel",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ppt":   "application/vnd.ms-powerpoint",
	".pptx":  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".rtf":   "application/rtf",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
}

// octetStream is the content type of content of unknown type.
const octetStream = "application/octet-stream"

// ContentType returns the content type of a file named filename, by its
// extension (case-insensitive): a fixed table for the documents a model
// reads (".pdf" is "application/pdf", ".jsonl" "application/jsonl", …),
// then the system's MIME tables, then "application/octet-stream".
func ContentType(filename string) string {
	ext := strings.ToLower(filepath.Ext(filename))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return octetStream
}

// sniff returns the content type of a file named filename whose content
// starts with head: by its extension, or else by its content (see
// [http.DetectContentType]).
func sniff(filename string, head []byte) string {
	if t := ContentType(filename); t != octetStream {
		return t
	}
	// "text/plain; charset=utf-8" as a data URL's media type has no space.
	return strings.ReplaceAll(http.DetectContentType(head), "; ", ";")
}
