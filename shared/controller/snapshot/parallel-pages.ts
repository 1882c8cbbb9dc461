// A PageNumber/PageSize listing with its pages fetched concurrently once the
// first page has told how many there are: the same calls as walking the
// pages one by one, a fraction of the waiting (each call's latency overlaps).
import type { Paged } from '../../cloud/api';
import { mapLimited } from '../../concurrency';

export async function listPagesConcurrently<T>(
  pageSize: number,
  concurrency: number,
  fetchPage: (pageNumber: number, pageSize: number) => Promise<Paged & { items: T[] }>,
): Promise<T[]> {
  const first = await fetchPage(1, pageSize);
  const pages = Math.ceil(first.totalCount / pageSize);
  const rest = await mapLimited(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2),
    concurrency,
    async (n) => (await fetchPage(n, pageSize)).items,
  );
  return [...first.items, ...rest.flat()];
}
