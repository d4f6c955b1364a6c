import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { copilotProblem, STALE_PROBLEM } from './copilot-problem.ts';

// Each way an ask or an accept fails, told to the builder with what to do next.

describe('the co-pilot problem a failed call shows', () => {
  it('sends a builder without an Anthropic key to Settings', () => {
    const problem = copilotProblem(
      new ApiError(409, 'anthropic_key_missing', 'No Anthropic key is configured'),
    );
    expect(problem.kind).toBe('key');
    expect(problem.settings).toBe(true);
    expect(problem.message).toMatch(/Anthropic API key.*Settings/);
  });

  it('sends a builder whose key Anthropic refused to Settings, with the reason', () => {
    const problem = copilotProblem(
      new ApiError(409, 'anthropic_key_rejected', 'Anthropic rejected the key (401)'),
    );
    expect(problem).toMatchObject({ kind: 'key', settings: true });
    expect(problem.message).toContain('Anthropic rejected the key (401)');
  });

  it('says the draft changed when the base version is stale (409)', () => {
    expect(copilotProblem(new ApiError(409, 'version_conflict', 'This app changed since version 3'))).toBe(
      STALE_PROBLEM,
    );
    expect(STALE_PROBLEM.message).toMatch(/draft changed.*Ask again/);
    const taken = copilotProblem(
      new ApiError(409, 'slug_taken', 'definition.slug: you already have an app with this slug'),
    );
    expect(taken).toEqual({
      kind: 'other',
      message: 'definition.slug: you already have an app with this slug',
    });
  });

  it('gives the reason a patch could not be made valid (422), with the fields it named', () => {
    const problem = copilotProblem(
      new ApiError(422, 'invalid_patch', 'The patch did not validate after 2 repairs.', [
        { path: 'tables[0].fields[5].type', message: 'must be one of text, number, date' },
      ]),
    );
    expect(problem.kind).toBe('invalid');
    expect(problem.message).toMatch(/^The patch did not validate after 2 repairs\./);
    expect(problem.message).toContain(
      'tables[0].fields[5].type: must be one of text, number, date. Try rewording',
    );
    expect(problem.settings).toBeUndefined();
  });

  it('asks to wait on a rate limit (429) or an overloaded model (503)', () => {
    const limited = copilotProblem(
      new ApiError(
        429,
        'anthropic_rate_limited',
        'Anthropic rate limit reached for your key (try again in 20 s)',
      ),
    );
    expect(limited.kind).toBe('busy');
    expect(limited.message).toMatch(/try again in 20 s\)\. .*wait, then ask again/);
    const overloaded = copilotProblem(
      new ApiError(503, 'anthropic_overloaded', 'The model is overloaded right now; try again in a moment'),
    );
    expect(overloaded.kind).toBe('busy');
    expect(overloaded.message).toMatch(/overloaded.*Nothing was changed/);
  });

  it("passes other failures through in the server's or the client's own words", () => {
    const offline = new ApiError(0, 'network_error', 'Could not reach the server.');
    expect(copilotProblem(offline)).toEqual({ kind: 'other', message: 'Could not reach the server.' });
    expect(copilotProblem(new Error('boom'))).toEqual({ kind: 'other', message: 'boom' });
    expect(copilotProblem('?').message).toMatch(/Something went wrong/);
  });
});
