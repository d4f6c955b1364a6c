import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, WorkflowDefinition } from '../../schemas/definitions.ts';
import type { RunDetail } from '../../schemas/index.ts';
import { nodeOutboundHttp } from '../platform/node/outbound-http.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../testing/fake-anthropic/server.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Workflow steps against real parts: a fake outside service reached through the sandboxed
// outbound port (as api.fake.test), the fake Anthropic server through the real SDK, the
// builder's own published app through its data API, cron and polling fired as the scheduler
// fires them. Canary secrets are planted and searched for in every answer and log line.

const API_KEY = 'helpdesk-canary-key-5d1e7c';
const ANTHROPIC_KEY = 'sk-ant-canary0123456789abcdef';

let db: Db;
let server: TestServer;
let fakeService: Server;
let anthropic: FakeAnthropic;
let builder: Builder;
let connectionId: string;
let serviceItems: { id: string; title: string }[] = [];
const serviceHits: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

function serve(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    serviceHits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.url?.startsWith('/items')) return json(200, { items: serviceItems });
    // A careless service that echoes the credential it was sent.
    if (req.url?.startsWith('/echo')) return json(200, { youSent: req.headers['x-api-key'], body });
    if (req.url?.startsWith('/to-metadata'))
      return json(302, {}, { location: 'http://169.254.169.254/latest/meta-data/' });
    return json(404, { error: 'no such thing' });
  });
}

const connection = (allowedHosts: string[], baseUrl: string) => ({
  id: 'helpdesk',
  label: 'Help desk',
  provider: 'helpdesk',
  auth: { kind: 'api_key' as const, placement: 'header' as const, name: 'X-Api-Key' },
  allowedHosts,
  baseUrl,
});

function workflow(
  trigger: WorkflowDefinition['trigger'],
  steps: WorkflowDefinition['steps'],
  connections = [connection(['api.fake.test'], 'https://api.fake.test')],
): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Steps',
    trigger,
    start: steps[0]!.id,
    steps,
    connections,
  };
}

const manualTrigger: WorkflowDefinition['trigger'] = { kind: 'cron', cron: '0 8 * * *', timezone: 'UTC' };

async function createWorkflow(definition: WorkflowDefinition, bind = true): Promise<string> {
  const created = await api(server.url, builder, 'POST', '/api/workflows', { definition });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  if (bind && definition.connections.some((c) => c.auth.kind !== 'none')) {
    const bound = await api(server.url, builder, 'PUT', `/api/workflows/${id}/connections/helpdesk`, {
      connectionId,
    });
    expect(bound.status, await bound.clone().text()).toBe(200);
  }
  return id;
}

async function testRun(id: string, trigger: unknown = {}): Promise<RunDetail> {
  const response = await api(server.url, builder, 'POST', `/api/workflows/${id}/test-run`, { trigger });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as RunDetail;
}

