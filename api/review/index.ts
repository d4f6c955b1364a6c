/**
 * The deterministic security review: rules over a definition that say what would expose data,
 * money or other people, each finding with a severity, a path and what to do. A blocker stops
 * publication (apps), activation (workflows) or delivery (code). Pure, no I/O: the server runs it
 * before publishing and the editor can run it live. The LLM reviewer adds to it; never replaces it.
 */
import type { AppDefinition, CodeBundle, WorkflowDefinition } from '../../schemas/definitions.ts';
import { reviewApp } from './app-rules.ts';
import { reviewCode } from './code-rules.ts';
import type { Finding } from './finding.ts';
import { reviewWorkflow } from './workflow-rules.ts';

export function reviewDefinition(def: AppDefinition | WorkflowDefinition | CodeBundle): Finding[] {
  switch (def.kind) {
    case 'app':
      return reviewApp(def);
    case 'workflow':
      return reviewWorkflow(def);
    case 'code':
      return reviewCode(def);
  }
}

export { APP_RULES, reviewApp } from './app-rules.ts';
export { CODE_RULES, reviewCode } from './code-rules.ts';
export { blocks, bySeverity, Finding, Severity } from './finding.ts';
export { reviewWorkflow, WORKFLOW_RULES } from './workflow-rules.ts';
