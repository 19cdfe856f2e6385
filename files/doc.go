// Package files is the OpenAI Files API (/files): uploads streamed from an
// io.Reader, file metadata, listing, deletion and downloads streamed as
// they arrive; and [Documents], which turns long documents into the
// input_file parts of the Responses API.
//
// # A complete program
//
// The program below sends a contract to a model, inline when it is small
// and uploaded once when it is not, and then lists the files it uploaded:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//		"os"
//
//		"github.com/respkit/respkit/client"
//		"github.com/respkit/respkit/files"
//		"github.com/respkit/respkit/responses"
//	)
//
//	func main() {
//		ctx := context.Background()
//		c, err := client.New() // OPENAI_API_KEY from the environment
//		if err != nil {
//			log.Fatal(err)
//		}
//		fs := files.New(c)
//		docs := &files.Documents{Files: fs, Cache: new(files.MemoryCache)}
//		part, err := docs.FromPath(ctx, os.Args[1]) // such as contract.pdf
//		if err != nil {
//			log.Fatal(err)
//		}
//		resp, err := responses.New(c).Create(ctx, &responses.Request{
//			Model: "gpt-5-mini",
//			Input: responses.Input{responses.UserMessage("List the parties to this contract.", part)},
//		})
//		if err != nil {
//			log.Fatal(err) // a *client.APIError for an API error
//		}
//		fmt.Println(resp.OutputText())
//
//		for f, err := range fs.List(ctx, &files.ListOptions{Purpose: files.PurposeUserData}) {
//			if err != nil {
//				log.Fatal(err)
//			}
//			fmt.Println(f.ID, f.Filename, f.Bytes)
//		}
//	}
//
// # Uploads and downloads
//
// [Service.Get], [Service.List], [Service.Content] and [Service.Delete]
// take per-call options ([client.Option]) after their arguments; for
// uploads, make the Service with a client from [client.Client.With].
//
// [Service.Upload] writes the multipart/form-data body around the caller's
// reader as the reader is read, so that a file of any size (the API takes
// up to 512 MB) costs a few buffers of memory. A reader that is an
// [io.Seeker], such as an *os.File, is sent with its length and retried
// like any call; any other reader is sent in chunks, once. The purpose
// says what the file is for ([PurposeBatch] for Batch API input,
// [PurposeUserData] for model input, …); [WithExpiresAfter] makes it
// expire.
//
// [Service.Content] returns the content of a file as an open stream, such
// as the output file of a batch to read line by line. [Service.List] is an
// iterator over every file, fetching the pages as the loop needs them.
//
// An error from the API is a *[client.APIError]: errors.Is(err,
// client.ErrNotFound) reports an unknown file id.
//
// # Long documents
//
// A document reaches a model as a [responses.InputFile] part, either inline
// as a base64 data URL or by the id of an uploaded file. [Documents]
// chooses by size: up to InlineLimit ([DefaultInlineLimit], 1 MiB) inline,
// above it uploaded with purpose user_data. An inline document is sent,
// a third larger, with every request that holds it; an uploaded one is
// sent once. With a [Cache] (such as [MemoryCache]) keyed by the SHA-256 of
// the content, a document used by many requests is uploaded once, even by
// concurrent calls.
package files
