// A published post's metrics over time on each account (GET /posts/{id}/metrics): a chart of
// the counts per sample and a table that says the same, each metric the platform did not give
// shown as "not given" with the platform's reason, never as 0.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { PostMetricsView } from '../../api/posts/metrics';
import { METRIC_NAMES } from '../../domain/post-metrics';
import { PLATFORM_METRICS } from '../../domain/platform-metrics';
import { formatInZone } from '../utils/time';
import { useHydrated } from '../utils/use-hydrated';
import { useTimeZone } from '../utils/use-time-zone';
import { platformName } from './account';
import { Count, METRIC_LABELS } from './audience';
import { ChartFrame } from './chart-frame';
import { LocalTime } from './local-time';

/** One colour per metric (METRIC_NAMES order), so likes are the same colour on every account's chart. */
const METRIC_COLOURS = ['#1d4ed8', '#15803d', '#c2410c', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d', '#4338ca', '#374151'];

const END_WORDS = {
  completed: 'Collection completed',
  'deleted-on-platform': 'Stopped: the post was deleted on the platform',
  disconnected: 'Stopped: the account was disconnected',
} as const;

export function PostMetrics({ metrics }: { metrics: PostMetricsView }) {
  const hydrated = useHydrated();
  const { timeZone } = useTimeZone();
  if (metrics.accounts.length === 0) return null;
  return (
    <section aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Metrics</h2>
      {metrics.accounts.map((account) => {
        // the platform's metrics, any other a sample gave, and any it said why it lacks (Mastodon's views)
        const shown = METRIC_NAMES.filter(
          (metric) =>
            PLATFORM_METRICS[account.platform].includes(metric) ||
            account.samples.some((sample) => metric in sample.metrics || sample.missing.some((missing) => missing.metric === metric)),
        );
        const given = shown.filter((metric) => account.samples.some((sample) => metric in sample.metrics));
        const series = account.samples.map((sample) => ({
          at: formatInZone(sample.takenAt, timeZone, {
            day: 'numeric',
            month: 'short',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
          }),
          ...sample.metrics,
        }));
        const name =
          account.platform === 'DEMO'
            ? platformName(account.platform)
            : `${platformName(account.platform)} ${account.handle ?? '(disconnected)'}`;
        return (
          <section key={account.connectionId} className="card chart-card post-metrics" aria-label={`Metrics on ${name}`}>
            <h3>{name}</h3>
            <p className="hint">
              {account.endReason ? END_WORDS[account.endReason] : null}
              {account.nextSampleAt ? (
                <>
                  Next sample <LocalTime iso={account.nextSampleAt} options={{ dateStyle: 'medium', timeStyle: 'short' }} />
                </>
              ) : null}
              {' · '}
              <a href={account.temporalUiUrl}>Collection workflow</a>
            </p>
            {account.samples.length === 0 ? (
              <p className="hint">No sample yet: the first is taken an hour after publishing.</p>
            ) : (
              <>
                {given.length > 0 && account.samples.length > 1 ? (
                  <ChartFrame hydrated={hydrated} small label={`Line chart of the metrics on ${name} by sample time`}>
                    <LineChart data={series} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="at" tick={{ fontSize: 12 }} minTickGap={12} />
                      <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                      <Tooltip />
                      <Legend />
                      {given.map((metric) => (
                        <Line
                          key={metric}
                          dataKey={metric}
                          name={METRIC_LABELS[metric]}
                          stroke={METRIC_COLOURS[METRIC_NAMES.indexOf(metric)]}
                          strokeWidth={2}
                          isAnimationActive={false}
                        />
                      ))}
                    </LineChart>
                  </ChartFrame>
                ) : null}
                <div className="table-scroll">
                  <table className="data-table" data-testid={`metrics-${account.connectionId}`}>
                    <thead>
                      <tr>
                        <th scope="col">Taken</th>
                        {shown.map((metric) => (
                          <th key={metric} scope="col">
                            {METRIC_LABELS[metric]}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {account.samples.map((sample) => (
                        <tr key={sample.sampleIndex}>
                          <th scope="row">
                            <LocalTime iso={sample.takenAt} options={{ dateStyle: 'medium', timeStyle: 'medium' }} />
                          </th>
                          {shown.map((metric) => (
                            <td key={metric}>
                              <Count
                                value={sample.metrics[metric]}
                                reason={sample.missing.find((missing) => missing.metric === metric)?.reason}
                              />
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        );
      })}
    </section>
  );
}
