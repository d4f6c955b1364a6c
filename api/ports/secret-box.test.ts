import { describe, expect, it } from 'vitest';
import { aesGcmSecretBox } from './secret-box.ts';

const key = (fill: number) => new Uint8Array(32).fill(fill);

describe('AES-256-GCM secret box', () => {
  it('opens what it sealed, with a fresh nonce each time', async () => {
    const box = await aesGcmSecretBox(key(1));
    const a = await box.seal('sk-ant-secret', 'ctx');
    const b = await box.seal('sk-ant-secret', 'ctx');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(await box.open(a, 'ctx')).toBe('sk-ant-secret');
  });

  it('refuses another context, another key and a tampered ciphertext', async () => {
    const box = await aesGcmSecretBox(key(1));
    const sealed = await box.seal('value', 'user-a');
    await expect(box.open(sealed, 'user-b')).rejects.toThrow();
    await expect((await aesGcmSecretBox(key(2))).open(sealed, 'user-a')).rejects.toThrow();
    const [v, iv, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${body!.slice(0, -2)}${body!.endsWith('AA') ? 'AB' : 'AA'}`;
    await expect(box.open(flipped, 'user-a')).rejects.toThrow();
  });

  it('wants a 32-byte key', async () => {
    await expect(aesGcmSecretBox(new Uint8Array(16))).rejects.toThrow(/32 bytes/);
  });
});
