// Call counts from the local cloud itself (GET/DELETE /_local/requests): every
// request it served, per product and action, whoever made it.
export interface ServedRequests {
  total: number;
  byAction: Record<string, number>;
}

async function requests(url: string, method: 'GET' | 'DELETE'): Promise<ServedRequests> {
  const response = await fetch(`${url}/_local/requests`, { method });
  if (!response.ok) throw new Error(`requests: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as ServedRequests;
}

export const resetRequests = (url: string): Promise<ServedRequests> => requests(url, 'DELETE');
export const servedRequests = (url: string): Promise<ServedRequests> => requests(url, 'GET');

export function byActionText(served: ServedRequests): string {
  return Object.entries(served.byAction)
    .sort(([, a], [, b]) => b - a)
    .map(([action, n]) => `${action}=${n}`)
    .join(' ');
}
