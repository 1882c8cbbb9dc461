// Slack incoming webhook: `text` (the fallback) plus one section block.
import { JSON_HEADERS, type ChannelRenderer } from './types';

export const renderSlack: ChannelRenderer = ({ url, message }) => {
  const icon = message.severity === 'warning' ? ':warning:' : ':white_check_mark:';
  const text = `${icon} *${message.title}*\n${message.lines.join('\n')}`;
  return {
    url,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }),
  };
};
