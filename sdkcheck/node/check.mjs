// check.mjs holds the official Node SDK (the openai package) to the fake
// Responses API of responsestest, as sdkcheck's Go tests hold openai-go to
// it. run.sh starts the fake and runs it with OPENAI_BASE_URL set; each
// check prints "ok" or "FAIL" with the reason, and the last line counts
// them. The checks that need replies scripted into the fake (a 429 that is
// retried, fixed texts) are the Go tests' alone: this script sees the fake
// from outside, answered by its default model.
import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';

const model = 'gpt-5-mini';
const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: 'sk-sdkcheck' });

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push(false);
    console.log(`FAIL ${name}: ${err instanceof CheckError ? err.message : err?.stack ?? err}`);
  }
}

// A CheckError is a failed check, reported by its message alone.
class CheckError extends Error {}

function assert(cond, msg) {
  if (!cond) throw new CheckError(msg);
}

function checkUsage(usage) {
  assert(usage, 'usage is missing');
  assert(usage.input_tokens_details?.cached_tokens !== undefined,
    `usage.input_tokens_details.cached_tokens is missing: ${JSON.stringify(usage)}`);
  assert(usage.output_tokens_details?.reasoning_tokens !== undefined,
    `usage.output_tokens_details.reasoning_tokens is missing: ${JSON.stringify(usage)}`);
  assert(usage.input_tokens > 0 && usage.output_tokens > 0 &&
    usage.total_tokens === usage.input_tokens + usage.output_tokens,
    `usage counts do not add up: ${JSON.stringify(usage)}`);
}

// apiError awaits p and returns the APIError it fails with, checking its
// status, that its body was the API's JSON error, and its request id.
async function apiError(p, status) {
  let err;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  assert(err, `no error, want an APIError with status ${status}`);
  assert(err instanceof OpenAI.APIError, `error ${err} is not an OpenAI.APIError`);
  assert(err.status === status, `status ${err.status}, want ${status}: ${err.message}`);
  assert(err.error && typeof err.error.message === 'string' && err.error.message !== '',
    `the error body is not the API's JSON error: ${JSON.stringify(err.error)}`);
  assert(err.requestID, 'the error has no x-request-id');
  return err;
}

// The members of a response body: those in at least 90% of the recorded
// responses must be there, and none that no recording has.
const conformance = process.env.CONFORMANCE_DIR ??
  path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'conformance');
let required, allowed;
if (fs.existsSync(path.join(conformance, 'responses'))) {
  const count = new Map();
  let n = 0;
  for (const f of fs.readdirSync(path.join(conformance, 'responses'))) {
    if (!f.endsWith('.json')) continue;
    const body = JSON.parse(fs.readFileSync(path.join(conformance, 'responses', f), 'utf8'));
    if (body.object !== 'response') continue;
    n++;
    for (const k of Object.keys(body)) count.set(k, (count.get(k) ?? 0) + 1);
  }
  required = [...count].filter(([, c]) => c * 10 >= n * 9).map(([k]) => k);
  allowed = new Set(count.keys());
} else {
  console.log(`note: no conformance data at ${conformance}: the member checks are skipped`);
}
const bodies = [];
function members(name, body) {
  bodies.push([name, body]);
}

const text = (input) => ({ model, input });

await check('create: text input', async () => {
  const resp = await client.responses.create(text('Say hello.'));
  members('create', resp);
  assert(resp.object === 'response' && resp.id && resp.model === model, `object ${resp.object}, id ${resp.id}, model ${resp.model}`);
  assert(resp.status === 'completed', `status ${resp.status}`);
  assert(resp.output_text, 'output_text is empty');
  checkUsage(resp.usage);
});

await check('create: message array, instructions, metadata', async () => {
  const resp = await client.responses.create({
    model,
    instructions: 'Answer in one word.',
    metadata: { run: 'sdkcheck' },
    input: [
      { role: 'developer', content: 'You are terse.' },
      { role: 'user', content: 'What is the capital of France?' },
    ],
  });
  assert(resp.instructions === 'Answer in one word.', `instructions ${JSON.stringify(resp.instructions)}`);
  assert(resp.metadata?.run === 'sdkcheck', `metadata ${JSON.stringify(resp.metadata)}`);
  assert(resp.output_text, 'output_text is empty');
  checkUsage(resp.usage);
});

