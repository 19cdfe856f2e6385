// Command wiregen writes wire_gen.go for the package in the current
// directory; see package wiregen. Run it with go generate.
package main

import (
	"log"
	"os"

	"github.com/respkit/respkit/internal/wiregen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("wiregen: ")
	src, err := wiregen.Generate(".")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(wiregen.Output, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
