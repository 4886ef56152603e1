// The calendar as a planner uses it, in a real browser against the real server, worker,
// Temporal and PostgreSQL: chips that show the image, accounts, labels and drafts; a
// preview on hover and focus; a click on an empty day that composes for 09:00 that day;
// the label filter; the week opened at working hours; a keyboard move that leaves the
// month in place; the agenda of the coming weeks; at desktop and phone width. A post
// scheduled in another zone shows that zone's clock beside the editor's; the week's
// hours are for the pointer, its days for the keyboard; a phone lists the empty days to come.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  apiAsPage,
  EDITOR_TIME_ZONE,
  loadedImage,
  paintPicture,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

let app: WebApp;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ context, page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

const NEW_YORK = 'America/New_York';

/** The instant of a wall-clock time in the zone (Berlin unless named). */
function instantAt(date: string, time: string, timeZone = EDITOR_TIME_ZONE): string {
  for (const offset of ['+01:00', '+02:00', '-05:00', '-04:00']) {
    const candidate = new Date(`${date}T${time}${offset}`);
    const shown = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(candidate);
    if (shown === `${date} ${time}`) return candidate.toISOString();
  }
  throw new Error(`no instant for ${date} ${time} in ${timeZone}`);
}

/** e.g. "15:00": how the calendar shows an instant's time to the editor in Berlin. */
const berlinClock = (instant: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: EDITOR_TIME_ZONE, timeStyle: 'short' }).format(new Date(instant));

/** How the calendar names a day, e.g. "Thursday 14 January 2027". */
function spokenDay(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(',', '');
}

