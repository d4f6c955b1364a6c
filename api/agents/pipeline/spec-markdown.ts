import type { CodeSpec } from '../../../schemas/code/code-bundle.ts';

// The code bundle's spec as the SPEC.md a builder reads first in the zip: the sections the spec
// and the plan filled in, in the order a developer picking the code up would want them.

const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

export function codeSpecMarkdown(spec: CodeSpec): string {
  const { sections } = spec;
  const parts = [
    `# ${spec.title}`,
    spec.summary,
    `## Goals\n\n${sections.goals}`,
    `## Requirements\n\n${bullets(sections.requirements)}`,
    `## Architecture\n\n${sections.architecture}`,
  ];
  if (sections.dataModel) parts.push(`## Data model\n\n${sections.dataModel}`);
  if (sections.interfaces) parts.push(`## Interfaces\n\n${sections.interfaces}`);
  parts.push(`## Testing\n\n${sections.testing}`);
  if (sections.outOfScope) parts.push(`## Out of scope\n\n${sections.outOfScope}`);
  return `${parts.join('\n\n')}\n`;
}
