// The analytics page's Audience part: engagement per account and team, followers over time,
// top posts and the best-time heatmap, each chart with a table that says the same. A metric a
// platform did not give reads "not given" (with why, where known), never 0.
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AudienceService } from '../../api/analytics/audience';
import type { TopPostMetric } from '../../api/analytics/schemas';
import { bestTimeLabel, WEEKDAY_NAMES, type RateBasis } from '../../domain/audience';
import { AccountName, platformName } from './account';
import { ChartFrame } from './chart-frame';
import { LocalTime } from './local-time';

type Engagement = Awaited<ReturnType<AudienceService['engagement']>>;
type TopPosts = Awaited<ReturnType<AudienceService['topPosts']>>;
type BestTimes = Awaited<ReturnType<AudienceService['bestTimes']>>;
type Followers = Awaited<ReturnType<AudienceService['followers']>>;

const NOT_GIVEN = 'not given';

/** Lines and bars of several accounts, told apart (and strong enough on white). */
const ACCOUNT_COLOURS = ['#1d4ed8', '#15803d', '#c2410c', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];

export const METRIC_LABELS: Record<TopPostMetric, string> = {
  engagements: 'Engagements',
  engagementRate: 'Engagement rate',
  impressions: 'Impressions',
  reach: 'Reach',
  views: 'Views',
  likes: 'Likes',
  replies: 'Replies',
  reposts: 'Reposts',
  quotes: 'Quotes',
  bookmarks: 'Bookmarks',
  saves: 'Saves',
  clicks: 'Clicks',
};

const BASIS_WORDS: Record<RateBasis, string> = {
  impressions: 'per impression',
  reach: 'per account reached',
  views: 'per view',
  followers: 'per follower',
};

export const formatCount = (value: number) => Math.round(value).toLocaleString('en');
export const formatRate = (rate: number) => `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)} %`;

/** A count, or "not given" with the reason as its title. */
export function Count({ value, reason }: { value: number | null | undefined; reason?: string }) {
  if (value === null || value === undefined)
    return (
      <span className="not-given" title={reason ?? 'The platform did not give this metric'}>
        {NOT_GIVEN}
      </span>
    );
  return <>{formatCount(value)}</>;
}

function Rate({ value }: { value: number | null }) {
  return value === null ? (
    <span className="not-given" title="No impressions, reach, views or follower count to divide by">
      {NOT_GIVEN}
    </span>
  ) : (
    <>{formatRate(value)}</>
  );
}

/** The audience metric shown per account: its platform's rate basis, or impressions. */
const audienceOf = (account: Engagement['accounts'][number]) =>
  account.rateBasis === 'followers' ? null : { name: account.rateBasis, value: account.metrics[account.rateBasis] };

