import { describe, expect, it } from 'vitest';
import { blocks, bySeverity, Finding, finding } from './finding.ts';

describe('Finding', () => {
  it('formats its path the way validation issues do', () => {
    expect(finding('app.x', 'warning', ['views', 2, 'allowedRoles'], 'm').path).toBe('views[2].allowedRoles');
    expect(finding('app.x', 'warning', [], 'm').path).toBe('(root)');
  });

  it('parses a well-formed finding and refuses a bad rule id or severity', () => {
    const good = finding('workflow.host-not-allowed', 'blocker', ['steps', 0, 'path'], 'Fix it.');
    expect(Finding.safeParse(good).success).toBe(true);
    expect(Finding.safeParse({ ...good, ruleId: 'Host Not Allowed' }).success).toBe(false);
    expect(Finding.safeParse({ ...good, severity: 'critical' }).success).toBe(false);
  });
});

describe('blocks and bySeverity', () => {
  const info = finding('app.a', 'info', ['a'], 'a');
  const warning = finding('app.b', 'warning', ['b'], 'b');
  const blocker = finding('app.c', 'blocker', ['c'], 'c');

  it('blocks on any blocker and only then', () => {
    expect(blocks([info, warning, blocker])).toBe(true);
    expect(blocks([info, warning])).toBe(false);
    expect(blocks([])).toBe(false);
  });

  it('orders blockers, warnings, infos, keeping the order within each', () => {
    const second = finding('app.d', 'info', ['d'], 'd');
    expect(bySeverity([info, warning, second, blocker])).toEqual([blocker, warning, info, second]);
  });
});
