/**
 * What the JavaScript heap holds, from a V8 heap snapshot: count and bytes of the nodes a program can retain
 * (objects, closures, arrays, strings, ...). V8's own compiled code, bytecode and maps are left out: they grow
 * while the JIT tiers up and are not held by the program, so they say nothing about a leak.
 */
import v8 from 'node:v8';

const V8_OWN = new Set(['code', 'hidden', 'object shape', 'synthetic']);

export async function heapCensus() {
  globalThis.gc();
  const chunks = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(chunk);
  const { snapshot, nodes } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const fields = snapshot.meta.node_fields;
  const typeNames = snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  let count = 0;
  let bytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    if (V8_OWN.has(typeNames[nodes[i + typeAt]])) continue;
    count++;
    bytes += nodes[i + sizeAt];
  }
  return { count, bytes };
}
