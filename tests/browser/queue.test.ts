// The queue in a real browser against the real server, worker, Temporal and PostgreSQL, as
// a social-media manager used to Buffer works it: two accounts' posting schedules set with
// the schedule editor (a time for several days at once, a chip removed, a duplicate named
// beside "Add a time"); posts added to the queue from the composer, shown at their times;
// a mouse drag and a keyboard drag that swap two posts' times; Share next, which moves the
// others one slot later; and a post for both accounts at each one's own slot or at one time
// in both; and the schedule saved without JavaScript. At desktop and phone width.
import type { BrowserContext, Page } from 'playwright-core';
import { apiAsPage, EDITOR_TIME_ZONE, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

let app: WebApp;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
const consoleErrors: string[] = [];
const accounts = { demo: '', other: '' };

interface Post {
  id: string;
  publishAt: string;
  targets: Array<{ connectionId: string }>;
}
interface Upcoming {
  upcoming: Array<{ at: string; post: { id: string } | null }>;
}

/** `HH:00` in Berlin, `hours` from now: slots well away from now, so that none passes while the test runs. */
function berlinHourFromNow(hours: number, minutes = '00'): string {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: EDITOR_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  return `${String((hour + hours) % 24).padStart(2, '0')}:${minutes}`;
}
const [EARLY, MIDDLE, LATE] = [berlinHourFromNow(3), berlinHourFromNow(6, '30'), berlinHourFromNow(9)];

/** How the queue shows an instant's time (Berlin, the queues' zone), and how its notices name it. */
const berlinClock = (instant: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: EDITOR_TIME_ZONE, timeStyle: 'short' }).format(new Date(instant));
const berlinDayAndTime = (instant: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: EDITOR_TIME_ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));

const getPost = (id: string): Promise<Post> => api.get(`/api/v1/posts/${id}`);
const upcoming = (connectionId: string): Promise<Upcoming> => api.get(`/api/v1/connections/${connectionId}/queue/upcoming?limit=60`);
/** The account's free slots, soonest first, as the queue would give them out. */
async function freeSlots(connectionId: string): Promise<string[]> {
  return (await upcoming(connectionId)).upcoming
    .filter((slot) => !slot.post && Date.parse(slot.at) > Date.now() + 60_000)
    .map((slot) => slot.at);
}
const slotRow = (postId: string) => page.locator(`li.queue-slot[data-post-id="${postId}"]`);
/** Waits until `postId` heads the queue and no swap is under way (one shows the posts in their new places at once). */
const headsTheQueue = (postId: string) =>
  page.waitForFunction(
    (id) =>
      document.querySelector('li.queue-slot.booked')?.getAttribute('data-post-id') === id &&
      !document.querySelector('li.queue-slot.moving'),
    postId,
  );

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ context, page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    // the refused save answers 400, which the browser logs as a failed resource
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Queenie');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  accounts.demo = (await api.get('/api/v1/connections')).data[0].id;
  accounts.other = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Second feed' })).id;
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

/** Writes a post for `accountNames` and queues it with `button`; ends on the Queue page, on its notice. */
async function queueFromComposer(text: string, accountNames: string[], button: 'Add to queue' | 'Share next', mode?: string) {
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  for (const name of accountNames) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
  await page.getByLabel('Text', { exact: true }).fill(text);
  if (mode) await page.getByRole('radio', { name: mode }).check();
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL(/\/queue\?account=.*added=/);
  await page.getByText('Added to the queue.').waitFor();
  return new URL(page.url()).searchParams.get('added')!.split(',');
}

async function openQueueOf(connectionId: string) {
  await page.goto(`${app.server.url}/queue?account=${connectionId}`);
  await page.getByRole('button', { name: 'Weekdays' }).waitFor(); // hydrated
}

