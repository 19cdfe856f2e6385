package bench

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// words make the generated text look like prose, with the escapes (quotes,
// newlines, non-ASCII) that real model output has.
var words = strings.Fields(`the a model response streams typed events while Go services
decode JSON quickly and "quote" résumé naïve café — “typographic” 東京 data latency
throughput retries backoff schema strict tool call function arguments output input
reasoning summary citation annotation token usage cache context window parse`)

// realWords are the words of realisticText: prose with the characters that
// JSON escapes (quotes, backslashes, tabs) or that take several bytes
// (accented letters, CJK, emoji).
var realWords = strings.Fields(`The model said "yes" and the user wrote C:\Users\ana\notes.txt
résumé naïve café Ærøskøbing Ελληνικά русский текст 東京 日本語の文章 中文内容 한국어 🙂 🚀 👍🏽
“typographic” ‘quotes’ — en–dash … data latency throughput retries backoff schema
strict tool call function arguments output input reasoning summary citation token`)

// realisticText returns at least n bytes of generated prose that needs
// escaping in JSON: sentences of realWords, with tabs, newlines and
// paragraphs. It is the same on every call.
func realisticText(n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.Grow(n + 64)
	for b.Len() < n {
		if b.Len() > 0 {
			switch r.IntN(16) {
			case 0:
				b.WriteString(".\n\n")
			case 1:
				b.WriteString(",\n\t")
			case 2:
				b.WriteString("\t")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(realWords[r.IntN(len(realWords))])
	}
	return b.String()
}

func prose(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			if r.IntN(12) == 0 {
				b.WriteString(".\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// largeResponse returns the JSON of a completed response of at least size
// bytes, shaped like a real one: reasoning items with encrypted content,
// messages with citations, function calls and web searches, in turn, and
// the settings the API echoes.
func largeResponse(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var output []any
	n := 0
	for i := 0; n < size; i++ {
		var item map[string]any
		switch i % 4 {
		case 0:
			enc := make([]byte, 1200)
			for j := range enc {
				enc[j] = byte(r.IntN(256))
			}
			item = map[string]any{"id": fmt.Sprintf("rs_%048x", i), "type": "reasoning",
				"summary":           []any{map[string]any{"type": "summary_text", "text": prose(r, 300)}},
				"encrypted_content": "gAAAAAB" + base64.URLEncoding.EncodeToString(enc)}
		case 1:
			text := prose(r, 3000)
			var ann []any
			for j := range 3 {
				ann = append(ann, map[string]any{"type": "url_citation", "start_index": j * 100, "end_index": j*100 + 80,
					"title": prose(r, 40), "url": fmt.Sprintf("https://example.com/articles/%d/%d?utm_source=openai", i, j)})
			}
			item = map[string]any{"id": fmt.Sprintf("msg_%048x", i), "type": "message", "status": "completed", "role": "assistant",
				"content": []any{map[string]any{"type": "output_text", "annotations": ann, "logprobs": []any{}, "text": text}}}
		case 2:
			args, _ := json.Marshal(map[string]any{"city": prose(r, 12), "days": r.IntN(14), "units": "metric", "notes": prose(r, 300)})
			item = map[string]any{"id": fmt.Sprintf("fc_%048x", i), "type": "function_call", "status": "completed",
				"arguments": string(args), "call_id": fmt.Sprintf("call_%024x", i), "name": "get_forecast"}
		case 3:
			var sources []any
			for j := range 4 {
				sources = append(sources, map[string]any{"type": "url", "url": fmt.Sprintf("https://example.org/%d/%d", i, j)})
			}
			item = map[string]any{"id": fmt.Sprintf("ws_%048x", i), "type": "web_search_call", "status": "completed",
				"action": map[string]any{"type": "search", "query": prose(r, 60), "sources": sources}}
		}
		b, _ := json.Marshal(item)
		n += len(b)
		output = append(output, item)
	}
	params := json.RawMessage(`{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"integer"},"units":{"type":"string","enum":["metric","imperial"]},"notes":{"type":"string"}},"required":["city","days","units","notes"],"additionalProperties":false}`)
	resp := map[string]any{
		"id": "resp_0123456789abcdef0123456789abcdef0123456789abcdef", "object": "response", "created_at": 1764201600,
		"status": "completed", "background": false, "billing": map[string]any{"payer": "developer"}, "completed_at": 1764201642,
		"error": nil, "incomplete_details": nil, "instructions": nil, "max_output_tokens": nil, "max_tool_calls": nil,
		"model": "gpt-5-2025-08-07", "output": output, "parallel_tool_calls": true, "previous_response_id": nil,
		"prompt_cache_key": nil, "prompt_cache_retention": nil, "reasoning": map[string]any{"effort": "medium", "summary": "auto"},
		"safety_identifier": nil, "service_tier": "default", "store": true, "temperature": 1.0,
		"text": map[string]any{"format": map[string]any{"type": "text"}, "verbosity": "medium"}, "tool_choice": "auto",
		"tools": []any{
			map[string]any{"type": "function", "name": "get_forecast", "description": "Weather forecast", "parameters": params, "strict": true},
			map[string]any{"type": "web_search", "filters": nil, "search_context_size": "medium", "user_location": map[string]any{"type": "approximate", "city": nil, "country": "US", "region": nil, "timezone": nil}},
		},
		"top_logprobs": 0, "top_p": 1.0, "truncation": "disabled", "user": nil, "metadata": map[string]any{},
		"usage": map[string]any{"input_tokens": 81234, "input_tokens_details": map[string]any{"cached_tokens": 4096},
			"output_tokens": 262144, "output_tokens_details": map[string]any{"reasoning_tokens": 65536}, "total_tokens": 343378},
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(err)
	}
	return b
}
