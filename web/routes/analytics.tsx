import { AccountSelect, LabelSelect } from '../components/filter-selects';
import { Form, useSubmit } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '../components/chart-frame';
import { platformName } from '../components/account';
import { BestTimeHeatmap, EngagementSection, FollowersSection, METRIC_LABELS, TopPostsSection } from '../components/audience';
import { LabelChip } from '../components/label-chip';
import { requirePermission } from '../utils/auth.server';
import { useHydrated } from '../utils/use-hydrated';
import type { Route } from './+types/analytics';
import { loadAnalytics } from './analytics.server';

export const meta: Route.MetaFunction = () => [{ title: 'Analytics · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadAnalytics(context, requirePermission(context, request, 'analytics:read'), new URL(request.url));
}

/** The status colours of the badges (styles.css), strong enough to tell apart in a chart. */
const SERIES = [
  { status: 'PUBLISHED', label: 'Published', color: '#15803d' },
  { status: 'PARTIALLY_PUBLISHED', label: 'Partially published', color: '#c2410c' },
  { status: 'FAILED', label: 'Failed', color: '#b91c1c' },
  { status: 'SCHEDULED', label: 'Scheduled', color: '#1d4ed8' },
  { status: 'PUBLISHING', label: 'Publishing', color: '#a16207' },
] as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

function seconds(value: number | null): string {
  if (value === null) return '—';
  if (Math.abs(value) < 60) return `${value.toFixed(1)} s`;
  return `${(value / 60).toFixed(1)} min`;
}

export default function Analytics({ loaderData }: Route.ComponentProps) {
  const {
    days,
    ranges,
    accountId,
    accounts,
    labelId,
    labels,
    summary,
    metric,
    metrics,
    engagement,
    topPosts,
    bestTimes,
    followers,
    csvUrl,
  } = loaderData;
  const chosenLabel = labels.find((label) => label.id === labelId);
  const submit = useSubmit();
  const hydrated = useHydrated();
  const perDay = summary.perDay.map(({ date, counts }) => ({ date: date.slice(5), ...counts }));
  const byPlatform = summary.byPlatform.map((entry) => ({
    platform: platformName(entry.platform),
    successRate: entry.successRate === null ? 0 : Math.round(entry.successRate * 100),
    published: entry.published,
    failed: entry.failed,
  }));
  const lateness = [
    { measure: 'Median (p50)', seconds: summary.lateness.p50Seconds ?? 0 },
    { measure: '90th percentile', seconds: summary.lateness.p90Seconds ?? 0 },
    { measure: 'Latest (max)', seconds: summary.lateness.maxSeconds ?? 0 },
  ];
  const published = summary.byStatus.PUBLISHED + summary.byStatus.PARTIALLY_PUBLISHED;

  return (
    <>
      <h1>Analytics</h1>
      <Form method="get" className="filters" onChange={(event) => submit(event.currentTarget)}>
        <div className="field">
          <label htmlFor="analytics-range">Range</label>
          <select id="analytics-range" name="range" defaultValue={String(days)}>
            {ranges.map((range) => (
              <option key={range.days} value={range.days}>
                {range.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="analytics-account">Account</label>
          <AccountSelect id="analytics-account" name="account" value={accountId} accounts={accounts} />
        </div>
        <div className="field">
          <label htmlFor="analytics-label">Label</label>
          <LabelSelect id="analytics-label" name="label" value={labelId} labels={labels} />
        </div>
        <div className="field">
          <label htmlFor="analytics-metric">Top posts by</label>
          <select id="analytics-metric" name="metric" defaultValue={metric}>
            {metrics.map((name) => (
              <option key={name} value={name}>
                {METRIC_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <button type="submit" className="button button-secondary">
            Show
          </button>
        </noscript>
      </Form>
      <p className="hint">
        Posts whose publish time falls in the range (today included), by day in {summary.timeZone}
        {chosenLabel ? (
          <>
            , labelled <LabelChip label={chosenLabel} />
          </>
        ) : null}
        .{' '}
        <a href={csvUrl} download className="button button-secondary">
          Download CSV
        </a>
      </p>

      <h2 className="analytics-part">Audience</h2>
      <EngagementSection engagement={engagement} hydrated={hydrated} />
      <FollowersSection followers={followers} hydrated={hydrated} />
      <TopPostsSection topPosts={topPosts} />
      <BestTimeHeatmap bestTimes={bestTimes} />

      <h2 className="analytics-part">Publishing</h2>
      <p className="hint">Scheduled (upcoming) counts every post still waiting to publish, whatever its date, as the dashboard does.</p>

      <dl className="stat-cards">
        <div className="card">
          <dt>Posts</dt>
          <dd data-testid="total-posts">{summary.totalPosts}</dd>
        </div>
        <div className="card">
          <dt>Published</dt>
          <dd data-testid="published-posts">{published}</dd>
        </div>
        <div className="card">
          <dt>Failed</dt>
          <dd>{summary.byStatus.FAILED}</dd>
        </div>
        <div className="card">
          <dt>Scheduled (upcoming)</dt>
          <dd data-testid="scheduled-upcoming">{summary.scheduledUpcoming}</dd>
        </div>
        <div className="card">
          <dt>Median lateness</dt>
          <dd>{seconds(summary.lateness.p50Seconds)}</dd>
        </div>
      </dl>

      <section className="card chart-card" aria-labelledby="per-day-heading">
        <h2 id="per-day-heading">Posts per day by status</h2>
        <ChartFrame hydrated={hydrated} label="Bar chart of posts per day, stacked by status">
          <BarChart data={perDay} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            {SERIES.map((series) => (
              <Bar
                key={series.status}
                dataKey={series.status}
                name={series.label}
                stackId="status"
                fill={series.color}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ChartFrame>
        <details>
          <summary>Show as a table</summary>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {SERIES.map((series) => (
                    <th key={series.status} scope="col">
                      {series.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.perDay
                  .filter(({ counts }) => SERIES.some((series) => counts[series.status] > 0))
                  .map(({ date, counts }) => (
                    <tr key={date}>
                      <th scope="row">{date}</th>
                      {SERIES.map((series) => (
                        <td key={series.status}>{counts[series.status]}</td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <div className="grid-2">
        <section className="card chart-card" aria-labelledby="platform-heading">
          <h2 id="platform-heading">Success rate by platform</h2>
          {byPlatform.length === 0 ? (
            <p className="hint">No publications in this range yet.</p>
          ) : (
            <ChartFrame hydrated={hydrated} small label="Bar chart of the success rate by platform, in percent">
              <BarChart data={byPlatform} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={[0, 100]} unit=" %" tick={{ fontSize: 12 }} />
                <YAxis type="category" dataKey="platform" width={110} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="successRate" name="Success rate (%)" fill="#15803d" barSize={28} isAnimationActive={false} />
              </BarChart>
            </ChartFrame>
          )}
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Published</th>
                <th scope="col">Failed</th>
                <th scope="col">Success rate</th>
              </tr>
            </thead>
            <tbody>
              {summary.byPlatform.map((entry) => (
                <tr key={entry.platform}>
                  <th scope="row">{platformName(entry.platform)}</th>
                  <td>{entry.published}</td>
                  <td>{entry.failed}</td>
                  <td>{percent(entry.successRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card chart-card" aria-labelledby="lateness-heading">
          <h2 id="lateness-heading">Publishing lateness</h2>
          <p className="hint">
            From a post’s scheduled time to its publication on each account ({summary.lateness.publications}{' '}
            {summary.lateness.publications === 1 ? 'publication' : 'publications'}).
          </p>
          {summary.lateness.publications === 0 ? null : (
            <ChartFrame hydrated={hydrated} small label="Bar chart of publishing lateness in seconds">
              <BarChart data={lateness} margin={{ top: 8, right: 8, left: -8, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="measure" tick={{ fontSize: 12 }} />
                <YAxis unit=" s" tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="seconds" name="Seconds late" fill="#3730a3" barSize={48} isAnimationActive={false} />
              </BarChart>
            </ChartFrame>
          )}
          <dl className="facts">
            <dt>Median (p50)</dt>
            <dd>{seconds(summary.lateness.p50Seconds)}</dd>
            <dt>90th percentile</dt>
            <dd>{seconds(summary.lateness.p90Seconds)}</dd>
            <dt>Latest (max)</dt>
            <dd>{seconds(summary.lateness.maxSeconds)}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