test('each account’s posting schedule is set with the schedule editor', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Weekdays' }).waitFor(); // hydrated
  // the account's queue starts in the user's zone, without slots
  expect(await page.getByLabel('Time zone').inputValue()).toBe(EDITOR_TIME_ZONE);
  await page.getByText('No slots yet').waitFor();

  const time = page.getByLabel('Time', { exact: true });
  await time.fill(EARLY);
  await page.getByRole('button', { name: 'Every day' }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await time.fill(MIDDLE);
  await page.getByRole('button', { name: 'Weekdays' }).click();
  expect(await page.getByRole('checkbox', { name: 'Saturday' }).isChecked()).toBe(false);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: `Remove Saturday ${EARLY}` }).click();
  await page.getByText('Unsaved changes').waitFor();
  expect(await page.getByRole('group', { name: 'Monday' }).locator('.slot-chip').allTextContents()).toEqual(
    [EARLY, MIDDLE].sort().map((slot) => `${slot}×`),
  );
  expect(await page.getByRole('group', { name: 'Saturday' }).textContent()).toContain('No times');

  // a time typed for days that have it already, sent without "Add": the server names it beside "Add a time"
  await time.fill(EARLY);
  await page.getByRole('checkbox', { name: 'Sunday' }).check();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page
    .getByRole('group', { name: 'Add a time' })
    .getByText(`${EARLY} is already a slot on Monday, Tuesday, Wednesday, Thursday, Friday, Sunday`)
    .waitFor();
  await screenshot(page, 'queue-schedule-refused');

  await time.fill('');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.getByRole('status').getByText('Schedule saved. No queued post had to move.').waitFor();
  const saved = await api.get(`/api/v1/connections/${accounts.demo}/queue`);
  expect(saved.timeZone).toBe(EDITOR_TIME_ZONE);
  expect(saved.slots).toHaveLength(6 + 5);
  expect(saved.slots).not.toContainEqual({ day: 'sat', time: EARLY });
  await page.locator('li.queue-slot').nth(19).waitFor();

  // the second account: two times every day
  await page
    .getByRole('navigation', { name: 'Accounts' })
    .getByRole('link', { name: /Second feed/ })
    .click();
  await page.getByRole('heading', { name: 'Posting schedule of Second feed' }).waitFor();
  await page.getByRole('button', { name: 'Every day' }).click();
  for (const slot of [MIDDLE, LATE]) {
    await time.fill(slot);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.getByRole('status').getByText('Schedule saved.').waitFor();
  expect((await api.get(`/api/v1/connections/${accounts.other}/queue`)).slots).toHaveLength(14);
  await screenshot(page, 'queue-schedule');
});

