package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/openai/openai-go/v3"
	oairesponses "github.com/openai/openai-go/v3/responses"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/responses"
)

// invoice is the T of the batch benchmarks: a typical extraction target,
// with nested objects, a list and numbers.
type invoice struct {
	Number   string        `json:"number" jsonschema_description:"The invoice number, as printed"`
	Date     string        `json:"date" jsonschema_description:"The issue date, YYYY-MM-DD"`
	Vendor   party         `json:"vendor"`
	Customer party         `json:"customer"`
	Currency string        `json:"currency" jsonschema_description:"ISO 4217 code"`
	Lines    []invoiceLine `json:"lines"`
	Subtotal float64       `json:"subtotal"`
	Tax      float64       `json:"tax"`
	Total    float64       `json:"total"`
	Notes    string        `json:"notes" jsonschema_description:"Anything else the document says about payment"`
}

type party struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Country string `json:"country" jsonschema_description:"ISO 3166-1 alpha-2 code"`
	TaxID   string `json:"tax_id"`
}

type invoiceLine struct {
	Description string  `json:"description"`
	Quantity    float64 `json:"quantity"`
	UnitPrice   float64 `json:"unit_price"`
	Amount      float64 `json:"amount"`
}

const batchModel = "gpt-5-mini"

const batchInstructions = `You extract invoices for an accounts-payable system.
Read the document the user sends and return the invoice it describes.
- Copy names and addresses exactly as printed, with their accents and scripts.
- Dates as YYYY-MM-DD; amounts as numbers, without currency symbols.
- If a field is not in the document, return an empty string or 0; never guess.
- Put anything about payment terms, discounts or late fees in "notes".`

// batchLines is the number of distinct documents; line i of a benchmark
// uses document i % batchLines with its own custom id.
const batchLines = 1000

// batchDocs returns the documents: 1 to 2 KB of realisticText each (quotes,
// backslashes, newlines, tabs, accented letters, CJK, emoji), each cut
// from another place of it, under a header of its own.
var batchDocs = sync.OnceValue(func() []string {
	text := realisticText(256 << 10)
	r := rand.New(rand.NewPCG(5, 6))
	docs := make([]string, batchLines)
	for i := range docs {
		start := r.IntN(len(text) - 4096)
		end := start + 1024 + r.IntN(1024)
		for !utf8.RuneStart(text[start]) {
			start++
		}
		for !utf8.RuneStart(text[end]) {
			end++
		}
		docs[i] = fmt.Sprintf("INVOICE Nº %06d — Société Générale d'Équipement \"Ærø\"\n東京都千代田区 1-2-3\n\n", i) + text[start:end]
	}
	return docs
})

