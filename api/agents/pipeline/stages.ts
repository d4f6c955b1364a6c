import { CodeBundle } from '../../../schemas/code/code-bundle.ts';
import type { ContractRun, FeatureMode, PipelineFinding, PipelineStage } from '../../../schemas/index.ts';
import type { Logger } from '../../kernel/context.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { reviewDefinition } from '../../review/index.ts';
import type { Db } from '../../store/db.ts';
import { getPipelineFeature, listChat, type PipelineFeatureRow } from '../../store/pipeline.ts';
import type { SecretStore } from '../../store/secrets.ts';
import { builderClaims } from '../../workflows/builder-claims.ts';
import { agentContext } from '../agent-context.ts';
import { callAgent } from '../call.ts';
import { contractTestsAgent, contractTestsInput } from '../contract-tests.ts';
import type { AgentCallContext } from '../contracts.ts';
import { type ImplementerFeedback, implementerAgent, implementerInput } from '../implementer.ts';
import { planInput, plannerAgent } from '../planner.ts';
import { codeReviewerAgent, reviewInput, securityReviewerAgent } from '../reviewers.ts';
import { specAgent, specInput } from '../spec.ts';
import { listArtifactRows, loadArtifacts, type NewArtifact, type ResultArtifact } from './artifacts.ts';
import {
  codeBundleOf,
  definitionProblems,
  reviewTarget,
  StageFailure,
  validApp,
  validWorkflow,
} from './candidate.ts';
import { dryRunComponents } from './dry-run-components.ts';
import { dryRunWorkflows } from './dry-run-workflows.ts';

// What each stage of a build does: read what earlier stages stored, call its agent(s) as the
// builder, and say what to store and where the feature goes next. The worker stores it all in one
// transaction, so a stage either finished (its artifact is there) or runs again.

export { StageFailure } from './candidate.ts';

/** What the stages need from the platform. */
export interface StageEnv {
  db: Db;
  secrets: SecretStore;
  blobs: BlobStore;
  anthropicBaseUrl?: string;
  log: Logger;
}

export interface StageJob {
  userId: string;
  featureId: string;
  stage: PipelineStage;
  /** The job's feedback column: JSON `{rejectionComment}` when sent back by a rejection. */
  feedback: string | null;
  signal: AbortSignal;
  /** Shows what the stage is doing now ("Running 8 contract cases"). */
  activity(text: string): void;
}

export interface StageOutcome {
  artifacts: NewArtifact[];
  next: PipelineStage | 'awaiting_approval';
}

/** Implementation rounds: the first try and at most two with failing cases sent back. */
export const MAX_IMPLEMENTATION_ROUNDS = 3;

const NEXT: Record<PipelineStage, PipelineStage | 'awaiting_approval'> = {
  spec: 'planning',
  planning: 'testing',
  testing: 'implementing',
  implementing: 'reviewing',
  reviewing: 'awaiting_approval',
};

export const STAGE_NAMES: Record<PipelineStage, string> = {
  spec: 'Writing the spec',
  planning: 'Planning',
  testing: 'Writing the contract tests',
  implementing: 'Implementing',
  reviewing: 'Reviewing',
};

const BUILDING: Record<FeatureMode, string> = {
  components: 'Building the app definition',
  workflows: 'Building the workflow',
  code: 'Writing the code',
};

type Loaded = Awaited<ReturnType<typeof loadArtifacts>>;

interface StageInput {
  env: StageEnv;
  job: StageJob;
  feature: PipelineFeatureRow & { mode: FeatureMode };
  artifacts: Loaded;
  ctx: AgentCallContext;
}

