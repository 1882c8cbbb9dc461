// Types shared by the per-product interfaces.

/** Known values plus any string a newer API version may add. */
export type Known<T extends string> = T | (string & NonNullable<unknown>);

/** A PageNumber/PageSize response. */
export interface Paged {
  requestId: string;
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

/** A write that returns nothing but its request id. */
export interface WriteResult {
  requestId: string;
}

/** A list request without its paging fields: what listAll… helpers take. */
export type ListRequest<R> = Omit<R, 'pageNumber' | 'pageSize' | 'nextToken' | 'maxResults'>;
