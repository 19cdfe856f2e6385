// Inputs gives the model images and files along with the text of a
// message.
//
// It teaches:
//   - a message holds parts: responses.UserMessage(text, parts...);
//   - images: by URL (ImageURL), from a file (ImageFile), from bytes in
//     memory (ImageBytes) or from a reader (ImageReader). The bytes become
//     a data URL of the type sniffed from the content; Detail trades
//     precision for tokens;
//   - files, such as PDFs: from a path (FileFromPath) or from bytes
//     (FileBytes), sent inline with their name;
//   - the limits: at most 50 MB inline per request (MaxInlineSize), and
//     what to do with larger or repeated documents (package files).
//
// Run it with:
//
//	go run ./examples/inputs
package main

import (
	"cmp"
	"context"
	"embed"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// The example's files ship inside the program, so that it runs from any
// folder: a bar chart (chart.png), an invoice (invoice.pdf) and meeting
// notes (notes.txt).
//
//go:embed testdata
var testdata embed.FS

func main() {
	ctx := context.Background()
	var opts []client.Option
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := responsestest.NewServer()
		defer srv.Close()
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	c, err := client.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	rs := responses.New(c)
	model := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini")

	// A real program reads its user's files; here they are copied into a
	// temporary folder first.
	dir, err := os.MkdirTemp("", "inputs")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, testdata); err != nil {
		log.Fatal(err)
	}
	files := filepath.Join(dir, "testdata")

	ask := func(question string, parts ...responses.Part) {
		resp, err := rs.Create(ctx, &responses.Request{
			Model: model,
			Input: responses.Items(responses.UserMessage(question, parts...)),
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("  ", resp.OutputText())
	}

	fmt.Println("\n1. An image by URL: the API downloads it.")
	ask("What animal is this?", responses.ImageURL("https://raw.githubusercontent.com/golang-samples/gopher-vector/master/gopher.png"))

	fmt.Println("\n2. An image from a file: sent inline, its type sniffed (PNG here).")
	chart, err := responses.ImageFile(filepath.Join(files, "chart.png"))
	if err != nil {
		log.Fatal(err)
	}
	chart.Detail = responses.DetailLow // fewer tokens; enough for a simple chart
	ask("Which bar is the tallest?", chart)

	fmt.Println("\n3. An image your program draws, from a reader: no temporary file.")
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(png.Encode(pw, swatch())) }()
	drawn, err := responses.ImageReader(pr)
	if err != nil {
		log.Fatal(err)
	}
	ask("What colour is this?", drawn)

	fmt.Println("\n4. A PDF from a path, and text from memory: files keep their names.")
	invoice, err := responses.FileFromPath(filepath.Join(files, "invoice.pdf"))
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(files, "notes.txt"))
	if err != nil {
		log.Fatal(err)
	}
	notes, err := responses.FileBytes("notes.txt", data)
	if err != nil {
		log.Fatal(err)
	}
	ask("What is the invoice total, and when do we ship?", invoice, notes)

	fmt.Println("\n5. What is refused before anything is sent:")
	if _, err := responses.ImageBytes([]byte("%PDF-1.4 not an image")); err != nil {
		fmt.Println("  ", err)
	}
	if _, err := responses.FileBytes("empty.txt", nil); err != nil {
		fmt.Println("  ", err)
	}
	// Above 50 MB, or for a document sent again and again, upload it once
	// with the Files API and refer to it by id: files.Documents does both.
}

// swatch draws a small teal square.
func swatch() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = [4]uint8{0, 125, 156, 255}[i%4]
	}
	return img
}