function need<K extends keyof Loaded>(
  artifacts: Loaded,
  kind: K,
  from: PipelineStage,
): NonNullable<Loaded[K]> {
  const found = artifacts[kind];
  if (!found)
    throw new StageFailure(`The ${kind} from the ${from} stage is missing: retry the build from ${from}.`);
  return found as NonNullable<Loaded[K]>;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

async function specStage({ env, job, feature, ctx }: StageInput): Promise<NewArtifact[]> {
  job.activity('Writing the spec');
  const chat = await env.db.withUser(builderClaims(job.userId), (tx) => listChat(tx, job.featureId));
  const conversation = chat.map((m) => ({
    id: m.id,
    role: m.role,
    content: m.content,
    createdAt: m.created_at.toISOString(),
  }));
  const { output } = await callAgent(
    ctx,
    specAgent,
    specInput({ title: feature.title, mode: feature.mode, conversation }),
  );
  return [{ kind: 'spec', content: output }];
}

async function planningStage({ job, feature, artifacts, ctx }: StageInput): Promise<NewArtifact[]> {
  job.activity('Planning the build');
  const spec = need(artifacts, 'spec', 'spec');
  const { output } = await callAgent(
    ctx,
    plannerAgent(feature.mode),
    planInput({ spec, mode: feature.mode }),
  );
  return [{ kind: 'plan', content: output }];
}

async function testingStage({ job, feature, artifacts, ctx }: StageInput): Promise<NewArtifact[]> {
  job.activity('Writing the contract tests');
  // Never given the implementation: only the spec and the plan's interface.
  const spec = need(artifacts, 'spec', 'spec');
  const plan = need(artifacts, 'plan', 'planning');
  const { output } = await callAgent(
    ctx,
    contractTestsAgent(feature.mode),
    contractTestsInput({ spec, plan, mode: feature.mode }),
  );
  return [{ kind: 'tests', content: output }];
}

function rejectionOf(feedback: string | null): string | undefined {
  if (!feedback) return undefined;
  try {
    const parsed = JSON.parse(feedback) as { rejectionComment?: unknown };
    return typeof parsed.rejectionComment === 'string' ? parsed.rejectionComment : undefined;
  } catch {
    return undefined;
  }
}

async function implementingStage(input: StageInput): Promise<NewArtifact[]> {
  const { job, feature, artifacts, ctx } = input;
  const { mode } = feature;
  const spec = need(artifacts, 'spec', 'spec');
  const plan = need(artifacts, 'plan', 'planning');
  const tests = need(artifacts, 'tests', 'testing');
  if (tests.kind !== mode)
    throw new StageFailure(`The contract tests are for ${tests.kind} mode, not ${mode}: retry from testing.`);
  const rejectionComment = rejectionOf(job.feedback);
  const earlier = (artifacts.definition ?? artifacts.code)?.result;
  let feedback: ImplementerFeedback | undefined = rejectionComment
    ? {
        rejectionComment,
        ...(earlier
          ? { previous: 'definition' in earlier ? earlier.definition : { files: earlier.files } }
          : {}),
      }
    : undefined;
  const agent = implementerAgent(mode);
  for (let round = 1; round <= MAX_IMPLEMENTATION_ROUNDS; round++) {
    const failing = feedback?.failedCases?.length ?? 0;
    job.activity(
      round === 1
        ? BUILDING[mode]
        : `Sending ${plural(failing, 'failing case')} back to the implementer (round ${round} of ${MAX_IMPLEMENTATION_ROUNDS})`,
    );
    const { output } = await callAgent(
      ctx,
      agent,
      implementerInput({ spec, plan, tests, mode, ...(feedback ? { feedback } : {}) }),
      (candidate) => definitionProblems(mode, candidate),
    );
    if (tests.kind === 'code') {
      const files = (output as { files: CodeBundle['files'] }).files;
      const bundle = CodeBundle.safeParse(codeBundleOf(spec, plan, tests, files));
      if (!bundle.success)
        throw new StageFailure(
          `The code bundle is not valid: ${bundle.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const content: ResultArtifact = {
        result: { kind: 'code', files: bundle.data.files, tests: bundle.data.tests },
        bundle: bundle.data as unknown as Record<string, unknown>,
      };
      return [{ kind: 'code', content }];
    }
    job.activity(`Running ${plural(tests.cases.length, 'contract case')}`);
    const run =
      tests.kind === 'components'
        ? dryRunComponents(validApp(output), tests.cases)
        : await dryRunWorkflows(validWorkflow(output), tests.cases);
    if (run.failed.length === 0) {
      const contractRun: ContractRun = { passed: run.passed, failed: [], rounds: round };
      const content: ResultArtifact = {
        result: { kind: mode as 'components' | 'workflows', definition: output as Record<string, unknown> },
        contractRun,
      };
      return [{ kind: 'definition', content }];
    }
    feedback = {
      failedCases: run.failed,
      previous: output,
      ...(rejectionComment ? { rejectionComment } : {}),
    };
  }
  const failed = feedback?.failedCases ?? [];
  throw new StageFailure(
    `After ${MAX_IMPLEMENTATION_ROUNDS} rounds the implementation still fails ${plural(failed.length, 'contract case')}: ${failed
      .map((f) => `"${f.name}" (${f.reason})`)
      .join('; ')}`.slice(0, 4000),
  );
}

async function reviewingStage({ job, feature, artifacts, ctx }: StageInput): Promise<NewArtifact[]> {
  const spec = need(artifacts, 'spec', 'spec');
  const candidate = artifacts.definition ?? artifacts.code;
  if (!candidate)
    throw new StageFailure('The result from the implementing stage is missing: retry from implementing.');
  job.activity('Running the security rules');
  const rules: PipelineFinding[] = reviewDefinition(reviewTarget(candidate)).map((f) => ({
    ...f,
    source: 'rules',
  }));
  const ruleFindings = rules.map(({ source: _source, ...f }) => f);
  const input = reviewInput({ spec, mode: feature.mode, result: candidate.result, ruleFindings });
  job.activity('Security review');
  const security = await callAgent(ctx, securityReviewerAgent, input);
  job.activity('Code review');
  const code = await callAgent(ctx, codeReviewerAgent, input);
  const findings: PipelineFinding[] = [
    ...rules,
    ...security.output.findings.map((f) => ({ ...f, source: 'security-reviewer' as const })),
    ...code.output.findings.map((f) => ({ ...f, source: 'code-reviewer' as const })),
  ];
  const summary = [security.output.summary, code.output.summary].join('\n\n');
  return [{ kind: 'review', content: { findings, summary } }];
}

const RUNNERS: Record<PipelineStage, (input: StageInput) => Promise<NewArtifact[]>> = {
  spec: specStage,
  planning: planningStage,
  testing: testingStage,
  implementing: implementingStage,
  reviewing: reviewingStage,
};

/** Runs one stage as the feature's builder and says what to store and what comes next. */
export async function runStage(env: StageEnv, job: StageJob): Promise<StageOutcome> {
  const claims = builderClaims(job.userId);
  const loaded = await env.db.withUser(claims, async (tx) => {
    const feature = await getPipelineFeature(tx, job.featureId);
    return feature && { feature, rows: await listArtifactRows(tx, job.featureId) };
  });
  if (!loaded) throw new StageFailure('The feature is gone.');
  const { feature } = loaded;
  if (!feature.mode) throw new StageFailure('The feature has no mode: choose one and build again.');
  const ctx = agentContext(env, {
    userId: job.userId,
    featureId: job.featureId,
    stage: job.stage,
    signal: job.signal,
    onActivity: (text) => job.activity(text),
  });
  const artifacts = await loadArtifacts(env.blobs, loaded.rows);
  const stored = await RUNNERS[job.stage]({
    env,
    job,
    feature: { ...feature, mode: feature.mode },
    artifacts,
    ctx,
  });
  return { artifacts: stored, next: NEXT[job.stage] };
}
