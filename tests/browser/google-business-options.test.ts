// Google Business Profile's local-post options in a real browser, against the real server,
// worker, Temporal and PostgreSQL: a location connected through the OAuth fake, an EVENT post
// with a call to action composed under the account (the fields follow the post type and the
// button, checked live by the same schema as the API), saved as a draft, shown again when
// edited, then published: the local posts contract fake receives the event and the button.
import { FakeGoogleBusiness } from '../fakes/google-business';
import { FakeOAuthProvider } from '../fakes/oauth-provider';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

const provider = new FakeOAuthProvider();
const google = new FakeGoogleBusiness(provider);
let app: WebApp;

beforeAll(async () => {
  await Promise.all([provider.start(), google.start()]);
  app = await startWebApp({ withWorker: true, env: { ...provider.env(), GOOGLE_BUSINESS_API_BASE_URL: google.url } });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), provider.stop(), google.stop()]);
});

test('an event with a Sign up button is composed under a Google Business Profile location, edited again, and reaches Google', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Greta');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect Google Business Profile' }).click();
  await page.waitForURL('**/connections?oauth=connected*');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByRole('checkbox', { name: /Alice Bakery Harbour/ }).check();
  await page.getByLabel('Text', { exact: true }).fill('Taste our Christmas breads');
  const options = page.getByRole('group', { name: 'Options for Google Business Profile Alice Bakery Harbour' });
  const publish = page.getByRole('button', { name: 'Publish now' });
  await options.waitFor();
  // an update shows only its button; an event asks for its title and dates
  expect(await options.getByLabel('Title').count()).toBe(0);
  await options.getByLabel('Post type').selectOption({ label: 'Event' });
  await options
    .getByRole('status')
    .getByText(/an EVENT post needs an event/)
    .waitFor();
  expect(await options.getByLabel('Coupon code').count()).toBe(0);
  expect(await publish.isDisabled()).toBe(true);

  await options.getByLabel('Title').fill('Christmas tasting');
  await options.getByLabel('Starts').fill('2026-12-24T16:00');
  await options.getByLabel('Ends').fill('2026-12-24T10:00');
  await options
    .getByRole('status')
    .getByText(/event\.end must be after event\.start/)
    .waitFor();
  await options.getByLabel('Ends').fill('2026-12-24T18:00');
  // a button other than Call now needs its link
  expect(await options.getByLabel('Button link').count()).toBe(0);
  await options.getByLabel('Button (optional)').selectOption({ label: 'Sign up' });
  await options
    .getByRole('status')
    .getByText(/callToAction\.url is required for SIGN_UP/)
    .waitFor();
  await options.getByLabel('Button link').fill('https://example.com/rsvp');
  await waitFor(
    () => publish.isEnabled(),
    (enabled) => enabled,
    30_000,
  );
  await screenshot(page, 'composer-google-business-event');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'composer-google-business-event-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = page.url().split('/').at(-1)!;
  const draft = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  expect(draft.targets[0].options).toEqual({
    google_business: {
      topicType: 'EVENT',
      event: { title: 'Christmas tasting', start: '2026-12-24T16:00', end: '2026-12-24T18:00' },
      callToAction: { actionType: 'SIGN_UP', url: 'https://example.com/rsvp' },
    },
  });

  await page.goto(`${app.server.url}/posts/${postId}/edit`);
  await page.getByTestId('dropzone').waitFor();
  expect(await options.getByLabel('Post type').inputValue()).toBe('EVENT');
  expect(await options.getByLabel('Title').inputValue()).toBe('Christmas tasting');
  expect(await options.getByLabel('Starts').inputValue()).toBe('2026-12-24T16:00');
  expect(await options.getByLabel('Ends').inputValue()).toBe('2026-12-24T18:00');
  expect(await options.getByLabel('Button (optional)').inputValue()).toBe('SIGN_UP');
  expect(await options.getByLabel('Button link').inputValue()).toBe('https://example.com/rsvp');
  await publish.click();
  await page.waitForURL(/\/posts\/[^/]+$/);

  const published = await waitFor(
    async () => google.posts.find((post) => post.summary === 'Taste our Christmas breads'),
    (post) => post !== undefined,
    60_000,
  );
  expect(published).toMatchObject({
    location: 'accounts/2020/locations/5550002',
    topicType: 'EVENT',
    event: {
      title: 'Christmas tasting',
      schedule: {
        startDate: { year: 2026, month: 12, day: 24 },
        startTime: { hours: 16, minutes: 0 },
        endDate: { year: 2026, month: 12, day: 24 },
        endTime: { hours: 18, minutes: 0 },
      },
    },
    callToAction: { actionType: 'SIGN_UP', url: 'https://example.com/rsvp' },
  });
});
