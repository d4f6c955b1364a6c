import { describe, expect, it } from 'vitest';
import { GIST_MAX_CHARS, titleFromMessage } from './conversation-title.ts';

describe('titleFromMessage', () => {
  it('takes the first sentence without its full stop', () => {
    expect(titleFromMessage('I want an app to track my recipes. It should have photos.')).toBe(
      'I want an app to track my recipes',
    );
  });

  it('takes the first line and collapses whitespace', () => {
    expect(titleFromMessage('  Track   equipment loans\nfor the whole team')).toBe('Track equipment loans');
  });

  it('keeps a decimal point or a version inside the sentence', () => {
    expect(titleFromMessage('Upgrade to v2.1 of the invoice tool')).toBe(
      'Upgrade to v2.1 of the invoice tool',
    );
  });

  it('cuts a long sentence at a word boundary and marks the cut', () => {
    const long = `A tracker for ${'very '.repeat(30)}many things`;
    const title = titleFromMessage(long);
    expect(title.length).toBeLessThanOrEqual(GIST_MAX_CHARS);
    expect(title.endsWith('very…')).toBe(true);
  });

  it('answers an empty string for a blank message (the form then asks for a title)', () => {
    expect(titleFromMessage('   \n  ')).toBe('');
  });
});
