package responses_test

import (
	"fmt"
	"log"

	"github.com/respkit/respkit/responses"
)

func ExampleImageBytes() {
	png := []byte("\x89PNG\r\n\x1a\n") // the start of a PNG, as os.ReadFile would return it
	img, err := responses.ImageBytes(png)
	if err != nil {
		log.Fatal(err)
	}
	img.Detail = "high"
	msg := responses.UserMessage("What is in this picture?", img)
	fmt.Println(img.ImageURL)
	fmt.Println(len(msg.Content), "parts")
	// Output:
	// data:image/png;base64,iVBORw0KGgo=
	// 2 parts
}

func ExampleFileBytes() {
	f, err := responses.FileBytes("report.pdf", []byte("%PDF-1.7"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Filename, f.FileData)
	// Output:
	// report.pdf data:application/pdf;base64,JVBERi0xLjc=
}
