import type { Channel } from '../../domain/policy';
import { checkDingtalk, renderDingtalk } from './dingtalk';
import { checkFeishu, renderFeishu } from './feishu';
import { renderSlack } from './slack';
import type { AnswerCheck, ChannelRenderer } from './types';
import { renderWebhook } from './webhook';
import { checkWecom, renderWecom } from './wecom';

export const CHANNELS: Readonly<Record<Channel['type'], { render: ChannelRenderer; check?: AnswerCheck }>> = {
  dingtalk: { render: renderDingtalk, check: checkDingtalk },
  feishu: { render: renderFeishu, check: checkFeishu },
  wecom: { render: renderWecom, check: checkWecom },
  slack: { render: renderSlack },
  webhook: { render: renderWebhook },
};

export type { OutgoingRequest, RenderInput } from './types';
