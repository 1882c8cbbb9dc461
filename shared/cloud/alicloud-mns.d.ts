// Types for the untyped `@alicloud/mns` CommonJS client: only what rollgate calls.
declare module '@alicloud/mns' {
  interface MnsClientOptions {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    region?: string;
    /** Full base URL, e.g. `http://127.0.0.1:9100`; replaces the `{accountId}.mns.{region}` host. */
    endpoint?: string;
    secure?: boolean;
    internal?: boolean;
    vpc?: boolean;
    readTimeout?: number;
    connectTimeout?: number;
  }
  interface MnsResponse {
    code: number;
    headers: Record<string, string>;
    /** Element values of the response XML as strings (absent for empty bodies). */
    body?: Record<string, unknown>;
  }
  class MnsClient {
    constructor(accountId: string, options: MnsClientOptions);
    publishMessage(topicName: string, params: Record<string, string>): Promise<MnsResponse>;
    sendMessage(queueName: string, params: Record<string, string | number>): Promise<MnsResponse>;
    receiveMessage(queueName: string, waitSeconds?: number): Promise<MnsResponse>;
    deleteMessage(queueName: string, receiptHandle: string): Promise<MnsResponse>;
  }
  export = MnsClient;
}