/** Next month's days, all in the future whatever today is: YYYY-MM-DD of its `day`. */
const nextMonth = (() => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: EDITOR_TIME_ZONE }).format(new Date());
  const first = new Date(`${today.slice(0, 7)}-01T12:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() + 1);
  return (day: number) => `${first.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`;
})();
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

const chip = (postId: string, target: Page = page) => target.locator(`li[data-post-id="${postId}"]`);
const dayOf = async (located: Locator) => located.locator('xpath=ancestor::*[@data-day][1]').getAttribute('data-day');

interface Planned {
  withImage: string;
  /** scheduled at 09:00 in New York, from Berlin */
  newYork: string;
  newYorkAt: string;
  labelled: string;
  draft: string;
  toMove: string;
  launchLabel: string;
  demoName: string;
}
let planned: Planned;
// Next month, from its second week: days in the future in every month's grid.
const imageDay = nextMonth(8);
const labelDay = nextMonth(9);
const draftDay = nextMonth(10);
const newYorkDay = nextMonth(12);
const emptyDay = nextMonth(13);
/** left empty for the phone to compose on */
const phoneEmptyDay = nextMonth(14);
/** a Saturday: a chip right of the grid's middle, where a keyboard move used to scroll the grid */
const moveDay = [15, 16, 17, 18, 19, 20, 21].map(nextMonth).find((day) => weekday(day) === 6)!;
const monthUrl = () => `${app.server.url}/calendar?view=month&date=${imageDay}`;

test('the month shows each post with its image, accounts, labels and status; drafts look like drafts', async () => {
  await signUpInBrowser(page, app.server.url, 'Pia');
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  const launch = await api.post('/api/v1/labels', { name: 'Launch', colour: '#e11d48' });
  const newsletter = await api.post('/api/v1/labels', { name: 'Newsletter', colour: '#0d9488' });
  const picture = await paintPicture(context, 'Sale', '#0ea5e9,#f43f5e');
  const media = (await api.upload('/api/v1/media', { name: 'sale.png', mimeType: 'image/png', buffer: picture })).id;
  const post = (content: string, day: string, extra: object = {}) =>
    api.post('/api/v1/posts', { content, publishAt: instantAt(day, '10:00:00'), connectionIds: [demo.id], ...extra });
  const newYorkAt = instantAt(newYorkDay, '09:00:00', NEW_YORK);
  planned = {
    withImage: (await post('Winter sale starts: 30% off everything', imageDay, { media: [media], labelIds: [newsletter.id] })).id,
    newYork: (
      await api.post('/api/v1/posts', {
        content: 'Live from the New York store opening',
        publishAt: newYorkAt,
        timeZone: NEW_YORK,
        connectionIds: [demo.id],
      })
    ).id,
    newYorkAt,
    labelled: (await post('Launch day: the new app is live', labelDay, { labelIds: [launch.id] })).id,
    draft: (await post('Idea: a behind-the-scenes thread', draftDay, { draft: true })).id,
    toMove: (await post('Weekend reading list: ten long articles worth a slow Sunday morning', moveDay)).id,
    launchLabel: launch.id,
    demoName: demo.displayName,
  };

  await page.goto(monthUrl());
  const image = chip(planned.withImage).locator('img.calendar-post-thumb');
  expect((await loadedImage(image)).src).toBe(`/api/v1/media/${media}/content`);
  expect(await dayOf(chip(planned.withImage))).toBe(imageDay);
  // the accounts' avatars with their platform's badge, and the labels' colours named for screen readers
  await chip(planned.labelled).locator('.calendar-post-accounts .platform-demo').waitFor();
  await chip(planned.labelled).locator('.label-dot[title="Launch"]').waitFor();
  await chip(planned.labelled)
    .getByRole('link', { name: /Launch day: the new app is live.*Scheduled.*label Launch/ })
    .waitFor();
  // a draft is on its planned day, dashed and named as one, and cannot be dragged
  const draft = chip(planned.draft);
  expect(await dayOf(draft)).toBe(draftDay);
  expect(await draft.locator('.draft-tag').textContent()).toBe('Draft');
  expect(await draft.evaluate((element) => getComputedStyle(element).borderTopStyle)).toBe('dashed');
  expect(await draft.getByRole('button', { name: /^Move/ }).count()).toBe(0);
  // a post scheduled in New York: at its time in Berlin, where the grid is, with New York's clock beside it
  const newYork = chip(planned.newYork);
  expect(await dayOf(newYork)).toBe(newYorkDay);
  expect(await newYork.locator('.calendar-post-meta time').textContent()).toBe(berlinClock(planned.newYorkAt));
  expect(await newYork.locator('.calendar-post-meta .time-zone').textContent()).toBe('09:00 New York');
  // a post scheduled in the editor's own zone says nothing more
  expect(await chip(planned.labelled).locator('.time-zone').count()).toBe(0);
  await screenshot(page, 'planning-calendar-month');

  // the post's page says it the long way
  await newYork.getByRole('link').click();
  await page.waitForURL(`**/posts/${planned.newYork}`);
  await page.getByText('(09:00 in America/New_York)').waitFor();
});

test('hovering or focusing a post previews it beside the chip, on the calendar', async () => {
  await page.goto(monthUrl());
  const withImage = chip(planned.withImage);
  await withImage.hover();
  const preview = page.getByRole('tooltip');
  await preview.waitFor();
  expect(await withImage.getByRole('link').getAttribute('aria-describedby')).toBe(await preview.getAttribute('id'));
  await preview.getByText('Winter sale starts: 30% off everything').waitFor();
  await preview.getByText(planned.demoName).waitFor();
  await preview.getByText('Newsletter').waitFor();
  expect((await loadedImage(preview.locator('img'))).naturalWidth).toBeGreaterThan(100);
  // the time, in the user's zone
  expect(await preview.locator('time').textContent()).toMatch(/10:00/);
  await screenshot(page, 'planning-calendar-preview');
  // it does not hide the day's posts: it opens beside the chip
  const [chipBox, previewBox] = [await withImage.boundingBox(), await preview.boundingBox()];
  expect(previewBox!.x >= chipBox!.x + chipBox!.width || previewBox!.x + previewBox!.width <= chipBox!.x).toBe(true);
  expect(page.url()).toBe(monthUrl());

  await page.mouse.move(0, 0);
  await preview.waitFor({ state: 'hidden' });
  // the keyboard opens it too, and Escape closes it
  await chip(planned.labelled).getByRole('link').focus();
  await page.getByRole('tooltip').getByText('Launch day: the new app is live').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('tooltip').waitFor({ state: 'hidden' });

  // a post scheduled in another zone: the preview names it in full
  await chip(planned.newYork).hover();
  await page.getByRole('tooltip').getByText('(09:00 in America/New_York)').waitFor();
  await screenshot(page, 'planning-calendar-preview-new-york');
  await page.mouse.move(0, 0);
});

test('a click on an empty day opens the composer for 09:00 that day; the post scheduled there is on that day', async () => {
  await page.goto(monthUrl());
  const day = page.locator(`[data-day="${emptyDay}"]`);
  expect(await day.locator('li').count()).toBe(0);
  await day.click();
  await page.waitForURL(`**/compose?publishAt=${emptyDay}T09:00`);
  expect(await page.getByLabel(/Publish at/).inputValue()).toBe(`${emptyDay}T09:00`);
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByLabel('Text').fill('Planned from the calendar');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/?]+$/);
  const postId = page.url().split('/').at(-1)!;
  expect(await api.get(`/api/v1/posts/${postId}`)).toMatchObject({
    status: 'SCHEDULED',
    publishAt: instantAt(emptyDay, '09:00:00'),
  });

  await page.goto(monthUrl());
  expect(await dayOf(chip(postId))).toBe(emptyDay);
  // the keyboard reaches the same link, named for the day
  await page.getByRole('link', { name: `New post on ${spokenDay(emptyDay)}, 09:00` }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/compose?publishAt=${emptyDay}T09:00`);
});

