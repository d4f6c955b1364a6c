import { buildStepGraph, reachableFrom } from '../../runtime/definitions/workflow-graph.ts';
import { referencedPaths } from '../../runtime/expr/index.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { type Finding, finding } from './finding.ts';

/** `apiKey`, `X-Api-Key`, `api_key` → `api_key`, so one pattern reads every spelling. */
function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** A name that holds a credential: `password`, `api_key`, `access_token`, `authorization`… */
const CREDENTIAL =
  /(^|_)(secrets?|passwords?|passwd|pwd|api_?keys?|tokens?|auth|bearer|authorization|credentials?|private_?key|client_secret|cookies?|otp)$/;
/** Tokens that only page through results, not credentials. */
const PAGING_TOKEN = /(^|_)(page|next|continuation|sync|cursor|pagination)_tokens?$/;

export function isCredentialName(name: string): boolean {
  const normal = snake(name);
  return CREDENTIAL.test(normal) && !PAGING_TOKEN.test(normal);
}

/** The variable paths an expression reads; for one that does not parse, its bare identifiers. */
function readsOf(source: string): string[][] {
  const paths = referencedPaths(source);
  if (paths) return paths;
  const code = source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '');
  return [...code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((match) => [match[0]]);
}

/**
 * Blocker: what an AI step reads goes to the model provider and can come back in its output
 * (and so in messages, records and run logs). Credentials — a field named like one, a whole
 * headers map (Authorization, cookies, the webhook's own token) — must never be in it.
 */
export function aiInputSecrets(workflow: WorkflowDefinition): Finding[] {
  const trigger = workflow.trigger;
  const webhook = trigger.kind === 'webhook';
  const tokenHeader =
    webhook && trigger.verification.kind !== 'none' ? trigger.verification.header.toLowerCase() : undefined;
  const callIds = new Set(workflow.steps.flatMap((step) => (step.kind === 'call_api' ? [step.id] : [])));
  return workflow.steps.flatMap((step, i) => {
    if (step.kind !== 'ai') return [];
    const fed = new Set<string>();
    for (const path of readsOf(step.input)) {
      const shown = path.join('.');
      const credential = path.find((segment) => isCredentialName(segment));
      if (credential) fed.add(`"${shown}"`);
      else if (webhook && (shown === 'trigger' || shown === 'trigger.headers'))
        fed.add(`the whole request${shown === 'trigger' ? '' : "'s headers"} (${shown})`);
      else if (path[0] === 'steps' && path.length === 3 && path[2] === 'headers' && callIds.has(path[1]!))
        fed.add(`all response headers of "${path[1]}"`);
      else if (
        tokenHeader &&
        path[0] === 'trigger' &&
        path[1] === 'headers' &&
        path[2]?.toLowerCase() === tokenHeader
      )
        fed.add(`the webhook's verification header (${path[2]})`);
    }
    if (fed.size === 0) return [];
    return [
      finding(
        'workflow.ai-input-secrets',
        'blocker',
        ['steps', i, 'input'],
        `AI step "${step.label}" is fed ${[...fed].join(', ')}, which may hold a secret or credential. ` +
          'Its input goes to the model provider and can come back in its answer; pass only the data it needs.',
      ),
    ];
  });
}

/** A literal string expression (`"Bearer abc"`): nothing is read, the value is typed in. */
function isLiteral(source: string): boolean {
  return /^\s*(["'])[\s\S]*\1\s*$/.test(source) && (referencedPaths(source) ?? []).length === 0;
}

/**
 * Blocker: a key typed into a step's header or query is stored in plain text in every version
 * and diff, and bypasses the connection that keeps credentials in the secrets store.
 */
export function credentialInStep(workflow: WorkflowDefinition): Finding[] {
  const findings: Finding[] = [];
  const check = (
    pairs: readonly { name: string; value: string }[] | undefined,
    at: PropertyKey[],
    what: string,
  ) => {
    pairs?.forEach((pair, j) => {
      if (!isCredentialName(pair.name) && !/^(x_)?(api_?)?key$/.test(snake(pair.name))) return;
      if (!isLiteral(pair.value)) return;
      findings.push(
        finding(
          'workflow.credential-in-step',
          'blocker',
          [...at, j, 'value'],
          `${what} "${pair.name}" holds a credential typed into the workflow, stored in plain text in every ` +
            "version. Move it into the connection's authentication (kept in the secrets store) and remove it here.",
        ),
      );
    });
  };
  workflow.steps.forEach((step, i) => {
    if (step.kind !== 'call_api') return;
    check(step.headers, ['steps', i, 'headers'], `Header`);
    check(step.query, ['steps', i, 'query'], `Query parameter`);
  });
  const trigger = workflow.trigger;
  if (trigger.kind === 'polling')
    check(trigger.request.query, ['trigger', 'request', 'query'], 'Query parameter');
  return findings;
}

/** Past this many items a loop of paid calls is a cost decision, not a detail. */
export const FOR_EACH_COST_LIMIT = 500;

/**
 * Warning: each item of a for-each runs its body, so a body that calls the AI or another service
 * multiplies one run into hundreds of paid or rate-limited calls. Allowed, but a choice to make.
 */
export function forEachCost(workflow: WorkflowDefinition): Finding[] {
  const graph = buildStepGraph(workflow.steps, workflow.start);
  return workflow.steps.flatMap((step, f) => {
    if (step.kind !== 'for_each' || step.maxItems <= FOR_EACH_COST_LIMIT) return [];
    const body = reachableFrom(graph, graph.index.get(step.body), (edge) => edge.to === f);
    const calls = [...body].flatMap((i) => {
      const inner = workflow.steps[i]!;
      if (inner.kind === 'ai') return [`calls the AI ("${inner.label}")`];
      if (inner.kind === 'call_api') return [`calls an API ("${inner.label}")`];
      if (inner.kind === 'send_message') return [`sends a message ("${inner.label}")`];
      return [];
    });
    if (calls.length === 0) return [];
    return [
      finding(
        'workflow.for-each-cost',
        'warning',
        ['steps', f, 'maxItems'],
        `"${step.label}" may run ${step.maxItems} items and each one ${calls.join(' and ')}: one run could ` +
          `make ${step.maxItems * calls.length} paid or rate-limited calls. Lower maxItems to what you expect ` +
          `(${FOR_EACH_COST_LIMIT} at most), or filter the list first.`,
      ),
    ];
  });
}

/**
 * Warning: a webhook that answers with the whole request reflects whatever a caller sends (content
 * to inject into a page that shows the answer; with `trigger`, the headers and their token too).
 */
export function respondEchoesTrigger(workflow: WorkflowDefinition): Finding[] {
  return workflow.steps.flatMap((step, i) => {
    if (step.kind !== 'respond' || !step.body) return [];
    const whole = (referencedPaths(step.body) ?? [])
      .map((path) => path.join('.'))
      .find((path) => path === 'trigger' || path === 'trigger.body');
    if (!whole) return [];
    return [
      finding(
        'workflow.respond-echoes-trigger',
        'warning',
        ['steps', i, 'body'],
        `The response of "${step.label}" sends back the whole ${whole === 'trigger' ? 'request, headers included' : 'request body'} ` +
          `(${whole}): the webhook reflects whatever a caller sends. Answer with only the fields the caller needs.`,
      ),
    ];
  });
}

export const WORKFLOW_DATA_RULES = [aiInputSecrets, credentialInStep, forEachCost, respondEchoesTrigger];
