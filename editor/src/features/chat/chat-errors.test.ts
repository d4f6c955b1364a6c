import { describe, expect, it } from 'vitest';
import { describeChatFailure } from './chat-errors.ts';

describe('describeChatFailure', () => {
  it('sends a builder without a key to Settings, for the API code and the agent code alike', () => {
    for (const code of ['anthropic_key_missing', 'key_missing']) {
      const view = describeChatFailure(code, 'no key');
      expect(view.settingsLink, code).toBe(true);
      expect(view.title).toMatch(/Anthropic key/);
    }
  });

  it('says a rejected key must be replaced in Settings, and that the message is kept', () => {
    const view = describeChatFailure('key_rejected', 'invalid x-api-key');
    expect(view.settingsLink).toBe(true);
    expect(view.retryable).toBe(true);
    expect(view.message).toMatch(/kept/);
  });

  it('says when to retry after a rate limit', () => {
    expect(describeChatFailure('rate_limited', 'Rate limited', 30).message).toBe(
      'Your key has sent Anthropic more than it allows per minute. You can try again in 30 seconds.',
    );
    // The agent layer names the wait in its message rather than in a field.
    expect(
      describeChatFailure('rate_limited', 'Anthropic rate limit reached for your key (try again in 45 s)')
        .message,
    ).toMatch(/try again in 45 seconds\.$/);
    expect(describeChatFailure('rate_limited', 'Rate limited', 1).message).toMatch(/in 1 second\./);
    expect(describeChatFailure('rate_limited', 'Rate limited', 150).message).toMatch(/in 3 minutes\./);
    expect(describeChatFailure('rate_limited', 'Rate limited').message).toBe(
      'Rate limited. Wait a minute, then try again.',
    );
  });

  it('keeps the server message for an unknown code and offers a retry', () => {
    const view = describeChatFailure('something_new', 'The model stopped early');
    expect(view).toMatchObject({
      title: 'The reply stopped',
      message: 'The model stopped early.',
      retryable: true,
    });
  });

  it('does not offer a retry when the token budget is used up', () => {
    expect(describeChatFailure('budget_exhausted', 'Budget of 10000 tokens used').retryable).toBe(false);
  });
});