await check('stream: events', async () => {
  const stream = await client.responses.create({ ...text('Tell me about streams.'), stream: true });
  const evs = [];
  for await (const ev of stream) evs.push(ev);
  assert(evs.length >= 4, `${evs.length} events`);
  assert(evs[0].type === 'response.created' && evs[1].type === 'response.in_progress', `first events ${evs[0].type}, ${evs[1].type}`);
  evs.forEach((ev, i) => assert(ev.sequence_number === i, `event ${i} (${ev.type}) has sequence_number ${ev.sequence_number}`));
  const last = evs.at(-1);
  assert(last.type === 'response.completed', `last event ${last.type}`);
  const deltas = evs.filter((ev) => ev.type === 'response.output_text.delta').map((ev) => ev.delta).join('');
  const done = last.response.output.flatMap((it) => it.content ?? []).map((c) => c.text ?? '').join('');
  assert(deltas === done && deltas !== '', `deltas ${JSON.stringify(deltas)}, completed text ${JSON.stringify(done)}`);
  for (const ev of evs.slice(0, 2)) members(`stream ${ev.type}`, ev.response);
  members('stream response.completed', last.response);
  checkUsage(last.response.usage);
});

await check('stream: accumulated by responses.stream', async () => {
  const stream = client.responses.stream(text('Tell me about streams.'));
  let deltas = '';
  stream.on('response.output_text.delta', (ev) => { deltas += ev.delta; });
  const resp = await stream.finalResponse();
  assert(resp.status === 'completed', `status ${resp.status}`);
  assert(resp.output_text === deltas && deltas !== '', `output_text ${JSON.stringify(resp.output_text)}, deltas ${JSON.stringify(deltas)}`);
});

await check('get, delete, then get is 404', async () => {
  const created = await client.responses.create(text('Keep this.'));
  const got = await client.responses.retrieve(created.id);
  members('get', got);
  assert(got.id === created.id && got.status === 'completed', `get: id ${got.id}, status ${got.status}`);
  await client.responses.delete(created.id);
  const err = await apiError(client.responses.retrieve(created.id), 404);
  assert(err.error.message === `Response with id '${created.id}' not found.`, `message ${err.error.message}`);
});

await check('cancel a background response', async () => {
  const bg = await client.responses.create({ ...text('Take your time.'), background: true, store: true });
  members('background', bg);
  assert(bg.status === 'queued' || bg.status === 'in_progress', `a new background response is ${bg.status}`);
  const cancelled = await client.responses.cancel(bg.id);
  members('cancel', cancelled);
  assert(cancelled.status === 'cancelled', `cancel: status ${cancelled.status}`);
  const got = await client.responses.retrieve(bg.id);
  assert(got.status === 'cancelled', `get after cancel: status ${got.status}`);
});

await check('resume a background stream with starting_after', async () => {
  const after = 3;
  const stream = await client.responses.create({ ...text('Go on.'), background: true, store: true, stream: true });
  let id;
  for await (const ev of stream) {
    if (ev.type === 'response.created') id = ev.response.id;
    if (ev.sequence_number === after) break; // the connection is lost here
  }
  assert(id, 'no response.created event');
  const resumed = await client.responses.retrieve(id, { stream: true, starting_after: after });
  const evs = [];
  for await (const ev of resumed) evs.push(ev);
  assert(evs.length > 0, 'the resumed stream is empty');
  evs.forEach((ev, i) => assert(ev.sequence_number === after + 1 + i, `event ${i} (${ev.type}) has sequence_number ${ev.sequence_number}, want ${after + 1 + i}`));
  assert(evs.at(-1).type === 'response.completed', `last event ${evs.at(-1).type}`);
  assert(evs.at(-1).response.id === id, 'the completed response has another id');
});

await check('input items: auto-paging to the end', async () => {
  const n = 5;
  const input = Array.from({ length: n }, (_, i) => ({ role: 'user', content: `message ${i}` }));
  const resp = await client.responses.create({ model, input });
  const texts = [];
  for await (const it of client.responses.inputItems.list(resp.id, { limit: 2, order: 'asc' })) {
    assert(it.id, `item ${texts.length} has no id`);
    assert(Array.isArray(it.content) && it.content[0]?.type === 'input_text',
      `item ${texts.length} is not listed as the API lists a message: ${JSON.stringify(it)}`);
    texts.push(it.content[0].text);
    assert(texts.length <= 2 * n, 'the pager does not end (has_more never false?)');
  }
  assert(texts.length === n, `listed ${texts.length} items`);
  texts.forEach((t, i) => assert(t === `message ${i}`, `item ${i} = ${JSON.stringify(t)}`));
});

