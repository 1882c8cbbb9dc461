// Placeholder until the FC product lands: answers nothing, so FC paths fall through to RPC.
import type { RestProduct } from '../core/contracts';

export const fcProduct: RestProduct = {
  name: 'fc',
  matches: () => false,
  handle: async () => ({ status: 404, body: 'FC is not available in this build of the local cloud' }),
};