test('the label filter shows only the posts with that label, and the links keep it', async () => {
  await page.goto(monthUrl());
  await chip(planned.withImage).waitFor();
  await page.getByLabel('Label').selectOption({ label: 'Launch' });
  await page.waitForURL(`**/calendar?*label=${planned.launchLabel}*`);
  await chip(planned.withImage).waitFor({ state: 'detached' });
  await chip(planned.labelled).waitFor();
  expect(await chip(planned.draft).count()).toBe(0);
  await screenshot(page, 'planning-calendar-filtered');
  await page.getByRole('link', { name: 'Week' }).click();
  await page.waitForURL(`**/calendar?view=week*label=${planned.launchLabel}*`);
  await page.getByLabel('Label').selectOption({ label: 'All labels' });
  await page.waitForURL((url) => !url.searchParams.get('label'));
});

test('the week opens at the working day, scrolls within itself for the rest, and composes for a clicked hour', async () => {
  await page.goto(`${app.server.url}/calendar?view=week&date=${labelDay}`);
  const scroller = page.locator('.calendar-week-scroll');
  const eight = page.locator(`[data-day="${labelDay}"][data-hour="8"]`);
  await chip(planned.labelled).waitFor();
  // once the page has hydrated, the week scrolls itself to the working day
  await page.waitForFunction(() => document.querySelector('.calendar-week-scroll')!.scrollTop > 0);
  const box = (await scroller.boundingBox())!;
  const header = (await page.locator('.calendar-week .calendar-weekday').first().boundingBox())!;
  // 08:00 right below the day names, which stay on top; the night above it, scrolled away
  expect(Math.abs((await eight.boundingBox())!.y - (header.y + header.height))).toBeLessThan(4);
  expect((await page.locator(`[data-day="${labelDay}"][data-hour="7"]`).boundingBox())!.y).toBeLessThan(box.y);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 200)).toBe(true);
  await screenshot(page, 'planning-calendar-week');
  await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  const lastHour = (await page.locator(`[data-day="${labelDay}"][data-hour="23"]`).boundingBox())!;
  expect(lastHour.y + lastHour.height).toBeLessThanOrEqual(box.y + box.height + 1);
  expect((await page.locator('.calendar-week .calendar-weekday').first().boundingBox())!.y).toBeCloseTo(header.y, 0);
  // a click on an hour composes for that hour
  await page.locator(`[data-day="${labelDay}"][data-hour="21"]`).click();
  await page.waitForURL(`**/compose?publishAt=${labelDay}T21:00`);
  expect(await page.getByLabel(/Publish at/).inputValue()).toBe(`${labelDay}T21:00`);

  // a post scheduled in New York sits at its hour in Berlin, with New York's clock under its time
  await page.goto(`${app.server.url}/calendar?view=week&date=${newYorkDay}`);
  const newYork = chip(planned.newYork);
  expect(Number(await newYork.locator('xpath=ancestor::*[@data-hour][1]').getAttribute('data-hour'))).toBe(
    Number(berlinClock(planned.newYorkAt).slice(0, 2)),
  );
  await newYork.locator('.calendar-post-meta .time-zone').getByText('09:00 New York').waitFor();
  await page.waitForFunction(() => document.querySelector('.calendar-week-scroll')!.scrollTop > 0);
  await newYork.scrollIntoViewIfNeeded();
  await screenshot(page, 'planning-calendar-week-new-york');
});

