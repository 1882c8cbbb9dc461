// ECS Image:StateChange events forwarded to an MNS topic, as a CloudMonitor
// event rule would (research §4), in the documented event shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimClock } from '../../../local/cloud/core/clock';
import { LocalRegionWorld } from '../../../local/cloud/core/world';
import { cloudMonitorEventTime } from '../../../local/cloud/ecs/image-events';
import { seedDemo, DEMO_IMAGE_EVENTS_TOPIC } from '../../../local/cloud/seed/demo';

describe('Image:StateChange forwarding', () => {
  it('publishes Creating and Available of a new custom image, and nothing for the seeded ones', () => {
    // Prepare
    const clock = new SimClock({ startMs: Date.parse('2024-04-10T08:01:01Z') });
    const world = new LocalRegionWorld('1234567890123456', 'cn-hangzhou', clock);
    seedDemo(world);
    const seededMessages = world.mns.history(DEMO_IMAGE_EVENTS_TOPIC).length;

    // Act
    const image = world.ecs.images.create({
      imageName: 'app-base-2024.12.01',
      imageFamily: 'app-base',
      buildSeconds: 60,
    });
    clock.advance(60);

    // Assess
    assert.equal(seededMessages, 0);
    const events = world.mns.history(DEMO_IMAGE_EVENTS_TOPIC).map((m) => JSON.parse(m.body) as Record<string, unknown>);
    assert.deepEqual(
      events.map((e) => e['content']),
      [
        { imageId: image.imageId, currentState: 'Creating' },
        { imageId: image.imageId, currentState: 'Available' },
      ],
    );
    const available = events[1]!;
    assert.equal(available['name'], 'Image:StateChange');
    assert.equal(available['product'], 'ECS');
    assert.equal(available['level'], 'INFO');
    assert.equal(available['resourceId'], `acs:ecs:cn-hangzhou:1234567890123456:image/${image.imageId}`);
    assert.equal(available['eventTime'], '20240410T160201.000+0800');
  });

  it('stops forwarding when the topic is cleared', () => {
    // Prepare
    const clock = new SimClock({ startMs: 0 });
    const world = new LocalRegionWorld('1234567890123456', 'cn-hangzhou', clock);
    world.ecs.imageEvents.forwardTo('images');
    world.ecs.imageEvents.forwardTo(undefined);

    // Act
    world.ecs.images.create({ imageName: 'x', available: true });

    // Assess
    assert.equal(world.mns.history('images').length, 0);
  });

  it('prints event times in UTC+8 with milliseconds', () => {
    // Act / Assess
    assert.equal(cloudMonitorEventTime(Date.parse('2024-04-10T08:01:01.922Z')), '20240410T160101.922+0800');
  });
});
