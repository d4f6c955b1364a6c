/**
 * Seals builders' secrets with AES-256-GCM (WebCrypto, so it runs in Node and workerd). The
 * associated data binds a ciphertext to its owner and purpose: a sealed value copied to another
 * builder's row does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

const VERSION = 'v1';
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

export async function aesGcmSecretBox(masterKey: Uint8Array): Promise<SecretBox> {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes (AES-256)');
  const key = await crypto.subtle.importKey('raw', masterKey as BufferSource, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const cipher = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        key,
        encoder.encode(plaintext),
      );
      return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(cipher))}`;
    },
    async open(sealed, context) {
      const [version, iv, cipher] = sealed.split('.');
      if (version !== VERSION || !iv || !cipher) throw new Error('sealed secret has an unknown format');
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv) as BufferSource, additionalData: encoder.encode(context) },
        key,
        fromBase64(cipher) as BufferSource,
      );
      return new TextDecoder().decode(plain);
    },
  };
}