export function EngagementSection({ engagement, hydrated }: { engagement: Engagement; hydrated: boolean }) {
  const { team, accounts } = engagement;
  const rates = accounts
    .filter((account) => account.engagementRate !== null)
    .map((account) => ({ account: account.handle ?? account.connectionId, rate: Number((account.engagementRate! * 100).toFixed(2)) }));
  return (
    <>
      <dl className="stat-cards">
        <div className="card">
          <dt>Posts with metrics</dt>
          <dd data-testid="audience-posts">{team.posts}</dd>
        </div>
        <div className="card">
          <dt>Engagements</dt>
          <dd data-testid="team-engagements">
            <Count value={team.engagements} />
          </dd>
        </div>
        <div className="card">
          <dt>Engagement rate</dt>
          <dd data-testid="team-engagement-rate">
            <Rate value={team.engagementRate} />
          </dd>
        </div>
        <div className="card">
          <dt>Likes</dt>
          <dd>
            <Count value={team.metrics.likes} />
          </dd>
        </div>
      </dl>
      <section className="card chart-card" aria-labelledby="engagement-heading">
        <h2 id="engagement-heading">Engagement by account</h2>
        <p className="hint">
          Each post counts by its latest sample. Engagements are likes, replies, reposts, quotes, saves, bookmarks and clicks, whichever the
          platform gives; the rate divides them by impressions, reach or views where the platform gives one, else by the account’s followers
          on the day it published, and averages over posts.
        </p>
        {accounts.length === 0 ? (
          <p className="hint">No published posts with metrics in this range yet.</p>
        ) : (
          <>
            {rates.length > 0 ? (
              <ChartFrame hydrated={hydrated} small label="Bar chart of the engagement rate by account, in percent">
                <BarChart data={rates} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" unit=" %" tick={{ fontSize: 12 }} />
                  <YAxis type="category" dataKey="account" width={140} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Bar dataKey="rate" name="Engagement rate (%)" fill="#15803d" barSize={24} isAnimationActive={false} />
                </BarChart>
              </ChartFrame>
            ) : null}
            <div className="table-scroll">
              <table className="data-table" data-testid="engagement-table">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Posts</th>
                    <th scope="col">Audience</th>
                    <th scope="col">Likes</th>
                    <th scope="col">Replies</th>
                    <th scope="col">Reposts</th>
                    <th scope="col">Engagements</th>
                    <th scope="col">Engagement rate</th>
                  </tr>
                </thead>
                <tbody>
                  {accounts.map((account) => {
                    const audience = audienceOf(account);
                    return (
                      <tr key={account.connectionId}>
                        <th scope="row">
                          {account.handle ? (
                            <AccountName
                              platform={account.platform}
                              handle={account.handle}
                              displayName={account.displayName ?? account.handle}
                            />
                          ) : (
                            `${platformName(account.platform)} (disconnected)`
                          )}
                        </th>
                        <td>{account.posts}</td>
                        <td>
                          {audience ? (
                            <>
                              <Count value={audience.value} /> {audience.name}
                            </>
                          ) : (
                            <span className="not-given" title={`${platformName(account.platform)} gives no impressions, reach or views`}>
                              {NOT_GIVEN}
                            </span>
                          )}
                        </td>
                        <td>
                          <Count value={account.metrics.likes} />
                        </td>
                        <td>
                          <Count value={account.metrics.replies} />
                        </td>
                        <td>
                          <Count value={account.metrics.reposts} />
                        </td>
                        <td>
                          <Count value={account.engagements} />
                        </td>
                        <td>
                          <Rate value={account.engagementRate} /> <span className="hint">{BASIS_WORDS[account.rateBasis]}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Team</th>
                    <td>{team.posts}</td>
                    <td />
                    <td>
                      <Count value={team.metrics.likes} />
                    </td>
                    <td>
                      <Count value={team.metrics.replies} />
                    </td>
                    <td>
                      <Count value={team.metrics.reposts} />
                    </td>
                    <td>
                      <Count value={team.engagements} />
                    </td>
                    <td>
                      <Rate value={team.engagementRate} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

export function FollowersSection({ followers, hydrated }: { followers: Followers; hydrated: boolean }) {
  const days = [...new Set(followers.flatMap((account) => account.days.map((entry) => entry.day)))].sort();
  const byDay = days.map((day) => ({
    day: day.slice(5),
    ...Object.fromEntries(
      followers.map((account) => [account.connectionId, account.days.find((entry) => entry.day === day)?.followers ?? null]),
    ),
  }));
  return (
    <section className="card chart-card" aria-labelledby="followers-heading">
      <h2 id="followers-heading">Followers</h2>
      {followers.length === 0 ? (
        <p className="hint">No follower counts in this range yet: planrrr reads each account’s followers once a day.</p>
      ) : (
        <>
          <ChartFrame hydrated={hydrated} label="Line chart of followers per account by day">
            <LineChart data={byDay} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={12} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} domain={['auto', 'auto']} />
              <Tooltip />
              <Legend />
              {followers
                .filter((account) => account.days.some((entry) => entry.followers !== null))
                .map((account, index) => (
                  <Line
                    key={account.connectionId}
                    dataKey={account.connectionId}
                    name={account.handle}
                    stroke={ACCOUNT_COLOURS[index % ACCOUNT_COLOURS.length]}
                    strokeWidth={2}
                    dot={false}
                    connectNulls
                    isAnimationActive={false}
                  />
                ))}
            </LineChart>
          </ChartFrame>
          <details>
            <summary>Show as a table</summary>
            <div className="table-scroll">
              <table className="data-table" data-testid="followers-table">
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    {followers.map((account) => (
                      <th key={account.connectionId} scope="col">
                        {account.handle}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {days.map((day) => (
                    <tr key={day}>
                      <th scope="row">{day}</th>
                      {followers.map((account) => {
                        const entry = account.days.find((candidate) => candidate.day === day);
                        return (
                          <td key={account.connectionId}>
                            {entry ? <Count value={entry.followers} reason={entry.missingReason ?? undefined} /> : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

export function TopPostsSection({ topPosts }: { topPosts: TopPosts }) {
  const label = METRIC_LABELS[topPosts.metric];
  return (
    <section className="card" aria-labelledby="top-posts-heading">
      <h2 id="top-posts-heading">Top posts by {label.toLowerCase()}</h2>
      {topPosts.posts.length === 0 ? (
        <p className="hint">No published post in this range gives {label.toLowerCase()}.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="top-posts">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Post</th>
                <th scope="col">Account</th>
                <th scope="col">Published</th>
                <th scope="col">{label}</th>
              </tr>
            </thead>
            <tbody>
              {topPosts.posts.map((post, index) => (
                <tr key={`${post.postId}-${post.connectionId}`}>
                  <td>{index + 1}</td>
                  <th scope="row" className="top-post-text">
                    <Link to={`/posts/${post.postId}`}>{post.content.length > 90 ? `${post.content.slice(0, 90)}…` : post.content}</Link>
                  </th>
                  <td>{post.handle ?? `${platformName(post.platform)} (disconnected)`}</td>
                  <td>
                    <LocalTime iso={post.publishedAt} options={{ dateStyle: 'medium', timeStyle: 'short' }} />
                  </td>
                  <td>{topPosts.metric === 'engagementRate' ? formatRate(post.value) : formatCount(post.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

export function BestTimeHeatmap({ bestTimes }: { bestTimes: BestTimes }) {
  const cells = new Map(bestTimes.cells.map((cell) => [`${cell.weekday}-${cell.hour}`, cell]));
  const highest = Math.max(1, ...bestTimes.cells.map((cell) => cell.meanEngagements));
  return (
    <section className="card" aria-labelledby="best-times-heading">
      <h2 id="best-times-heading">Best times to post</h2>
      <p data-testid="best-times-suggestion">
        {bestTimes.basis === 'history' ? 'Your best times: ' : 'Suggested (common times, not yours yet): '}
        <strong>{bestTimes.suggestions.map(bestTimeLabel).join(', ')}</strong> ({bestTimes.timeZone})
      </p>
      {bestTimes.fallbackReason ? <p className="hint">{bestTimes.fallbackReason}</p> : null}
      <p className="hint">
        Mean engagements per post by the weekday and hour it published, in {bestTimes.timeZone}, from {bestTimes.posts}{' '}
        {bestTimes.posts === 1 ? 'post' : 'posts'}. The darker the cell, the more engagement; hover or focus a cell for its posts.
      </p>
      <div className="table-scroll">
        <table className="heatmap" data-testid="best-times-heatmap">
          <caption className="visually-hidden">Mean engagements per post by weekday (rows) and hour (columns)</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((hour) => (
                <th key={hour} scope="col">
                  {String(hour).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAY_NAMES.map((name, index) => (
              <tr key={name}>
                <th scope="row">{name.slice(0, 3)}</th>
                {HOURS.map((hour) => {
                  const cell = cells.get(`${index + 1}-${hour}`);
                  const alpha = cell ? 0.15 + 0.85 * (cell.meanEngagements / highest) : 0;
                  return (
                    <td
                      key={hour}
                      tabIndex={cell ? 0 : undefined}
                      title={
                        cell
                          ? `${bestTimeLabel({ weekday: index + 1, hour })}: ${cell.posts} ${cell.posts === 1 ? 'post' : 'posts'}, ${cell.meanEngagements.toFixed(1)} engagements each`
                          : undefined
                      }
                      style={
                        cell
                          ? { background: `rgba(21, 128, 61, ${alpha.toFixed(2)})`, color: alpha > 0.55 ? '#fff' : undefined }
                          : undefined
                      }
                    >
                      {cell ? formatCount(cell.meanEngagements) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