beforeAll(async () => {
  fakeService = createServer(serve);
  await new Promise<void>((resolve) => fakeService.listen(0, '127.0.0.1', resolve));
  const port = (fakeService.address() as AddressInfo).port;
  anthropic = await startFakeAnthropic({ keys: [ANTHROPIC_KEY] });
  const outbound = nodeOutboundHttp({
    devHosts: new Map([['api.fake.test', { host: '127.0.0.1', port }]]),
    // A name that resolves to a private address, as an attacker's DNS would answer.
    lookup: async (hostname) =>
      hostname === 'internal.example.com'
        ? [{ address: '10.0.0.5', family: 4 }]
        : [{ address: '93.184.216.34', family: 4 }],
  });
  db = await openTestDb();
  server = await startTestServer(db, { outbound, env: { ANTHROPIC_BASE_URL: anthropic.url } });
  builder = await signUpBuilder(server.url, 'steps-builder');
  const created = await api(server.url, builder, 'POST', '/api/connections', {
    name: 'Help desk',
    provider: 'helpdesk',
    allowedHosts: ['api.fake.test'],
    apiKey: API_KEY,
  });
  expect(created.status, await created.clone().text()).toBe(201);
  connectionId = ((await created.json()) as { id: string }).id;
  const key = await api(server.url, builder, 'PUT', '/api/settings/anthropic-key', { key: ANTHROPIC_KEY });
  expect(key.status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
  await anthropic?.close();
  await new Promise((resolve) => fakeService?.close(resolve));
});

describe('call_api through a connection', () => {
  it('calls the declared host with the key and keeps the key out of the run, its answer and logs', async () => {
    const id = await createWorkflow(
      workflow(manualTrigger, [
        {
          id: 'echo',
          label: 'Echo',
          kind: 'call_api',
          connectionId: 'helpdesk',
          method: 'POST',
          path: '/echo',
          body: '{"hello": "world"}',
        },
      ]),
    );
    const run = await testRun(id);
    expect(run.status).toBe('succeeded');
    const hit = serviceHits.at(-1)!;
    expect(hit.url).toBe('/echo');
    expect(hit.headers['x-api-key']).toBe(API_KEY);
    expect(JSON.parse(hit.body)).toEqual({ hello: 'world' });
    const everything = JSON.stringify(run) + server.logLines.join('\n');
    expect(everything).not.toContain(API_KEY);
    expect(JSON.stringify(run.steps[0]!.output)).toContain('[redacted]');
  });

  it('refuses hosts outside the allowed list, private addresses and redirects to internal ones', async () => {
    const hits = serviceHits.length;
    const privateHost = await createWorkflow(
      workflow(
        manualTrigger,
        [{ id: 'peek', label: 'Peek', kind: 'call_api', connectionId: 'helpdesk', method: 'GET', path: '/' }],
        [connection(['internal.example.com'], 'https://internal.example.com')],
      ),
    );
    const privateRun = await testRun(privateHost);
    expect(privateRun.status).toBe('failed');
    expect(privateRun.steps[0]!.error?.code).toBe('private_address');

    const redirected = await createWorkflow(
      workflow(manualTrigger, [
        {
          id: 'follow',
          label: 'Follow',
          kind: 'call_api',
          connectionId: 'helpdesk',
          method: 'GET',
          path: '/to-metadata',
        },
      ]),
    );
    const redirectRun = await testRun(redirected);
    expect(redirectRun.status).toBe('failed');
    expect(['https_required', 'host_not_allowed', 'private_address']).toContain(
      redirectRun.steps[0]!.error?.code,
    );
    // Only the first hop reached the fake service; nothing followed the redirect.
    expect(serviceHits.length - hits).toBe(1);
  });

  it('fails the step with a clear reason when the connection is not bound', async () => {
    const id = await createWorkflow(
      workflow(manualTrigger, [
        {
          id: 'list',
          label: 'List',
          kind: 'call_api',
          connectionId: 'helpdesk',
          method: 'GET',
          path: '/items',
        },
      ]),
      false,
    );
    const run = await testRun(id);
    expect(run.status).toBe('failed');
    expect(run.steps[0]!.error?.message).toMatch(/not connected/);
    const activated = await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`);
    expect(activated.status).toBe(422);
    const body = (await activated.json()) as { findings: { ruleId: string }[] };
    expect(body.findings.map((f) => f.ruleId)).toContain('workflow.connection-not-connected');
  });
});

describe('AI steps', () => {
  it('classifies with the builder key through the SDK, records tokens, never shows the key', async () => {
    anthropic.enqueue(fakeReply.tool('record_classification', { label: 'billing', confidence: 0.92 }));
    const id = await createWorkflow(
      workflow(
        manualTrigger,
        [
          {
            id: 'sort',
            label: 'Sort',
            kind: 'ai',
            input: '"Invoice 42 is wrong"',
            ai: { task: 'classify', labels: ['billing', 'other'] },
          },
        ],
        [],
      ),
    );
    const run = await testRun(id);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0]!.output).toEqual({ label: 'billing', confidence: 0.92 });
    expect(run.tokens.input).toBeGreaterThan(0);
    const request = anthropic.requests.at(-1)!;
    expect(request.body?.tool_choice).toMatchObject({ type: 'tool', name: 'record_classification' });
    expect(request.rawBody).not.toContain(ANTHROPIC_KEY);
    expect(JSON.stringify(run) + server.logLines.join('\n')).not.toContain(ANTHROPIC_KEY);
  });
});

describe('sync webhooks that answer late', () => {
  it('answers 202 with the run id when the respond step is not reached in time, and the run goes on', async () => {
    const definition: WorkflowDefinition = {
      ...workflow(
        {
          kind: 'webhook',
          verification: { kind: 'token', header: 'X-Token', secretId: 'hook_token' },
          response: { mode: 'sync', timeoutMs: 200 },
        },
        [
          {
            id: 'sort',
            label: 'Sort',
            kind: 'ai',
            input: 'trigger.body.text',
            ai: { task: 'classify', labels: ['billing', 'other'] },
            next: 'answer',
          },
          { id: 'answer', label: 'Answer', kind: 'respond', status: 200, body: 'steps.sort.label' },
        ],
        [],
      ),
      secrets: [{ id: 'hook_token', label: 'Token' }],
    };
    const id = await createWorkflow(definition);
    const token = 'late-hook-token-0123';
    expect(
      (await api(server.url, builder, 'PUT', `/api/workflows/${id}/secrets/hook_token`, { value: token }))
        .status,
    ).toBe(200);
    expect((await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`)).status).toBe(200);
    // The model takes longer than the sender is willing to wait.
    anthropic.enqueue(
      fakeReply.tool('record_classification', { label: 'other', confidence: 0.7 }, { delayMs: 1_000 }),
    );
    const response = await fetch(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token': token },
      body: JSON.stringify({ text: 'Where is my parcel?' }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { runId: string; status: string };
    expect(body.status).toBe('running');
    await server.workflows.runner.drain();
    const run = (await (
      await api(server.url, builder, 'GET', `/api/workflows/${id}/runs/${body.runId}`)
    ).json()) as RunDetail;
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((step) => step.stepId)).toEqual(['sort', 'answer']);
    expect(JSON.stringify(run)).not.toContain(token);
  });
});

