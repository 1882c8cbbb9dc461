// OOS actions the local cloud answers, by API version.
import type { RpcRoutes } from '../core/contracts';
import {
  cancelExecution,
  createParameter,
  deleteParameter,
  getParameter,
  listExecutions,
  listTaskExecutions,
  notifyExecution,
  startExecution,
  updateParameter,
} from './handlers';

export const oosRoutes: RpcRoutes = {
  '2019-06-01': {
    StartExecution: startExecution,
    ListExecutions: listExecutions,
    ListTaskExecutions: listTaskExecutions,
    NotifyExecution: notifyExecution,
    CancelExecution: cancelExecution,
    CreateParameter: createParameter,
    GetParameter: getParameter,
    UpdateParameter: updateParameter,
    DeleteParameter: deleteParameter,
  },
};
