import { z } from 'zod';

/**
 * A builder's own Anthropic key. The pattern is checked without ever echoing the value: Zod
 * issues carry only the message, never the input.
 */
export const PutAnthropicKeyBody = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^sk-ant-[A-Za-z0-9_-]{16,256}$/, 'must be an Anthropic API key (it starts with "sk-ant-")'),
});
export type PutAnthropicKeyBody = z.infer<typeof PutAnthropicKeyBody>;

export const AnthropicKeyStatus = z.object({
  configured: z.boolean(),
  last4: z.string().length(4).optional(),
  updatedAt: z.string().optional(),
});
export type AnthropicKeyStatus = z.infer<typeof AnthropicKeyStatus>;
