// Deterministic ids: a per-source counter mixed through a hash, so two runs of
// the same test produce the same ids and ids still look random like real ones.
import { createHash } from 'node:crypto';

export type NewId = (prefix: string, length?: number) => string;

export function createIdSource(seed: string): NewId {
  let counter = 0;
  return (prefix, length = 20) => {
    counter += 1;
    let hex = '';
    for (let block = 0; hex.length < length; block++) {
      hex += createHash('sha256').update(`${seed}:${counter}:${block}`).digest('hex');
    }
    return prefix + hex.slice(0, length);
  };
}

/** Request ids shaped like Alibaba's (`8C5A1E2B-…`), deterministic per source. */
export function createRequestIdSource(seed: string): () => string {
  const next = createIdSource(`request:${seed}`);
  return () => {
    const hex = next('', 32).toUpperCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
