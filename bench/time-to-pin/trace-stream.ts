// A CDP trace taken with `transferMode: 'ReturnAsStream'`, read back whole.
import type { CDPSession } from 'playwright-core';

export async function readTraceStream(cdp: CDPSession, handle: string): Promise<string> {
  let text = '';
  for (;;) {
    const { data, eof, base64Encoded } = (await cdp.send('IO.read', { handle, size: 1 << 20 })) as {
      data: string;
      eof: boolean;
      base64Encoded?: boolean;
    };
    text += base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data;
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  return text;
}
