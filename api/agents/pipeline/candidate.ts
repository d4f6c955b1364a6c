import { validateApp, validateWorkflow } from '../../../runtime/definitions/index.ts';
import { CodeBundle, type CodeSpec } from '../../../schemas/code/code-bundle.ts';
import { SCHEMA_VERSION } from '../../../schemas/common.ts';
import type { AppDefinition, WorkflowDefinition } from '../../../schemas/definitions.ts';
import type { ContractTests, FeatureMode, FeaturePlan, FeatureSpec } from '../../../schemas/index.ts';
import type { ResultArtifact } from './artifacts.ts';

// The candidate a build produces: checked as the implementer's repair loop and the review read it,
// and, in code mode, assembled into the bundle by the platform (the implementer writes no tests).

/** A stage that cannot finish for a reason the builder can read (not a model error). */
export class StageFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageFailure';
  }
}

/** Validation problems as lines the implementer can fix (sent back through the repair loop). */
export function definitionProblems(mode: FeatureMode, output: unknown): string[] {
  if (mode === 'code') return [];
  const checked = mode === 'components' ? validateApp(output) : validateWorkflow(output);
  return checked.ok ? [] : checked.errors.slice(0, 30).map((e) => `${e.path}: ${e.message}`);
}

/** Code mode's bundle, built by the platform: spec → CodeSpec sections, the implementer's files, the contract tests unchanged. */
export function codeBundleOf(
  spec: FeatureSpec,
  plan: FeaturePlan,
  tests: Extract<ContractTests, { kind: 'code' }>,
  files: CodeBundle['files'],
): CodeBundle {
  const bullet = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');
  const codeSpec: CodeSpec = {
    title: spec.title.slice(0, 120),
    summary: spec.summary.slice(0, 2000),
    sections: {
      goals: `${spec.summary}\n\nUsers:\n${bullet(spec.users)}`.slice(0, 20_000),
      requirements: spec.requirements,
      architecture: plan.steps
        .map((step) => `### ${step.title}\n\n${step.detail}`)
        .join('\n\n')
        .slice(0, 20_000),
      interfaces: plan.interface
        .map((item) => `- \`${item.name}\`: ${item.detail}`)
        .join('\n')
        .slice(0, 20_000),
      testing: bullet(spec.acceptance).slice(0, 20_000),
      ...(spec.outOfScope.length ? { outOfScope: bullet(spec.outOfScope).slice(0, 10_000) } : {}),
    },
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'code',
    language: 'typescript',
    spec: codeSpec,
    files,
    tests: tests.tests,
  };
}

export function validApp(output: unknown): AppDefinition {
  const checked = validateApp(output);
  if (!checked.ok)
    throw new StageFailure(
      `The app definition is not valid: ${checked.errors[0]!.path}: ${checked.errors[0]!.message}`,
    );
  return checked.value;
}

export function validWorkflow(output: unknown): WorkflowDefinition {
  const checked = validateWorkflow(output);
  if (!checked.ok)
    throw new StageFailure(
      `The workflow is not valid: ${checked.errors[0]!.path}: ${checked.errors[0]!.message}`,
    );
  return checked.value;
}

/** The candidate as the deterministic review reads it. */
export function reviewTarget(result: ResultArtifact): AppDefinition | WorkflowDefinition | CodeBundle {
  if (result.result.kind === 'components') return validApp(result.result.definition);
  if (result.result.kind === 'workflows') return validWorkflow(result.result.definition);
  const bundle = CodeBundle.safeParse(result.bundle);
  if (!bundle.success)
    throw new StageFailure('The code bundle is missing or not valid: retry from implementing.');
  return bundle.data;
}
