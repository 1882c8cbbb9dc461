// CloudMonitor (API 2019-01-01) as data: Version → Action → handler.
import type { RpcRoutes } from '../core/contracts';
import type { RpcProduct } from '../core/rpc';
import { describeMetricLast, describeMetricList } from './handlers';

export const CMS_API_VERSION = '2019-01-01';

export const cmsRoutes: RpcRoutes = {
  [CMS_API_VERSION]: {
    DescribeMetricList: describeMetricList,
    DescribeMetricLast: describeMetricLast,
  },
};

export const cmsProduct: RpcProduct = { name: 'cms', routes: cmsRoutes };
