import { parseArgs } from 'node:util';
import { demoReply } from './demo-script.ts';
import { studioDemoScript } from './pipeline-script.ts';
import { startFakeAnthropic } from './server.ts';

// Starts the fake Anthropic server by hand, for demos and manual testing:
//   npx tsx api/testing/fake-anthropic/main.ts --port 4100 [--key sk-demo]…
// then run the platform with ANTHROPIC_BASE_URL=http://127.0.0.1:4100. Every forced tool call is
// answered with a schema-valid placeholder input; other requests get a short text.
// With --pipeline (or FAKE_ANTHROPIC_PIPELINE=1) it answers the agent pipeline with a coherent canned
// feature instead (pipeline-script.ts): a recipe tracker in components mode, a recipe-suggestion inbox
// in workflows mode, a unit converter in code mode — so the studio's chat, build, approval and
// co-pilot can be demoed without a key. Anything else still gets the placeholder answers.

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string', multiple: true },
    pipeline: { type: 'boolean', default: process.env.FAKE_ANTHROPIC_PIPELINE === '1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number (0-65535), got "${values.port}"`);
  process.exit(1);
}

// The BA's text arrives in a few pieces; a short pause between them lets the studio show it typing.
const script = values.pipeline ? studioDemoScript({ otherwise: demoReply, chunkDelayMs: 60 }) : demoReply;
const fake = await startFakeAnthropic({ port, host: values.host, keys: values.key, script });
console.log(
  `fake Anthropic listening on ${fake.url} (${values.key ? `${values.key.length} key(s)` : 'any key'} accepted)` +
    (values.pipeline
      ? ', answering with the canned pipeline (recipe tracker / suggestion inbox / unit converter)'
      : ''),
);
console.log(`use it with: ANTHROPIC_BASE_URL=${fake.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