test('the keyboard tabs through the week by day, not by hour: a day’s + composes for it; a post still moves by keyboard', async () => {
  await page.goto(`${app.server.url}/calendar?view=week&date=${labelDay}`);
  await chip(planned.labelled).waitFor();
  const week = await page
    .locator('.calendar-week [data-day]')
    .evaluateAll((cells) => [...new Set(cells.map((cell) => cell.getAttribute('data-day')!))]);
  // from the last control above the grid, Tab until focus leaves the grid
  await page.getByLabel('Account').focus();
  const visited: Array<{ inGrid: boolean; hourLink: boolean; name: string }> = [];
  for (let stop = 0; stop < 100; stop += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement!;
      return {
        inGrid: Boolean(element.closest('.calendar-week')),
        hourLink: Boolean(element.closest('.calendar-slot') && element.matches('.calendar-new-post')),
        name: element.getAttribute('aria-label') ?? element.textContent ?? '',
      };
    });
    if (!focused.inGrid && visited.some((stop) => stop.inGrid)) break;
    visited.push(focused);
  }
  const inGrid = visited.filter((stop) => stop.inGrid);
  expect(inGrid.filter((stop) => stop.hourLink)).toEqual([]);
  // a day's link for each day of the week, then the week's posts (each a link and, when it can move, a handle)
  expect(inGrid.slice(0, 7).map((stop) => stop.name)).toEqual(week.map((day) => `New post on ${spokenDay(day)}, 09:00`));
  expect(inGrid.length).toBeLessThan(7 + 3 * 6);

  // an arrow key still moves a picked-up post an hour on; Escape puts it back
  await page.getByRole('button', { name: /^Move “Launch day/ }).focus();
  await page.keyboard.press('Space');
  await page.getByText(`Over ${spokenDay(labelDay)}, 10:00.`).waitFor({ state: 'attached' });
  await page.keyboard.press('ArrowDown');
  await page.getByText(`Over ${spokenDay(labelDay)}, 11:00.`).waitFor({ state: 'attached' });
  await page.keyboard.press('Escape');
  await page.getByText('Move cancelled; the post stays where it was.').waitFor({ state: 'attached' });
  expect((await api.get(`/api/v1/posts/${planned.labelled}`)).publishAt).toBe(instantAt(labelDay, '10:00:00'));

  await page
    .locator('.calendar-week .calendar-weekday')
    .getByRole('link', { name: `New post on ${spokenDay(labelDay)}, 09:00` })
    .focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/compose?publishAt=${labelDay}T09:00`);
});

test('a keyboard move leaves the month where it was: Monday stays in view', async () => {
  const sunday = nextMonth(Number(moveDay.slice(8)) + 1);
  await page.goto(monthUrl());
  const grid = page.locator('.calendar-month');
  const monday = page.locator('.calendar-month > [data-day]').first();
  await page.getByRole('button', { name: /^Move “Weekend reading list/ }).focus();
  await page.keyboard.press('Space');
  await page.getByText(`Over ${spokenDay(moveDay)}.`).waitFor({ state: 'attached' });
  await page.keyboard.press('ArrowRight');
  await page.getByText(`Over ${spokenDay(sunday)}.`).waitFor({ state: 'attached' });
  await page.keyboard.press('Space');
  await waitFor(
    () => api.get(`/api/v1/posts/${planned.toMove}`),
    (post) => post.publishAt === instantAt(sunday, '10:00:00'),
    30_000,
  );
  await page.locator(`[data-day="${sunday}"] li[data-post-id="${planned.toMove}"]`).waitFor();
  expect(await page.evaluate(() => [window.scrollX, document.querySelector('.calendar-frame')!.scrollLeft])).toEqual([0, 0]);
  expect((await monday.boundingBox())!.x).toBeGreaterThanOrEqual((await grid.boundingBox())!.x);
});

test('a drag to the last week, dropped near the screen’s edge, lands on the day it was dropped on', async () => {
  await page.goto(monthUrl());
  const days = page.locator('.calendar-month > [data-day]');
  const target = days.nth((await days.count()) - 2);
  const targetDay = (await target.getAttribute('data-day'))!;
  const source = chip(planned.toMove).getByRole('link');
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  const viewport = page.viewportSize()!;
  // the pointer ends a few pixels above the cell's bottom edge, or the screen's, whichever is higher
  const dropY = Math.min(to.y + to.height, viewport.height) - 6;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, dropY, { steps: 15 });
  // as long as a person holds it there before letting go
  await page.waitForTimeout(300);
  await page.mouse.up();
  await page.locator(`[data-day="${targetDay}"] li[data-post-id="${planned.toMove}"]`).waitFor();
  await waitFor(
    () => api.get(`/api/v1/posts/${planned.toMove}`),
    (post) => post.publishAt === instantAt(targetDay, '10:00:00'),
    30_000,
  );
});

test('the agenda lists the coming weeks day by day', async () => {
  await page.goto(monthUrl());
  await page.getByRole('link', { name: 'Agenda' }).click();
  await page.waitForURL('**/calendar?view=agenda*');
  const day = (date: string) => page.getByRole('region', { name: spokenDay(date) });
  await day(imageDay)
    .getByRole('link', { name: /Winter sale starts/ })
    .waitFor();
  await day(labelDay).getByRole('link').getByText('Launch', { exact: true }).waitFor();
  expect(await day(draftDay).locator('.draft-tag').textContent()).toBe('Draft');
  await loadedImage(day(imageDay).locator('img.calendar-post-thumb'));
  await day(newYorkDay).getByRole('link').getByText('(09:00 in America/New_York)').waitFor();
  // days without posts are left out
  expect(await page.getByRole('region', { name: spokenDay(nextMonth(11)) }).count()).toBe(0);
  await screenshot(page, 'planning-calendar-agenda');
});

test('on a phone: the month as a list of days, the week and the agenda; a tap on an empty day composes for it', async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  for (const view of ['month', 'week', 'agenda']) {
    await phone.goto(`${app.server.url}/calendar?view=${view}&date=${imageDay}`);
    await chip(planned.withImage, phone).scrollIntoViewIfNeeded();
    await loadedImage(chip(planned.withImage, phone).locator('img'));
    // nothing wider than the screen but the week's own grid, which scrolls sideways
    await screenshot(phone, `planning-calendar-phone-${view}`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }

  // the month lists the empty days still to come too, as short rows with their date and a +
  await phone.goto(`${app.server.url}/calendar?view=month&date=${imageDay}`);
  const empty = phone.locator(`[data-day="${phoneEmptyDay}"]`);
  expect(await empty.locator('li').count()).toBe(0);
  await empty.scrollIntoViewIfNeeded();
  expect(await empty.locator('.day-number').innerText()).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 14$/);
  expect((await empty.boundingBox())!.height).toBeLessThan(56);
  // a touch screen has no hover: the + shows
  expect(await empty.locator('.calendar-new-post').evaluate((link) => getComputedStyle(link).color)).not.toBe('rgba(0, 0, 0, 0)');
  await screenshot(phone, 'planning-calendar-phone-month-empty-day');
  await empty.click();
  await phone.waitForURL(`**/compose?publishAt=${phoneEmptyDay}T09:00`);
  expect(await phone.getByLabel(/Publish at/).inputValue()).toBe(`${phoneEmptyDay}T09:00`);
  await phone.close();
});