describe('records, state and schedules', () => {
  it("writes to the builder's own app through its rules, and cannot reach another builder's app", async () => {
    const app: AppDefinition = JSON.parse(
      JSON.stringify((await import('../../schemas/examples/bookmark-manager.app.json')).default),
    );
    const createdApp = await api(server.url, builder, 'POST', '/api/apps', { definition: app });
    expect(createdApp.status).toBe(201);
    const { id: appId } = (await createdApp.json()) as { id: string };
    expect((await api(server.url, builder, 'POST', `/api/apps/${appId}/publish`, {})).status).toBe(200);
    const save = (values: { fieldId: string; value: string }[]): WorkflowDefinition['steps'][number] => ({
      id: 'save',
      label: 'Save',
      kind: 'create_record',
      appId,
      tableId: 'bookmarks',
      values,
    });
    // The app's own rules apply: a bookmark needs its link.
    const incomplete = await testRun(
      await createWorkflow(workflow(manualTrigger, [save([{ fieldId: 'title', value: '"No link"' }])], [])),
    );
    expect(incomplete.status).toBe('failed');
    expect(incomplete.steps[0]!.error?.message).toMatch(/Link is required/);

    const id = await createWorkflow(
      workflow(
        manualTrigger,
        [
          save([
            { fieldId: 'title', value: '"From a workflow"' },
            { fieldId: 'url', value: '"https://example.com/a"' },
          ]),
        ],
        [],
      ),
    );
    const run = await testRun(id);
    expect(run.status, JSON.stringify(run.steps)).toBe('succeeded');
    const recordId = (run.steps[0]!.output as { id: string }).id;
    const rows = await db.asService('test-fixtures', (tx) =>
      tx.query<{ user_id: string; data: { read_status: string } }>(
        'select user_id, data from app_data where id = $1',
        [recordId],
      ),
    );
    expect(rows).toEqual([{ user_id: builder.id, data: expect.objectContaining({ read_status: 'unread' }) }]);

    const stranger = await signUpBuilder(server.url, 'steps-stranger');
    const intruding = workflow(manualTrigger, [save([{ fieldId: 'title', value: '"x"' }])], []);
    const theirs = await api(server.url, stranger, 'POST', '/api/workflows', { definition: intruding });
    expect(theirs.status).toBe(201);
    const { id: theirId } = (await theirs.json()) as { id: string };
    const attempt = await api(server.url, stranger, 'POST', `/api/workflows/${theirId}/test-run`, {
      trigger: {},
    });
    const attempted = (await attempt.json()) as RunDetail;
    expect(attempted.status).toBe('failed');
    expect(attempted.steps[0]!.error?.message).toMatch(/not one of your apps/);
  });

  it('refuses to activate a record step whose app id is not an app (even one shaped almost like an id)', async () => {
    const id = await createWorkflow(
      workflow(
        { kind: 'cron', cron: '0 8 * * *', timezone: 'UTC' },
        [
          {
            id: 'save',
            label: 'Save',
            kind: 'create_record',
            appId: '-'.repeat(36),
            tableId: 'bookmarks',
            values: [{ fieldId: 'title', value: '"x"' }],
          },
        ],
        [],
      ),
    );
    const activated = await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`);
    expect(activated.status).toBe(422);
    const body = (await activated.json()) as { findings: { ruleId: string }[] };
    expect(body.findings.map((f) => f.ruleId)).toContain('workflow.record-app-missing');
    const run = await testRun(id);
    expect(run.steps[0]!.error?.code).toBe('app_not_found');
  });

  it('fires a cron due time once even when the scheduler fires it twice', async () => {
    const id = await createWorkflow(
      workflow(
        { kind: 'cron', cron: '*/5 * * * *', timezone: 'Europe/Berlin' },
        [{ id: 'mark', label: 'Mark', kind: 'state_set', key: '"last"', value: 'trigger.scheduledAt' }],
        [],
      ),
    );
    expect((await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`)).status).toBe(200);
    const dueAt = new Date('2026-11-26T08:05:00Z');
    await server.workflows.fire({ workflowId: id, userId: builder.id, kind: 'cron', dueAt });
    await server.workflows.fire({ workflowId: id, userId: builder.id, kind: 'cron', dueAt });
    await server.workflows.runner.drain();
    const runs = (await (await api(server.url, builder, 'GET', `/api/workflows/${id}/runs`)).json()) as {
      runs: RunDetail[];
    };
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ trigger: 'cron', status: 'succeeded' });
    const schedule = await db.withUser({ sub: builder.id, role: 'authenticated' }, (tx) =>
      tx.query<{ kind: string }>('select kind from workflow_schedules where workflow_id = $1', [id]),
    );
    expect(schedule).toEqual([{ kind: 'cron' }]);
  });

  it('polls: the first look is the baseline, then one run per new item, none twice', async () => {
    serviceItems = [{ id: 'a', title: 'Old' }];
    const id = await createWorkflow(
      workflow(
        {
          kind: 'polling',
          connectionId: 'helpdesk',
          request: { method: 'GET', path: '/items' },
          intervalMinutes: 5,
          items: 'response.body.items',
          dedupeKey: 'item.id',
        },
        [
          {
            id: 'note',
            label: 'Note',
            kind: 'state_set',
            key: '"seen_" + trigger.id',
            value: 'trigger.title',
          },
        ],
      ),
    );
    expect((await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`)).status).toBe(200);
    const poll = async (minute: number) => {
      await server.workflows.fire({
        workflowId: id,
        userId: builder.id,
        kind: 'polling',
        dueAt: new Date(Date.UTC(2026, 10, 26, 9, minute)),
      });
      await server.workflows.runner.drain();
    };
    await poll(0);
    serviceItems = [
      { id: 'a', title: 'Old' },
      { id: 'b', title: 'New' },
    ];
    await poll(5);
    await poll(10);
    serviceItems = [
      { id: 'c', title: 'Newer' },
      { id: 'b', title: 'New' },
    ];
    await poll(15);
    const runs = (await (await api(server.url, builder, 'GET', `/api/workflows/${id}/runs`)).json()) as {
      runs: RunDetail[];
    };
    expect(runs.runs).toHaveLength(2);
    const details = await Promise.all(
      runs.runs.map(
        async (r) =>
          (await (
            await api(server.url, builder, 'GET', `/api/workflows/${id}/runs/${r.id}`)
          ).json()) as RunDetail,
      ),
    );
    expect(details.map((d) => (d.triggerInput as { id: string }).id).sort()).toEqual(['b', 'c']);
  });
});
