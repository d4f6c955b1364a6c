import { describe, expect, it } from 'vitest';
import { polling, short, step, workflow } from './review.fixtures.ts';
import {
  apiKeyInQuery,
  broadAllowedHost,
  hostNotAllowed,
  undeclaredConnection,
} from './workflow-connection-rules.ts';

describe('workflow.undeclared-connection', () => {
  it('blocks a step on a connection the workflow does not declare', () => {
    const findings = undeclaredConnection(
      workflow((w) => (step(w, 'page', 'send_message').connectionId = 'teams')),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.undeclared-connection', severity: 'blocker', path: 'steps[2].connectionId' },
    ]);
    expect(findings[0]!.message).toContain('"teams"');
  });

  it('checks the connection of a polling trigger too', () => {
    const findings = undeclaredConnection(polling(15, 'zendesk'));
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.undeclared-connection', severity: 'blocker', path: 'trigger.connectionId' },
    ]);
  });

  it('stays quiet when every connection is declared', () => {
    expect(undeclaredConnection(workflow())).toEqual([]);
  });
});

describe('workflow.host-not-allowed', () => {
  it("blocks a base URL outside the connection's allowed hosts", () => {
    const findings = hostNotAllowed(
      workflow((w) => (w.connections[1]!.baseUrl = 'https://evil.example.net/v2')),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.host-not-allowed', severity: 'blocker', path: 'connections[1].baseUrl' },
    ]);
    expect(findings[0]!.message).toContain('evil.example.net');
  });

  it.each(['//evil.example.net/collect', '/\\evil.example.net/collect'])(
    'blocks a path that names another host: %s',
    (path) => {
      const findings = hostNotAllowed(workflow((w) => (step(w, 'tag', 'call_api').path = path)));
      expect(short(findings)).toEqual([
        { ruleId: 'workflow.host-not-allowed', severity: 'blocker', path: 'steps[3].path' },
      ]);
      expect(findings[0]!.message).toContain('evil.example.net');
    },
  );

  it('allows paths on the connection, placeholders included, and wildcard hosts that cover the base URL', () => {
    expect(hostNotAllowed(workflow())).toEqual([]);
    const wildcard = workflow((w) => (w.connections[1]!.allowedHosts = ['*.helpdesk.example.com']));
    expect(hostNotAllowed(wildcard)).toEqual([]);
  });
});

describe('workflow.broad-allowed-host', () => {
  it('warns about a wildcard over a domain where anyone can host', () => {
    const findings = broadAllowedHost(
      workflow((w) => w.connections[1]!.allowedHosts.push('*.herokuapp.com')),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.broad-allowed-host', severity: 'warning', path: 'connections[1].allowedHosts[1]' },
    ]);
  });

  it("stays quiet about a wildcard over the service's own domain", () => {
    expect(broadAllowedHost(workflow((w) => (w.connections[1]!.allowedHosts = ['*.example.com'])))).toEqual(
      [],
    );
  });
});

describe('workflow.api-key-in-query', () => {
  it('points out a key sent in the URL', () => {
    const findings = apiKeyInQuery(
      workflow((w) => (w.connections[1]!.auth = { kind: 'api_key', placement: 'query', name: 'key' })),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.api-key-in-query', severity: 'info', path: 'connections[1].auth.placement' },
    ]);
  });

  it('stays quiet for a key in a header', () => {
    expect(apiKeyInQuery(workflow())).toEqual([]);
  });
});
