// A tiny OpenAI-compatible chat-completions server on 127.0.0.1 for the ACP tests: it streams Server-Sent Events
// the way OpenAI does, and the test decides each answer from the last user message.
import http from 'node:http';

let counter = 0;

/**
 * Starts the server. `answer(request)` receives the parsed request body and returns the steps of the answer:
 * { text }, { toolCall: { name, args } }, { hold: true } (stream nothing more until the client disconnects).
 * Title requests (not streamed) are answered with `title`.
 */
export async function startFakeOpenAI({ answer, title = 'Fake chat title' }) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    if (req.method === 'GET' && req.url.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'tests' }] }));
      return;
    }

    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw);
    requests.push(body);
    const id = `chatcmpl-${++counter}`;
    const created = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id, object: 'chat.completion', created, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: title }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      }));
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (delta, finish = null) => res.write(`data: ${JSON.stringify({
      id, object: 'chat.completion.chunk', created, model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`);
    send({ role: 'assistant', content: '' });
    let finish = 'stop';
    let toolIndex = 0;
    for (const step of answer(body)) {
      if (step.text !== undefined) {
        send({ content: step.text });
      } else if (step.toolCall) {
        finish = 'tool_calls';
        send({ tool_calls: [{ index: toolIndex, id: `call_${counter}_${toolIndex}`, type: 'function', function: { name: step.toolCall.name, arguments: JSON.stringify(step.toolCall.args ?? {}) } }] });
        toolIndex++;
      } else if (step.hold) {
        // Keep the stream open until the agent gives up on it (a cancelled turn closes the connection).
        await new Promise((resolve) => req.socket.once('close', resolve));
        return;
      }
    }

    send({}, finish);
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } })}\n\n`);
    res.end('data: [DONE]\n\n');
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** The text of the last user message of a chat-completions request. */
export function lastUserText(body) {
  const last = [...body.messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string' ? last.content : last.content.filter((p) => p.type === 'text').map((p) => p.text).join('\n');
}

/** Whether the request ends with tool results (the agent loop's next call). */
export function endsWithToolResults(body) {
  return body.messages.at(-1)?.role === 'tool';
}
