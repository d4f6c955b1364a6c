import { parseArgs } from 'node:util';
import { demoReply } from './demo-script.ts';
import { startFakeAnthropic } from './server.ts';

// Starts the fake Anthropic server by hand, for demos and manual testing:
//   npx tsx api/testing/fake-anthropic/main.ts --port 4100 [--key sk-demo]…
// then run the platform with ANTHROPIC_BASE_URL=http://127.0.0.1:4100. Every forced tool call is
// answered with a schema-valid placeholder input; other requests get a short text.

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string', multiple: true },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number (0-65535), got "${values.port}"`);
  process.exit(1);
}

const fake = await startFakeAnthropic({ port, host: values.host, keys: values.key, script: demoReply });
console.log(
  `fake Anthropic listening on ${fake.url} (${values.key ? `${values.key.length} key(s)` : 'any key'} accepted)`,
);
console.log(`use it with: ANTHROPIC_BASE_URL=${fake.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
