package responses_test

import (
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/respkit/respkit/responses"
)

const (
	pngHead  = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	jpegHead = "\xff\xd8\xff\xe0\x00\x10JFIF"
	gifHead  = "GIF89a\x01\x00\x01\x00"
	webpHead = "RIFF\x24\x00\x00\x00WEBPVP8 "
)

func TestImageBytes(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    string // the data URL's prefix
		wantErr string
	}{
		{"png", pngHead, "data:image/png;base64,", ""},
		{"jpeg", jpegHead, "data:image/jpeg;base64,", ""},
		{"gif", gifHead, "data:image/gif;base64,", ""},
		{"webp", webpHead, "data:image/webp;base64,", ""},
		{"text", "hello", "", "not a PNG, JPEG, GIF or WebP image"},
		{"pdf", "%PDF-1.7", "", "application/pdf, not a PNG"},
		{"empty", "", "", "image is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []struct {
				name string
				fn   func([]byte) (*responses.InputImage, error)
			}{
				{"ImageBytes", responses.ImageBytes},
				{"ImageReader", func(b []byte) (*responses.InputImage, error) {
					return responses.ImageReader(iotest.OneByteReader(strings.NewReader(string(b))))
				}},
			} {
				img, err := f.fn([]byte(tt.data))
				if tt.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
						t.Errorf("%s error = %v, want one containing %q", f.name, err, tt.wantErr)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				if !strings.HasPrefix(img.ImageURL, tt.want) || img.Detail != "auto" {
					t.Errorf("%s = %.40q detail %q, want prefix %q detail auto", f.name, img.ImageURL, img.Detail, tt.want)
				}
			}
		})
	}
}

func TestImageFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, data string
		want, wantErr    string
	}{
		{"sniffed", "photo.bin", pngHead, "data:image/png;base64,", ""},
		{"content wins over extension", "photo.jpg", pngHead, "data:image/png;base64,", ""},
		// A WebP without its VP8 chunk header is not sniffed: the extension tells.
		{"by extension", "photo.WEBP", "RIFF\x00\x00\x00\x00WEBP", "data:image/webp;base64,", ""},
		{"not an image", "notes.txt", "just text", "", "notes.txt is text/plain; charset=utf-8, not a PNG"},
		{"empty", "empty.png", "", "", "empty.png is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := responses.ImageFile(write(tt.file, tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(img.ImageURL, tt.want) {
				t.Errorf("ImageURL = %.40q, want prefix %q", img.ImageURL, tt.want)
			}
		})
	}
	if _, err := responses.ImageFile(filepath.Join(dir, "missing.png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error = %v, want one wrapping os.ErrNotExist", err)
	}
}

func TestImageReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	if _, err := responses.ImageReader(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("error = %v, want one wrapping the reader's", err)
	}
	big := io.MultiReader(strings.NewReader(pngHead), io.LimitReader(zeros{}, responses.MaxInlineSize))
	if _, err := responses.ImageReader(big); err == nil || !strings.Contains(err.Error(), "too large to send inline") {
		t.Errorf("too large: error = %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestFileBytes(t *testing.T) {
	tests := []struct {
		name, filename, data string
		want, wantErr        string
	}{
		{"pdf by extension", "report.pdf", "%PDF-1.7", "data:application/pdf;base64,JVBERi0xLjc=", ""},
		{"json by extension", "data.json", "{}", "data:application/json;base64,e30=", ""},
		{"sniffed", "notes.unknownext", "hello", "data:text/plain;charset=utf-8;base64,aGVsbG8=", ""},
		{"no filename", "", "x", "", "empty filename"},
		{"empty", "a.pdf", "", "", "file a.pdf is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := responses.FileBytes(tt.filename, []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.FileData != tt.want || f.Filename != tt.filename {
				t.Errorf("FileBytes = %q %q, want %q %q", f.Filename, f.FileData, tt.filename, tt.want)
			}
		})
	}
}

func TestFileFromPath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := responses.FileFromPath(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Filename != "report.pdf" || f.FileData != "data:application/pdf;base64,JVBERi0xLjc=" {
		t.Errorf("FileFromPath = %q %q", f.Filename, f.FileData)
	}
	if _, err := responses.FileFromPath(p + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error = %v", err)
	}
}

func TestAudioBytes(t *testing.T) {
	tests := []struct {
		name, data, format, wantErr string
	}{
		{"wav", "RIFF\x24\x00\x00\x00WAVEfmt ", "wav", ""},
		{"mp3 with an ID3 tag", "ID3\x04\x00\x00\x00\x00\x00\x00", "mp3", ""},
		{"mp3 frame", "\xff\xfb\x90\x64\x00", "mp3", ""},
		{"webp is not audio", webpHead, "", "not WAV or MP3 audio"},
		{"jpeg is not audio", jpegHead, "", "not WAV or MP3 audio"},
		{"text", "héllo 😀\n", "", "text/plain"},
		{"empty", "", "", "is empty"},
		{"too large", "RIFF\x24\x00\x00\x00WAVE" + strings.Repeat("x", responses.MaxInlineSize), "", "too large to send inline"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := responses.AudioBytes([]byte(tc.data))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Audio.Format != tc.format {
				t.Errorf("format %q, want %q", p.Audio.Format, tc.format)
			}
			if got, err := base64.StdEncoding.DecodeString(p.Audio.Data); err != nil || string(got) != tc.data {
				t.Errorf("data decodes to %q, %v", got, err)
			}
		})
	}
}

func TestAudioFile(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"a.wav":    "RIFF\x24\x00\x00\x00WAVEfmt ",
		"raw.mp3":  "\x00\x00\x00 headerless",
		"note.txt": "plain text",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ name, format, wantErr string }{
		{"a.wav", "wav", ""},
		{"raw.mp3", "mp3", ""}, // the extension decides
		{"note.txt", "", "not WAV or MP3 audio"},
		{"missing.wav", "", "no such file"},
	} {
		p, err := responses.AudioFile(filepath.Join(dir, tc.name))
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case p.Audio.Format != tc.format:
			t.Errorf("%s: format %q, want %q", tc.name, p.Audio.Format, tc.format)
		}
	}
}