// respkitSource is the typed source of n extraction requests, as a user
// writes it: batch.Typed over the documents.
func respkitSource(tb testing.TB, n int) iter.Seq2[string, *responses.Request] {
	docs := batchDocs()
	src, err := batch.Typed[invoice](&responses.Request{Model: batchModel, Instructions: batchInstructions},
		func(yield func(string, responses.Input) bool) {
			for i := range n {
				if !yield(customID(i), responses.Text(docs[i%len(docs)])) {
					return
				}
			}
		})
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// customIDs are precomputed so that no approach pays for formatting them.
var customIDs = sync.OnceValue(func() []string {
	ids := make([]string, 100_000)
	for i := range ids {
		ids[i] = fmt.Sprintf("doc-%06d", i)
	}
	return ids
})

func customID(i int) string {
	if ids := customIDs(); i < len(ids) {
		return ids[i]
	}
	return fmt.Sprintf("doc-%06d", i)
}

// invoiceSchema returns the strict schema respkit sends for invoice, as
// openai-go's users hold it: a map, built once (with invopop/jsonschema
// in openai-go's examples; here the very same schema, for a fair
// comparison).
var invoiceSchema = sync.OnceValues(func() (map[string]any, error) {
	req, err := responses.ParseRequest[invoice](&responses.Request{Model: batchModel})
	if err != nil {
		return nil, err
	}
	b, err := req.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var v struct {
		Text struct {
			Format struct {
				Name   string         `json:"name"`
				Schema map[string]any `json:"schema"`
			} `json:"format"`
		} `json:"text"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return v.Text.Format.Schema, nil
})

// openaiLine is a batch input line written with openai-go's types.
type openaiLine struct {
	CustomID string                         `json:"custom_id"`
	Method   string                         `json:"method"`
	URL      string                         `json:"url"`
	Body     oairesponses.ResponseNewParams `json:"body"`
}

// writeOpenAILines writes n batch lines as an openai-go user would: a
// ResponseNewParams per document and a json.Encoder.
func writeOpenAILines(tb testing.TB, w io.Writer, n int) {
	docs := batchDocs()
	sch, err := invoiceSchema()
	if err != nil {
		tb.Fatal(err)
	}
	enc := json.NewEncoder(w)
	for i := range n {
		line := openaiLine{CustomID: customID(i), Method: "POST", URL: "/v1/responses", Body: oairesponses.ResponseNewParams{
			Model:        batchModel,
			Instructions: openai.String(batchInstructions),
			Input:        oairesponses.ResponseNewParamsInputUnion{OfString: openai.String(docs[i%len(docs)])},
			Text: oairesponses.ResponseTextConfigParam{Format: oairesponses.ResponseFormatTextConfigUnionParam{
				OfJSONSchema: &oairesponses.ResponseFormatTextJSONSchemaConfigParam{Name: "invoice", Schema: sch, Strict: openai.Bool(true)},
			}},
		}}
		if err := enc.Encode(&line); err != nil {
			tb.Fatal(err)
		}
	}
}

// countingWriter counts the bytes and lines written to it.
type countingWriter struct {
	bytes, lines int
	onLine       func(lines int)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.bytes += len(p)
	n := bytes.Count(p, []byte{'\n'})
	for range n {
		w.lines++
		if w.onLine != nil {
			w.onLine(w.lines)
		}
	}
	return len(p), nil
}

// BenchmarkBatchWrite writes batch input lines (an extraction request with
// instructions and a strict schema, and a 1-2 KB document) into a writer
// that discards them. An op is one line: -benchtime 100000x writes 100,000.
//
//   - source: iterating the typed source alone (batch.Typed), which every
//     respkit figure includes;
//   - encode: encoding each request alone (Request.MarshalJSON), the
//     floor of writing its line;
//   - respkit: batch.WriteLines, the line writer of Service.Upload;
//   - openai-go: a ResponseNewParams per line in a line struct, encoded
//     with encoding/json.
func BenchmarkBatchWrite(b *testing.B) {
	batchDocs()
	customIDs()
	b.Run("source", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for _, req := range respkitSource(b, b.N) {
			n += len(req.Model)
		}
		if n == 0 && b.N > 0 {
			b.Fatal("no requests")
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		size := 0
		for _, req := range respkitSource(b, b.N) {
			p, err := req.MarshalJSON()
			if err != nil {
				b.Fatal(err)
			}
			size += len(p)
		}
		b.ReportMetric(float64(size)/float64(b.N), "B/line")
	})
	b.Run("respkit", func(b *testing.B) {
		b.ReportAllocs()
		w := &countingWriter{}
		n, err := batch.WriteLines(w, respkitSource(b, b.N))
		if err != nil || n != b.N {
			b.Fatal(n, err)
		}
		b.ReportMetric(float64(w.bytes)/float64(b.N), "B/line")
	})
	b.Run("openai-go", func(b *testing.B) {
		b.ReportAllocs()
		w := &countingWriter{}
		writeOpenAILines(b, w, b.N)
		if w.lines != b.N {
			b.Fatal(w.lines)
		}
		b.ReportMetric(float64(w.bytes)/float64(b.N), "B/line")
	})
}

// TestBatchWriteMemory writes 100,000 lines and compares the live heap at
// line 10,000 and line 100,000: the writer holds one line at a time.
func TestBatchWriteMemory(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	batchDocs()
	customIDs()
	heap := map[int]int64{}
	w := &countingWriter{onLine: func(lines int) {
		if lines == n/10 || lines == n {
			heap[lines] = liveHeap()
		}
	}}
	if _, err := batch.WriteLines(w, respkitSource(t, n)); err != nil {
		t.Fatal(err)
	}
	growth := heap[n] - heap[n/10]
	t.Logf("live heap at line %d: %d B, at line %d: %d B (%+d B); a line is %d B", n/10, heap[n/10], n, heap[n], growth, w.bytes/n)
	if growth > 64<<10 {
		t.Errorf("the live heap grew by %d B from line %d to %d; want at most 64 KiB", growth, n/10, n)
	}
}

// TestBatchWriteSameLines checks that the two ways of writing a line send
// the same request.
func TestBatchWriteSameLines(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := batch.WriteLines(&a, respkitSource(t, 3)); err != nil {
		t.Fatal(err)
	}
	writeOpenAILines(t, &b, 3)
	la, lb := strings.Split(a.String(), "\n"), strings.Split(b.String(), "\n")
	for i := range 3 {
		var va, vb any
		if err := json.Unmarshal([]byte(la[i]), &va); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(lb[i]), &vb); err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(va)
		jb, _ := json.Marshal(vb)
		if !bytes.Equal(ja, jb) {
			t.Errorf("line %d differs:\nrespkit   %s\nopenai-go %s", i, ja, jb)
		}
	}
}

// resultBlock returns batchLines output file lines: for each document a
// completed response, shaped as the API returns it for a structured output
// request (the settings, the instructions and the schema echoed, a
// reasoning item, usage), whose output text is the JSON of an invoice.
var resultBlock = sync.OnceValues(func() ([]byte, error) {
	sch, err := invoiceSchema()
	if err != nil {
		return nil, err
	}
	docs := batchDocs()
	r := rand.New(rand.NewPCG(7, 8))
	var buf bytes.Buffer
	for i, doc := range docs {
		v := invoice{
			Number: fmt.Sprintf("INV-%06d", i), Date: fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)),
			Vendor:   party{Name: "Société Générale d'Équipement \"Ærø\"", Address: "東京都千代田区 1-2-3", Country: "JP", TaxID: "T1234567890123"},
			Customer: party{Name: "Müller & Søn GmbH 🚀", Address: "Königsallee 12\n40212 Düsseldorf", Country: "DE", TaxID: "DE123456789"},
			Currency: "EUR",
			Notes:    doc[len(doc)-200:],
		}
		for !utf8.ValidString(v.Notes) {
			v.Notes = v.Notes[1:]
		}
		for j := range 2 + r.IntN(5) {
			q, p := float64(1+r.IntN(20)), float64(r.IntN(100000))/100
			v.Lines = append(v.Lines, invoiceLine{Description: fmt.Sprintf("Article %d — “%s” (東京)", j, words[r.IntN(len(words))]), Quantity: q, UnitPrice: p, Amount: q * p})
			v.Subtotal += q * p
		}
		v.Tax = v.Subtotal * 0.2
		v.Total = v.Subtotal + v.Tax
		text, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		body, err := json.Marshal(map[string]any{
			"id": fmt.Sprintf("resp_%050x", i), "object": "response", "created_at": 1779157193, "status": "completed",
			"background": false, "billing": map[string]any{"payer": "developer"}, "completed_at": 1779157194 + i%60,
			"error": nil, "frequency_penalty": 0.0, "incomplete_details": nil, "instructions": batchInstructions,
			"max_output_tokens": nil, "max_tool_calls": nil, "metadata": map[string]any{}, "model": "gpt-5-mini-2025-08-07",
			"moderation": nil,
			"output": []any{
				map[string]any{"id": fmt.Sprintf("rs_%050x", i), "type": "reasoning", "summary": []any{}},
				map[string]any{"id": fmt.Sprintf("msg_%050x", i), "type": "message", "status": "completed", "role": "assistant", "phase": "final_answer",
					"content": []any{map[string]any{"type": "output_text", "annotations": []any{}, "logprobs": []any{}, "text": string(text)}}},
			},
			"parallel_tool_calls": true, "presence_penalty": 0.0, "previous_response_id": nil, "prompt_cache_key": nil,
			"prompt_cache_retention": "in_memory", "reasoning": map[string]any{"effort": "medium", "summary": nil},
			"safety_identifier": nil, "service_tier": "default", "store": true, "temperature": 1.0,
			"text":        map[string]any{"format": map[string]any{"type": "json_schema", "name": "invoice", "description": nil, "schema": sch, "strict": true}, "verbosity": "medium"},
			"tool_choice": "auto", "tools": []any{}, "top_logprobs": 0, "top_p": 1.0, "truncation": "disabled", "user": nil,
			"usage": map[string]any{"input_tokens": 812 + r.IntN(400), "input_tokens_details": map[string]any{"cached_tokens": 512},
				"output_tokens": 400 + r.IntN(400), "output_tokens_details": map[string]any{"reasoning_tokens": 192}, "total_tokens": 1600},
		})
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, `{"id":"batch_req_%032x","custom_id":%q,"response":{"status_code":200,"request_id":"req_%032x","body":%s},"error":null}`+"\n",
			i, customID(i), i, body)
	}
	return buf.Bytes(), nil
})

// resultFile returns a reader of an output file of n lines: the lines of
// resultBlock, over and over.
func resultFile(tb testing.TB, n int) io.Reader {
	block, err := resultBlock()
	if err != nil {
		tb.Fatal(err)
	}
	var rs []io.Reader
	for ; n >= batchLines; n -= batchLines {
		rs = append(rs, bytes.NewReader(block))
	}
	end := 0
	for range n {
		end += bytes.IndexByte(block[end:], '\n') + 1
	}
	return io.MultiReader(append(rs, bytes.NewReader(block[:end]))...)
}

// openaiResult is an output file line, as an openai-go user declares it.
type openaiResult struct {
	ID       string `json:"id"`
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int                   `json:"status_code"`
		RequestID  string                `json:"request_id"`
		Body       oairesponses.Response `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// readOpenAIResults reads an output file as an openai-go user would: a
// bufio.Scanner with room for long lines, encoding/json into openai-go's
// Response, its OutputText, and encoding/json into T. It calls fn with
// each custom id and value.
func readOpenAIResults(r io.Reader, fn func(id string, v *invoice)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), batch.MaxResultLine)
	for sc.Scan() {
		var line openaiResult
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return err
		}
		if line.Response == nil || line.Response.StatusCode != 200 {
			return fmt.Errorf("%s failed", line.CustomID)
		}
		var v invoice
		if err := json.Unmarshal([]byte(line.Response.Body.OutputText()), &v); err != nil {
			return fmt.Errorf("%s: %w", line.CustomID, err)
		}
		fn(line.CustomID, &v)
	}
	return sc.Err()
}

// BenchmarkBatchResults reads an output file into invoices. An op is one
// line: -benchtime 100000x reads 100,000.
//
//   - respkit: batch.ReadResults, the path of batch.Results (a line
//     reader, and each response decoded as responses.Parse decodes it);
//   - openai-go: readOpenAIResults.
func BenchmarkBatchResults(b *testing.B) {
	block, err := resultBlock()
	if err != nil {
		b.Fatal(err)
	}
	lineSize := float64(len(block)) / batchLines
	b.Run("respkit", func(b *testing.B) {
		r := resultFile(b, b.N)
		b.ReportAllocs()
		b.ResetTimer()
		n, lines := 0, 0
		for res, err := range batch.ReadResults[invoice](r) {
			if err != nil || res.Err != nil {
				b.Fatal(err, res.Err)
			}
			n += len(res.Value.Lines)
			lines++
		}
		if lines != b.N || n == 0 && b.N > 0 {
			b.Fatal(lines, n)
		}
		b.ReportMetric(lineSize, "B/line")
	})
	b.Run("openai-go", func(b *testing.B) {
		r := resultFile(b, b.N)
		b.ReportAllocs()
		b.ResetTimer()
		n, lines := 0, 0
		err := readOpenAIResults(r, func(_ string, v *invoice) {
			n += len(v.Lines)
			lines++
		})
		if err != nil || lines != b.N || n == 0 && b.N > 0 {
			b.Fatal(err, lines, n)
		}
		b.ReportMetric(lineSize, "B/line")
	})
}

// TestBatchResultsAgree checks that both readers decode the same values.
func TestBatchResultsAgree(t *testing.T) {
	want := map[string]invoice{}
	if err := readOpenAIResults(resultFile(t, 20), func(id string, v *invoice) { want[id] = *v }); err != nil {
		t.Fatal(err)
	}
	n := 0
	for r, err := range batch.ReadResults[invoice](resultFile(t, 20)) {
		if err != nil || r.Err != nil {
			t.Fatal(err, r.Err)
		}
		w := want[r.CustomID]
		a, _ := json.Marshal(r.Value)
		b, _ := json.Marshal(w)
		if !bytes.Equal(a, b) || len(w.Lines) == 0 {
			t.Errorf("%s: respkit %s, openai-go %s", r.CustomID, a, b)
		}
		n++
	}
	if n != 20 || len(want) != 20 {
		t.Errorf("%d and %d results, want 20", n, len(want))
	}
}
