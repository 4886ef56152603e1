import { firstStateDeliveries } from './post-events';

describe('firstStateDeliveries', () => {
  const webhooks = [
    { id: 'wh_scheduled', events: ['post.scheduled', 'post.published'] },
    { id: 'wh_published', events: ['post.published'] },
    { id: 'wh_also_scheduled', events: ['post.scheduled'] },
  ];

  test('a scheduled post announces post.scheduled to the webhooks that subscribe to it', () => {
    expect(firstStateDeliveries(webhooks, 'SCHEDULED')).toEqual({
      event: 'post.scheduled',
      webhookIds: ['wh_scheduled', 'wh_also_scheduled'],
    });
  });

  test('nothing to record when no webhook subscribes, or the first state announces nothing (awaiting approval)', () => {
    expect(firstStateDeliveries([webhooks[1]!], 'SCHEDULED')).toBeUndefined();
    expect(firstStateDeliveries(webhooks, 'PENDING_APPROVAL')).toBeUndefined();
  });
});
