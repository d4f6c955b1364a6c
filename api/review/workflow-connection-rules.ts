import { hostAllowed } from '../../runtime/definitions/workflow-references.ts';
import type { Connection, WorkflowDefinition } from '../../schemas/definitions.ts';
import { type Finding, finding } from './finding.ts';

/**
 * Blocker: the sandbox lets a run reach only the hosts of declared connections, so a step on an
 * undeclared one names hosts and credentials nobody reviewed; it must not be activated.
 */
export function undeclaredConnection(workflow: WorkflowDefinition): Finding[] {
  const declared = new Set(workflow.connections.map((connection) => connection.id));
  const uses: { id: string; path: PropertyKey[]; what: string }[] = [];
  workflow.steps.forEach((step, i) => {
    if (step.kind === 'call_api' || step.kind === 'send_message')
      uses.push({ id: step.connectionId, path: ['steps', i, 'connectionId'], what: `Step "${step.label}"` });
  });
  const trigger = workflow.trigger;
  if (trigger.kind === 'message' || trigger.kind === 'polling')
    uses.push({ id: trigger.connectionId, path: ['trigger', 'connectionId'], what: 'The trigger' });
  return uses
    .filter((use) => !declared.has(use.id))
    .map((use) =>
      finding(
        'workflow.undeclared-connection',
        'blocker',
        use.path,
        `${use.what} uses connection "${use.id}", which the workflow does not declare, so nobody has ` +
          'reviewed which hosts it may call. Declare it under connections with its allowed hosts, or pick a declared one.',
      ),
    );
}

/** The host of a URL; undefined for none or a malformed one (validation reports that). */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** The host a request goes to when `path` is joined to the connection's base URL, both ways a runtime might. */
function requestHosts(connection: Connection, path: string): string[] {
  const exact = connection.allowedHosts.find((host) => !host.startsWith('*.'));
  const base = connection.baseUrl ?? (exact ? `https://${exact}` : undefined);
  if (!base) return [];
  // Placeholders are URL-encoded when the request is made: they can never add a `/` or a host.
  const literal = path.replace(/\{\{.*?\}\}/gs, 'x');
  const hosts = new Set<string>();
  for (const candidate of [() => new URL(literal, base), () => new URL(base.replace(/\/$/, '') + literal)]) {
    try {
      hosts.add(candidate().hostname);
    } catch {
      // Not a URL at all: validation reports it; there is no host to send anything to.
    }
  }
  return [...hosts];
}

/**
 * Blocker: a connection's allowed hosts are the promise the builder (and the review) relies on;
 * a base URL outside them, or a path that names another host (`//evil.example`), breaks it and
 * sends the connection's credentials somewhere nobody chose.
 */
export function hostNotAllowed(workflow: WorkflowDefinition): Finding[] {
  const findings: Finding[] = [];
  const allowed = (connection: Connection, host: string) =>
    connection.allowedHosts.some((pattern) => hostAllowed(host, pattern));
  workflow.connections.forEach((connection, c) => {
    const host = hostOf(connection.baseUrl);
    if (!host || allowed(connection, host)) return;
    findings.push(
      finding(
        'workflow.host-not-allowed',
        'blocker',
        ['connections', c, 'baseUrl'],
        `Connection "${connection.label}" sends requests to ${host}, which is not one of its allowed hosts ` +
          `(${connection.allowedHosts.join(', ')}). Add the host to allowedHosts if you trust it, or fix the base URL.`,
      ),
    );
  });
  const checkPath = (connectionId: string, path: string, at: PropertyKey[], what: string) => {
    const connection = workflow.connections.find((candidate) => candidate.id === connectionId);
    if (!connection) return; // undeclaredConnection reports it
    // A base URL outside the allowed hosts is reported once, on the connection.
    const baseHost = hostOf(connection.baseUrl);
    const outside = requestHosts(connection, path).filter(
      (host) => host !== baseHost && !allowed(connection, host),
    );
    if (outside.length === 0) return;
    findings.push(
      finding(
        'workflow.host-not-allowed',
        'blocker',
        at,
        `${what} has the path "${path}", which points at ${outside.join(' and ')} instead of the ` +
          `connection's allowed hosts (${connection.allowedHosts.join(', ')}), with its credentials. ` +
          'Use a path on the connection, starting with a single /.',
      ),
    );
  };
  workflow.steps.forEach((step, i) => {
    if (step.kind === 'call_api')
      checkPath(step.connectionId, step.path, ['steps', i, 'path'], `Step "${step.label}"`);
  });
  const trigger = workflow.trigger;
  if (trigger.kind === 'polling')
    checkPath(
      trigger.connectionId,
      trigger.request.path,
      ['trigger', 'request', 'path'],
      'The polling trigger',
    );
  return findings;
}

/** Domains under which anyone can get a host of their own: a wildcard on them allows strangers' servers. */
const SHARED_SUFFIXES = [
  'github.io',
  'herokuapp.com',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'ngrok.io',
  'ngrok-free.app',
  'amazonaws.com',
  'cloudfront.net',
  'azurewebsites.net',
  'appspot.com',
  'firebaseapp.com',
  'web.app',
  'onrender.com',
  'fly.dev',
  'glitch.me',
  'co.uk',
  'com.au',
  'co.jp',
  'com.br',
];

/**
 * Warning: `*.herokuapp.com` reads like one service but allows every app anyone deploys there.
 * Not a blocker: the calls still go only where the builder's own steps send them.
 */
export function broadAllowedHost(workflow: WorkflowDefinition): Finding[] {
  return workflow.connections.flatMap((connection, c) =>
    connection.allowedHosts.flatMap((host, h) => {
      const suffix = host.startsWith('*.') ? host.slice(2) : undefined;
      if (!suffix || !SHARED_SUFFIXES.includes(suffix)) return [];
      return [
        finding(
          'workflow.broad-allowed-host',
          'warning',
          ['connections', c, 'allowedHosts', h],
          `Connection "${connection.label}" may call any host under ${suffix}, where anyone can run a server ` +
            `of their own. Allow the exact host of the service instead, e.g. my-app.${suffix}.`,
        ),
      ];
    }),
  );
}

/** Info: a key in the query string ends up in the logs of the service and of every proxy. */
export function apiKeyInQuery(workflow: WorkflowDefinition): Finding[] {
  return workflow.connections.flatMap((connection, c) =>
    connection.auth.kind === 'api_key' && connection.auth.placement === 'query'
      ? [
          finding(
            'workflow.api-key-in-query',
            'info',
            ['connections', c, 'auth', 'placement'],
            `Connection "${connection.label}" sends its key in the URL, where server and proxy logs keep it. ` +
              'Send it in a header if the service allows.',
          ),
        ]
      : [],
  );
}

export const CONNECTION_RULES = [undeclaredConnection, hostNotAllowed, broadAllowedHost, apiKeyInQuery];
