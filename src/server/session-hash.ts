// SHA-256 of a session id, hex. The token handler hashes each session id once:
// the whole digest keys the rate limit (a store never sees the id), its first
// 16 hex digits label the audit record. A session id is a bearer secret, so it
// is never written or sent anywhere as is.
//
// Web Crypto is the portable way (workers, Deno, browsers), but in Node its
// digest is a thread-pool job, about 50 µs a call, a quarter of the whole
// request's own cost; Node's synchronous createHash gives the same digest in
// about 2 µs. So Node's is used where the runtime offers it, without a static
// `node:crypto` import (that would break the helper in workers).

type NodeCrypto = { createHash(algorithm: 'sha256'): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } } };

const nodeCrypto: NodeCrypto | undefined = (() => {
  try {
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const module = typeof getBuiltinModule === 'function' ? (getBuiltinModule('node:crypto') as NodeCrypto | undefined) : undefined;
    return typeof module?.createHash === 'function' ? module : undefined;
  } catch {
    return undefined;
  }
})();

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** SHA-256 of the UTF-8 of `text`, 64 lowercase hex digits. */
export function sha256Hex(text: string): string | Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return sha256HexWebCrypto(text);
}

/** The Web Crypto path (where there is no node:crypto). */
async function sha256HexWebCrypto(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += HEX[byte]!;
  return hex;
}
