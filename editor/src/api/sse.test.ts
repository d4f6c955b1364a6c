import { describe, expect, it } from 'vitest';
import { createSseParser, readEventStream, type SseEvent } from './sse.ts';

function parse(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('createSseParser', () => {
  it('dispatches a named event with its JSON data at the blank line', () => {
    expect(parse(['event: delta\ndata: {"text":"Hi"}\n\n'])).toEqual([
      { event: 'delta', data: '{"text":"Hi"}', id: undefined },
    ]);
  });

  it('defaults the event name to "message" and joins data lines with a newline', () => {
    expect(parse(['data: one\ndata: two\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo', id: undefined },
    ]);
  });

  it('reassembles events split anywhere across chunks, including inside a field name', () => {
    const whole = 'event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\n';
    for (let cut = 1; cut < whole.length; cut++) {
      const events = parse([whole.slice(0, cut), whole.slice(cut)]);
      expect(
        events.map((e) => e.data),
        `cut at ${cut}`,
      ).toEqual(['{"text":"Hel"}', '{"text":"lo"}']);
    }
  });

  it('accepts CRLF and lone CR line endings, even when a CRLF is split between chunks', () => {
    expect(parse(['event: a\r\ndata: 1\r\n\r\n', 'event: b\rdata: 2\r\r'])).toEqual([
      { event: 'a', data: '1', id: undefined },
      { event: 'b', data: '2', id: undefined },
    ]);
    // "\r" ends one chunk and "\n" starts the next: one line break, not a blank line.
    expect(parse(['event: a\r', '\ndata: 1\r', '\n\r', '\n'])).toEqual([
      { event: 'a', data: '1', id: undefined },
    ]);
  });

  it('ignores comments, retry and unknown fields, and keeps the last id', () => {
    expect(parse([': keep-alive\n\nretry: 3000\nfoo: bar\nid: 7\nevent: progress\ndata: x\n\n'])).toEqual([
      { event: 'progress', data: 'x', id: '7' },
    ]);
  });

  it('strips only one space after the colon and treats a bare field name as an empty value', () => {
    expect(parse(['data:  two spaces\ndata\n\n'])).toEqual([
      { event: 'message', data: ' two spaces\n', id: undefined },
    ]);
  });

  it('does not dispatch an event without data, and resets the event name after each dispatch', () => {
    expect(parse(['event: end\n\ndata: later\n\n'])).toEqual([
      { event: 'message', data: 'later', id: undefined },
    ]);
  });

  it('drops a last event that the stream cut off before its blank line', () => {
    expect(parse(['event: done\ndata: {"a":1}\n\nevent: delta\ndata: {"text":"cut'])).toEqual([
      { event: 'done', data: '{"a":1}', id: undefined },
    ]);
  });
});

describe('readEventStream', () => {
  it('decodes UTF-8 split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"crème brûlée 🍮"}\n\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.slice(i, i + 1));
    const events: SseEvent[] = [];
    await readEventStream(streamOf(chunks), (event) => events.push(event));
    expect(events).toEqual([{ event: 'delta', data: '{"text":"crème brûlée 🍮"}', id: undefined }]);
  });

  it('stops reading when the signal aborts', async () => {
    const controller = new AbortController();
    const encoder = new TextEncoder();
    const events: SseEvent[] = [];
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(encoder.encode('event: progress\ndata: 1\n\n'));
        // never closed: only the abort ends the read
      },
    });
    const reading = readEventStream(
      body,
      (event) => {
        events.push(event);
        controller.abort();
      },
      controller.signal,
    );
    await reading;
    expect(events.map((e) => e.data)).toEqual(['1']);
  });
});