const convo = [
  { role: 'user', content: 'Remember that the sky is blue.' },
  { role: 'assistant', content: 'I will remember.' },
];

await check('compact', async () => {
  const resp = await client.responses.compact({ model, input: convo });
  assert(resp.object === 'response.compaction' && resp.id, `object ${resp.object}`);
  assert(resp.output.some((it) => it.type === 'compaction' && it.encrypted_content), `no compaction item: ${JSON.stringify(resp.output)}`);
});

await check('input tokens: count', async () => {
  const resp = await client.responses.inputTokens.count({ model, input: convo });
  assert(resp.object === 'response.input_tokens' && resp.input_tokens > 0, JSON.stringify(resp));
});

// Every refusal of the API, refused alike: status 400, and where the API's
// words are known, its code, param and message.
const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`key${i}`, 'v']));
const refusals = [
  { name: 'unknown parameter', body: { temprature: 0.5 }, code: 'unknown_parameter', param: ['temprature'], message: "Unknown parameter: 'temprature'." },
  { name: 'wrong type', body: { max_output_tokens: '500' }, code: 'invalid_type', param: ['max_output_tokens'], message: "Invalid type for 'max_output_tokens': expected an integer, but got a string instead." },
  { name: 'invalid enum value', body: { truncation: 'sometimes' }, code: 'invalid_value', param: ['truncation'], prefix: "Invalid value: 'sometimes'. Supported values are: " },
  { name: 'invalid item type', body: { input: [{ type: 'bogus_item', content: 'Hi' }] }, code: 'invalid_value', param: ['input[0]', 'input[0].type'], prefix: "Invalid value: 'bogus_item'. Supported values are: " },
  { name: 'function_call_output with an unknown call_id', body: { input: [{ type: 'function_call_output', call_id: 'call_unknown', output: '42' }] }, param: ['input'], message: 'No tool call found for function call output with call_id call_unknown.' },
  { name: 'unknown previous_response_id', body: { previous_response_id: 'resp_unknown' }, param: ['previous_response_id'], message: "Previous response with id 'resp_unknown' not found." },
  { name: 'previous_response_id with conversation', body: { previous_response_id: 'resp_unknown', conversation: 'conv_unknown' }, param: [null, '', 'previous_response_id', 'conversation'] },
  { name: 'missing model', body: { model: undefined }, param: ['model'], message: "Missing required parameter: 'model'." },
  { name: 'metadata with 17 keys', body: { metadata: tooMany }, param: ['metadata'] },
  { name: 'metadata value of 600 characters', body: { metadata: { note: 'x'.repeat(600) } }, param: ['metadata', 'metadata.note'] },
  { name: 'stream_options without stream', body: { stream_options: { include_obfuscation: false } }, param: ['stream_options', 'stream'] },
  { name: 'background with store false', body: { background: true, store: false }, param: ['background', 'store'] },
];
for (const r of refusals) {
  await check(`refusal: ${r.name}`, async () => {
    const body = { ...text('Hello'), ...r.body };
    const err = await apiError(client.responses.create(body), 400);
    assert(err.type === 'invalid_request_error', `type ${err.type}`);
    if (r.code) assert(err.code === r.code, `code ${err.code}, want ${r.code}`);
    assert(r.param.includes(err.param), `param ${err.param}, want one of ${JSON.stringify(r.param)}`);
    if (r.message) assert(err.error.message === r.message, `message ${JSON.stringify(err.error.message)}, want ${JSON.stringify(r.message)}`);
    if (r.prefix) assert(err.error.message.startsWith(r.prefix), `message ${JSON.stringify(err.error.message)}, want it to start with ${JSON.stringify(r.prefix)}`);
  });
}

for (const [method, route] of [['get', '/models'], ['post', '/chat/completions'], ['get', '/responses/resp_1/unknown'], ['post', '/unknown']]) {
  await check(`unserved route: ${method.toUpperCase()} ${route} is a JSON 404`, async () => {
    const err = await apiError(client[method](route, method === 'post' ? { body: {} } : {}), 404);
    assert(err.type, `the 404 has no error type: ${JSON.stringify(err.error)}`);
  });
}

if (required) {
  for (const [name, body] of bodies) {
    await check(`members: ${name}`, async () => {
      const missing = required.filter((k) => !(k in body));
      const extra = Object.keys(body).filter((k) => !allowed.has(k) && k !== 'output_text');
      assert(missing.length === 0 && extra.length === 0,
        `missing ${JSON.stringify(missing)} (the API always sends them), unknown ${JSON.stringify(extra)}`);
    });
  }
}

const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
