import type { CloudClients } from '../../cloud/api';
import type { RollgateEvent } from '../../domain/events';

/**
 * Publishes a rollgate event to the events topic for the notifier. The event
 * id is deterministic, so a consumer drops a duplicate delivery.
 */
export async function publishEvent(clients: CloudClients, topicName: string, event: RollgateEvent): Promise<void> {
  await clients.mns.publishMessage({ topicName, messageBody: JSON.stringify(event) });
}
