import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('PIPELINE_TOKEN_BUDGET', () => {
  it('sets the default budget of a build, and is absent unless set', () => {
    expect(readConfig({ PIPELINE_TOKEN_BUDGET: '250000' }).pipelineTokenBudget).toBe(250_000);
    expect(readConfig({}).pipelineTokenBudget).toBeUndefined();
  });

  it('refuses a value that is not a sensible number of tokens, naming the variable', () => {
    for (const value of ['lots', '12.5', '5', '99999999'])
      expect(() => readConfig({ PIPELINE_TOKEN_BUDGET: value })).toThrow(/PIPELINE_TOKEN_BUDGET/);
  });
});
