import { expect, it } from 'vitest';
import { validateWorkflow } from '../../../runtime/definitions/index.ts';
import { blankWorkflow } from './blank-workflow.ts';

it('a blank workflow is a valid definition the server will accept', () => {
  const checked = validateWorkflow(blankWorkflow('Morning check'));
  expect(checked.ok ? [] : checked.errors).toEqual([]);
});
