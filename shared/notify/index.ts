// Notifications: rollgate events rendered for DingTalk, Feishu, WeCom, Slack
// or a generic webhook, and delivered once per event and channel.
export { notifyEvent, type Delivery, type NotifyDeps } from './notify';
export { renderMessage, type Message } from './message';
export { createSeenDeliveries, type SeenDeliveries } from './seen';
export { CHANNELS } from './channels/index';
export { dingtalkSign } from './channels/dingtalk';
export { feishuSign } from './channels/feishu';
export { webhookSignature } from './channels/webhook';
