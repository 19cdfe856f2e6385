package responses

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// MaxInlineSize is the largest content, in bytes, that [ImageBytes],
// [ImageFile], [ImageReader], [FileBytes] and [FileFromPath] put inline in a
// request: the API takes at most 50 MB of images and files in one request.
// Upload larger files with the Files API (package
// github.com/respkit/respkit/files, whose Documents uploads a document
// above a size and sends it by file id).
const MaxInlineSize = 50 << 20

// imageTypes are the image types the API takes, by extension.
var imageTypes = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
}

// ImageBytes returns an image part holding data as a data URL
// ("data:image/png;base64,…"), with detail "auto" (set Detail on the result
// to change it). The image type is sniffed from the content (see
// [http.DetectContentType]): PNG, JPEG, GIF and WebP are what the API takes.
// Content that is not one of them, is empty or is larger than
// [MaxInlineSize] is an error.
func ImageBytes(data []byte) (*InputImage, error) {
	return imagePart(data, "")
}

// ImageFile returns an image part holding the content of the file at path
// as a data URL, as [ImageBytes] does. When the content does not tell its
// type, the file's extension does (".png", ".jpg", ".jpeg", ".gif", ".webp").
func ImageFile(path string) (*InputImage, error) {
	data, err := readInline(path)
	if err != nil {
		return nil, err
	}
	return imagePart(data, path)
}

// ImageReader returns an image part holding what r yields, up to its end, as
// a data URL, as [ImageBytes] does. It reads at most [MaxInlineSize]+1
// bytes: more is an error.
func ImageReader(r io.Reader) (*InputImage, error) {
	data, err := readAll(r, "image")
	if err != nil {
		return nil, err
	}
	return imagePart(data, "")
}

// FileBytes returns a file part holding data, named filename, as a data URL
// ("data:application/pdf;base64,…"). Its content type follows filename's
// extension, or else the content (see [http.DetectContentType]). Empty data,
// an empty filename and data larger than [MaxInlineSize] are errors.
//
// Package github.com/respkit/respkit/files does more: its Documents makes
// the same part from bytes, a path or a reader, and uploads a document above
// a size to send it by file id.
func FileBytes(filename string, data []byte) (*InputFile, error) {
	if filename == "" {
		return nil, errors.New("responses: FileBytes with an empty filename")
	}
	if err := checkInline(len(data), "file "+filename); err != nil {
		return nil, err
	}
	return &InputFile{Filename: filename, FileData: dataURL(fileType(filename, data), data)}, nil
}

// FileFromPath returns a file part holding the content of the file at path,
// named by the path's last element, as [FileBytes] does.
func FileFromPath(path string) (*InputFile, error) {
	data, err := readInline(path)
	if err != nil {
		return nil, err
	}
	return FileBytes(filepath.Base(path), data)
}

// imagePart returns the part of an image whose content is data, read from
// path when path is not empty.
func imagePart(data []byte, path string) (*InputImage, error) {
	what := "image"
	if path != "" {
		what = "image " + path
	}
	if err := checkInline(len(data), what); err != nil {
		return nil, err
	}
	typ := imageType(data, path)
	if typ == "" {
		return nil, fmt.Errorf("responses: %s is %s, not a PNG, JPEG, GIF or WebP image", what, http.DetectContentType(data))
	}
	return &InputImage{ImageURL: dataURL(typ, data), Detail: DetailAuto}, nil
}

// imageType returns the type of an image: sniffed, or else by the
// extension of path; "" when it is not an image the API takes.
func imageType(data []byte, path string) string {
	typ := http.DetectContentType(data)
	for _, t := range imageTypes {
		if typ == t {
			return typ
		}
	}
	return imageTypes[strings.ToLower(filepath.Ext(path))]
}

// fileType returns the content type of a file: by its name's extension,
// or else by its content.
func fileType(filename string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(filename))); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// dataURL returns data as a base64 data URL of type typ. A media type's
// parameters lose their spaces ("text/plain;charset=utf-8"), as data URLs
// are written.
func dataURL(typ string, data []byte) string {
	typ = strings.ReplaceAll(typ, "; ", ";")
	var b strings.Builder
	b.Grow(len("data:;base64,") + len(typ) + base64.StdEncoding.EncodedLen(len(data)))
	b.WriteString("data:")
	b.WriteString(typ)
	b.WriteString(";base64,")
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	enc.Write(data)
	enc.Close()
	return b.String()
}

// checkInline reports content of n bytes that cannot be sent inline.
func checkInline(n int, what string) error {
	switch {
	case n == 0:
		return fmt.Errorf("responses: %s is empty", what)
	case n > MaxInlineSize:
		return fmt.Errorf("responses: %s is larger than %d bytes, too large to send inline; upload it with the Files API", what, MaxInlineSize)
	}
	return nil
}

// readInline reads the file at path, refusing one too large to send inline
// before reading it.
func readInline(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("responses: %w", err)
	}
	defer f.Close()
	return readAll(f, path)
}

// readAll reads r to its end, up to one byte more than MaxInlineSize.
func readAll(r io.Reader, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInlineSize+1))
	if err != nil {
		return nil, fmt.Errorf("responses: read %s: %w", what, err)
	}
	return data, nil
}

// AudioBytes returns an audio part holding data, base64-encoded, in the
// format its content shows: "wav" (RIFF WAVE) or "mp3" (an ID3 tag or an
// MPEG frame). Other content, empty content and content larger than
// [MaxInlineSize] are errors. The Responses API takes audio in the inputs
// of evals and graders, not in a model's messages (see [InputAudio]).
func AudioBytes(data []byte) (*InputAudio, error) {
	return audioPart(data, "")
}

// AudioFile returns an audio part holding the content of the file at path,
// as [AudioBytes] does. When the content does not tell its format, the
// file's extension does (".wav", ".mp3").
func AudioFile(path string) (*InputAudio, error) {
	data, err := readInline(path)
	if err != nil {
		return nil, err
	}
	return audioPart(data, path)
}

// audioPart returns the part of audio whose content is data, read from path
// when path is not empty.
func audioPart(data []byte, path string) (*InputAudio, error) {
	what := "audio"
	if path != "" {
		what = "audio " + path
	}
	if err := checkInline(len(data), what); err != nil {
		return nil, err
	}
	format := audioFormat(data)
	if format == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".wav":
			format = "wav"
		case ".mp3":
			format = "mp3"
		default:
			return nil, fmt.Errorf("responses: %s is %s, not WAV or MP3 audio", what, http.DetectContentType(data))
		}
	}
	return &InputAudio{Audio: AudioData{Data: base64.StdEncoding.EncodeToString(data), Format: format}}, nil
}

// audioFormat sniffs WAV and MP3 content; "" for anything else.
func audioFormat(b []byte) string {
	switch {
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return "wav"
	case len(b) >= 3 && string(b[:3]) == "ID3",
		len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x18 != 0x08 && b[1]&0x06 != 0:
		// An MPEG audio frame: 11 sync bits, a valid version and layer.
		return "mp3"
	}
	return ""
}
