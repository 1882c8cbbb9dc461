// Paging lives here so no caller ever forgets page 2. Two styles exist in the
// APIs rollgate uses: PageNumber/PageSize with TotalCount (ESS, ECS) and
// NextToken/MaxResults (OOS, ESS ListTagResources).

/** API maxima, used as the page size of every listAll… helper. */
export const MAX_PAGE_SIZE = {
  essDescribeScalingGroups: 50,
  essDescribeScalingInstances: 100,
  essDescribeScalingActivities: 50,
  essDescribeScalingConfigurations: 50,
  ecsDescribeImages: 100,
  ecsDescribeInstances: 100,
  ecsDescribeInvocations: 50,
  ecsDescribeInvocationResults: 50,
  oosListExecutions: 100,
  oosListTaskExecutions: 100,
} as const;

/**
 * The most ids one call takes in a list filter: DescribeScalingGroups `ScalingGroupIds` 20 and
 * DescribeScalingConfigurations `ScalingConfigurationIds` 10 (ess-20220222 models; ROS `DATASOURCE::ESS::*`).
 * The listAll… helpers split longer lists, so no caller sends more.
 */
export const MAX_IDS_PER_CALL = {
  essScalingGroupIds: 20,
  essScalingConfigurationIds: 10,
} as const;

/** `items` in runs of at most `size`; one empty run for none, so a listing without that filter is made once. */
export function idRuns<T>(items: readonly T[] | undefined, size: number): Array<T[] | undefined> {
  if (items === undefined) return [undefined];
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

/** Guards against a server that never ends a listing (a repeated token, a wrong TotalCount). */
const MAX_PAGES = 10_000;

export interface NumberedPage<T> {
  items: T[];
  totalCount: number;
}

/** Pages 1, 2, … until TotalCount items were seen or a page comes back short. */
export async function* pagesByNumber<T>(
  pageSize: number,
  fetchPage: (pageNumber: number, pageSize: number) => Promise<NumberedPage<T>>,
): AsyncGenerator<T[]> {
  let seen = 0;
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await fetchPage(pageNumber, pageSize);
    if (page.items.length > 0) yield page.items;
    seen += page.items.length;
    if (page.items.length < pageSize || seen >= page.totalCount) return;
  }
}

export interface TokenPage<T> {
  items: T[];
  nextToken?: string | undefined;
}

/** Follows NextToken until the server returns none (or an empty one). */
export async function* pagesByToken<T>(
  fetchPage: (nextToken: string | undefined) => Promise<TokenPage<T>>,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  const used = new Set<string>();
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetchPage(token);
    if (page.items.length > 0) yield page.items;
    token = page.nextToken === '' ? undefined : page.nextToken;
    if (token === undefined || used.has(token)) return;
    used.add(token);
  }
}

/** Collects every item of a paged listing. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const items of pages) all.push(...items);
  return all;
}
