// What a page keeps on V8's heap, by object kind, from a heap snapshot (CDP
// HeapProfiler): used by the many-elements bench (the retained heap per flow,
// compiled code left out) and by trace.ts (the same, kind by kind).
import type { CDPSession } from 'playwright-core';

export type HeapKinds = Map<string, { count: number; size: number }>;

/** Self size and count per "type:name" of a V8 heap snapshot. */
export async function heapByKind(cdp: CDPSession): Promise<HeapKinds> {
  let json = '';
  const onChunk = ({ chunk }: { chunk: string }) => (json += chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(json) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const kinds = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    let name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(strings)';
    if (type === 'number') name = '(numbers)';
    if (name.length > 60) name = `${name.slice(0, 57)}...`;
    const key = `${type}:${name}`;
    const kind = kinds.get(key) ?? { count: 0, size: 0 };
    kind.count += 1;
    kind.size += snapshot.nodes[i + sizeAt]!;
    kinds.set(key, kind);
  }
  return kinds;
}

/**
 * Bytes added between two snapshots in V8 objects a flow keeps: Blink's own
 * ("native") objects are not in V8's heap, and compiled code ("code": machine
 * code, bytecode, feedback) is made once per page for hot functions, however
 * many flows run, so it is left out too.
 */
export function retainedBytes(before: HeapKinds, after: HeapKinds): number {
  let total = 0;
  for (const [key, { size }] of after) if (!/^(native|synthetic|code):/.test(key)) total += size;
  for (const [key, { size }] of before) if (!/^(native|synthetic|code):/.test(key)) total -= size;
  return total;
}
