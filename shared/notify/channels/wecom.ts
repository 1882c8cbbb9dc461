// WeCom (WeChat Work) group robot: markdown message; the key in the URL is the credential.
import { robotError } from './dingtalk';
import { JSON_HEADERS, type AnswerCheck, type ChannelRenderer } from './types';

export const renderWecom: ChannelRenderer = ({ url, message }) => {
  const color = message.severity === 'warning' ? 'warning' : 'info';
  const content = [`**<font color="${color}">${message.title}</font>**`, ...message.lines.map((l) => `> ${l}`)].join(
    '\n',
  );
  return { url, headers: { ...JSON_HEADERS }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
};

/** WeCom answers 200 with `{"errcode":0}`. */
export const checkWecom: AnswerCheck = (_status, body) => robotError(body, 'errcode', 'errmsg');