test('posts added from the composer show at their times, and a drag (mouse or keyboard) swaps two posts’ times', async () => {
  const [firstSlot, secondSlot] = await freeSlots(accounts.demo);
  const [first] = await queueFromComposer('First in the queue', ['Demo feed'], 'Add to queue');
  await page.getByRole('status').getByText(berlinDayAndTime(firstSlot!)).waitFor();
  expect(await slotRow(first!).locator('time').textContent()).toBe(berlinClock(firstSlot!));
  const [second] = await queueFromComposer('Second in the queue', ['Demo feed'], 'Add to queue');
  expect(await slotRow(second!).locator('time').textContent()).toBe(berlinClock(secondSlot!));
  expect((await getPost(first!)).publishAt).toBe(firstSlot);
  expect((await getPost(second!)).publishAt).toBe(secondSlot);
  await screenshot(page, 'queue-two-posts');

  // the mouse drags the second post onto the first: they swap times
  const from = (await slotRow(second!).locator('.queue-slot-time').boundingBox())!;
  const to = (await slotRow(first!).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.waitForTimeout(200);
  await page.mouse.up();
  await page.getByRole('status').getByText('Swapped. 2 queued posts moved:').waitFor();
  await headsTheQueue(second!);
  expect((await getPost(first!)).publishAt).toBe(secondSlot);
  expect((await getPost(second!)).publishAt).toBe(firstSlot);
  expect(await slotRow(second!).locator('time').textContent()).toBe(berlinClock(firstSlot!));
  await screenshot(page, 'queue-swapped');

  // the keyboard picks the first post up by its handle and drops it on the one above: back as they were
  await slotRow(first!)
    .getByRole('button', { name: /^Drag “First in the queue”/ })
    .focus();
  await page.keyboard.press('Space');
  await page.getByText('Picked up “First in the queue”', { exact: false }).waitFor({ state: 'attached' });
  await page.keyboard.press('ArrowUp');
  await page.getByText('Over “Second in the queue”', { exact: false }).waitFor({ state: 'attached' });
  await page.keyboard.press('Space');
  await page.getByText('Swapped “First in the queue” with “Second in the queue”.').waitFor({ state: 'attached' });
  await headsTheQueue(first!);
  expect((await getPost(first!)).publishAt).toBe(firstSlot);
  expect((await getPost(second!)).publishAt).toBe(secondSlot);

  // without dragging: Move up
  await page.getByRole('button', { name: 'Move up Second in the queue' }).click();
  await headsTheQueue(second!);
  expect((await getPost(second!)).publishAt).toBe(firstSlot);
  await page.getByRole('button', { name: 'Move up First in the queue' }).click();
  await headsTheQueue(first!);
});

test('Share next takes the very next slot and moves the queued posts one slot later', async () => {
  const booked = (await upcoming(accounts.demo)).upcoming.filter((slot) => slot.post).map((slot) => slot.at);
  const [breaking] = await queueFromComposer('Breaking news', ['Demo feed'], 'Share next');
  const notice = page.getByRole('status');
  await notice.getByText('Share next moved 2 posts one slot later:').waitFor();
  const order = (await upcoming(accounts.demo)).upcoming.flatMap((slot) => (slot.post ? [slot.post.id] : []));
  expect(order).toHaveLength(3);
  expect(order[0]).toBe(breaking);
  expect((await getPost(breaking!)).publishAt).toBe(booked[0]);
  expect((await getPost(order[1]!)).publishAt).toBe(booked[1]);
  expect(await notice.locator('li').allTextContents()).toEqual([
    expect.stringContaining('Breaking news'),
    expect.stringContaining('First in the queue'),
    expect.stringContaining('Second in the queue'),
  ]);
  await screenshot(page, 'queue-share-next');
});

test('a post for two accounts: at each one’s own next slot, or at one time free in both', async () => {
  const [demoFree, otherFree] = [await freeSlots(accounts.demo), await freeSlots(accounts.other)];
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  // one account: nothing to choose
  await page.getByRole('checkbox', { name: /Demo feed/ }).check();
  expect(await page.getByRole('radio', { name: 'Same time in all accounts' }).count()).toBe(0);

  const each = await queueFromComposer('Hello to each feed', ['Demo feed', 'Second feed'], 'Add to queue', 'Each account’s own next slot');
  expect(each).toHaveLength(2);
  const eachPosts = await Promise.all(each.map(getPost));
  const atOf = (connectionId: string) => eachPosts.find((post) => post.targets[0]!.connectionId === connectionId)!.publishAt;
  expect(atOf(accounts.demo)).toBe(demoFree[0]);
  expect(atOf(accounts.other)).toBe(otherFree[0]);
  expect(await page.getByRole('status').locator('li').count()).toBe(2);
  await screenshot(page, 'queue-added-each');

  const taken = new Set([demoFree[0], otherFree[0]]);
  const otherStillFree = new Set(otherFree.filter((at) => !taken.has(at)));
  const common = demoFree.find((at) => !taken.has(at) && otherStillFree.has(at));
  const [together] = await queueFromComposer(
    'Hello to both at once',
    ['Demo feed', 'Second feed'],
    'Add to queue',
    'Same time in all accounts',
  );
  const post = await getPost(together!);
  expect(post.targets.map((target) => target.connectionId).sort()).toEqual([accounts.demo, accounts.other].sort());
  expect(post.publishAt).toBe(common);
  // in one account's list it cannot be dragged, and says why
  await slotRow(together!)
    .getByText(/Queued in 2 accounts at one time/)
    .waitFor();
  expect(await slotRow(together!).getByRole('button').count()).toBe(0);
  await screenshot(page, 'queue-added-together');

  await page.setViewportSize({ width: 390, height: 844 });
  await openQueueOf(accounts.demo);
  await screenshot(page, 'queue-phone');
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByRole('checkbox', { name: /Demo feed/ }).check();
  await page.getByRole('checkbox', { name: /Second feed/ }).check();
  await screenshot(page, 'queue-composer-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'queue-composer');
});

test('without JavaScript the schedule still saves: Add adds a time and saves, ✕ removes one and saves', async () => {
  const plain = await app.browser.newContext({
    javaScriptEnabled: false,
    timezoneId: EDITOR_TIME_ZONE,
    storageState: await context.storageState(),
  });
  const noScript = await plain.newPage();
  await noScript.goto(`${app.server.url}/queue?account=${accounts.other}`);
  expect(await noScript.getByRole('button', { name: 'Weekdays' }).count()).toBe(0);
  await noScript.getByLabel('Time', { exact: true }).fill('07:15');
  await noScript.getByRole('checkbox', { name: 'Saturday' }).check();
  await noScript.getByRole('button', { name: 'Add', exact: true }).click();
  await noScript.getByText('Schedule saved.').waitFor();
  expect((await api.get(`/api/v1/connections/${accounts.other}/queue`)).slots).toHaveLength(14 + 6);
  await noScript.getByRole('button', { name: 'Remove Monday 07:15' }).click();
  const { slots } = await waitFor(
    () => api.get(`/api/v1/connections/${accounts.other}/queue`),
    (queue) => queue.slots.length === 14 + 5,
    10_000,
  );
  expect(slots).not.toContainEqual({ day: 'mon', time: '07:15' });
  await noScript.getByRole('group', { name: 'Monday' }).getByText('07:15').waitFor({ state: 'detached' });
  await plain.close();
});
