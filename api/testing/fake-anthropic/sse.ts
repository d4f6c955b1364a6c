import type { ContentBlock, FakeUsage, StopReason } from './script.ts';

// A message as the Messages API streams it (`stream: true`): message_start, per block
// content_block_start / content_block_delta… / content_block_stop, message_delta (stop reason and
// usage), message_stop. Text and tool input are split into several deltas on purpose, so a client
// that only handles a single delta per block fails here as it would against the real API.

export interface StreamedMessage {
  id: string;
  model: string;
  content: ContentBlock[];
  stopReason: StopReason;
  usage: FakeUsage;
  /** Replaces everything after the first content_block_start with an `error` event. */
  streamError?: { type: string; message: string };
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Splits text into about `parts` chunks, at word boundaries where it can. */
export function chunkText(text: string, parts = 4): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const space = text.indexOf(' ', end);
    if (end < text.length && space !== -1 && space - end < 12) end = space + 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Splits JSON text at fixed offsets (mid-token, mid-string), as the real API does. */
function chunkJson(json: string, parts = 3): string[] {
  const size = Math.max(1, Math.ceil(json.length / parts));
  const chunks: string[] = [];
  for (let start = 0; start < json.length; start += size) chunks.push(json.slice(start, start + size));
  return chunks;
}

export function messageEvents(message: StreamedMessage): SseEvent[] {
  const events = completeMessageEvents(message);
  if (!message.streamError) return events;
  const cut = events.findIndex((event) => event.event === 'content_block_start');
  return [
    ...events.slice(0, cut === -1 ? 2 : cut + 1),
    { event: 'error', data: { type: 'error', error: message.streamError } },
  ];
}

function completeMessageEvents(message: StreamedMessage): SseEvent[] {
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: message.id,
          type: 'message',
          role: 'assistant',
          model: message.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...message.usage, output_tokens: 1, service_tier: 'standard' },
        },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      });
      for (const text of chunkText(block.text)) {
        events.push({
          event: 'content_block_delta',
          data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
        });
      }
    } else {
      events.push({
        event: 'content_block_start',
        data: {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        },
      });
      for (const partial_json of chunkJson(JSON.stringify(block.input ?? {}))) {
        events.push({
          event: 'content_block_delta',
          data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
        });
      }
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push(
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: message.stopReason, stop_sequence: null },
        usage: message.usage,
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );
  return events;
}

export function formatSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
