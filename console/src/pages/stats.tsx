import { useEffect, useRef } from 'preact/hooks';
import { api, download, query, type Me } from '../api.ts';
import type { ChartOption } from '../charts/stats-charts.ts';
import { labels, PORT_LIST, useI18n } from '../i18n.ts';
import type { Share, StatisticsFigures } from '../../../shared/domain/statistics/figures.ts';
import { beijingDay } from '../time.ts';
import { PageTitle, Show, useLoad } from '../ui.tsx';

interface StatsAnswer {
  window: { from: string; to: string };
  stats: StatisticsFigures;
}

const DAYS = 14;

/** One chart, drawn once echarts has loaded. */
function Chart({ option, label }: { option: ChartOption; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let live = true;
    void import('../charts/stats-charts.ts').then(({ draw }) => {
      if (live && element.current) dispose = draw(element.current, option);
    });
    return () => {
      live = false;
      dispose?.();
    };
  }, [option]);
  return <div class="chart" ref={element} role="img" aria-label={label} />;
}

const hours = (seconds: number | null) => (seconds === null ? 0 : Math.round((seconds / 3600) * 100) / 100);
const percent = (share: Share) => (share.share === null ? 0 : Math.round(share.share * 1000) / 10);

export function StatsPage({ me }: { me: Me }) {
  const { t, l, lang } = useI18n();
  const scope = me.role === 'hq' ? {} : { bureau: me.bureau };
  const loaded = useLoad(async () => {
    const days = Array.from({ length: DAYS }, (_, i) => beijingDay(i - DAYS + 1));
    const [all, byPort, byDay] = await Promise.all([
      api<StatsAnswer>(`/stats${query(scope)}`),
      Promise.all(PORT_LIST.map((p) => api<StatsAnswer>(`/stats${query({ ...scope, port: p.code })}`))),
      Promise.all(days.map((day) => api<StatsAnswer>(`/stats${query({ ...scope, from: day, to: day })}`))),
    ]);
    return { all, byPort, byDay, days };
  }, [me.subject]);

  return (
    <section>
      <PageTitle>{t('stats')}</PageTitle>
      <button type="button" class="secondary" onClick={() => void download(`/stats${query(scope)}`, 'text/csv', 'stats.csv')}>
        {t('exportCsv')}
      </button>
      <Show loaded={loaded}>
        {({ all, byPort, byDay, days }) => {
          const s = all.stats;
          const bar = (categories: string[], series: Array<{ name: string; data: number[] }>, stack = false): ChartOption => ({
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 48, right: 16, top: 36, bottom: 36 },
            xAxis: { type: 'category', data: categories },
            yAxis: { type: 'value', minInterval: 1 },
            series: series.map((x) => ({ type: 'bar', name: x.name, data: x.data, ...(stack && { stack: 'total' }) })),
          } as ChartOption);
          return (
            <>
              <p class="muted">
                {all.window.from} — {all.window.to} ({t('timezone')}) · {t('consignments')}: {s.consignments}
              </p>
              <div class="charts">
                <figure>
                  <figcaption>{t('volumesByPort')}</figcaption>
                  <Chart
                    label={t('volumesByPort')}
                    option={bar(
                      PORT_LIST.map((p) => l(p.name)),
                      [
                        { name: t('released'), data: byPort.map((x) => x.stats.byStatus.released) },
                        { name: t('rejected'), data: byPort.map((x) => x.stats.byStatus.rejected) },
                      ],
                      true,
                    )}
                  />
                </figure>
                <figure>
                  <figcaption>{t('volumesByDay')}</figcaption>
                  <Chart
                    label={t('volumesByDay')}
                    option={bar(days.map((d) => d.slice(5)), [
                      { name: t('released'), data: byDay.map((x) => x.stats.byStatus.released) },
                      { name: t('rejected'), data: byDay.map((x) => x.stats.byStatus.rejected) },
                    ], true)}
                  />
                </figure>
                <figure>
                  <figcaption>{t('directThrough')}</figcaption>
                  <Chart
                    label={t('directThrough')}
                    option={{
                      tooltip: { trigger: 'item' },
                      legend: { bottom: 0 },
                      series: [
                        {
                          type: 'pie',
                          radius: ['40%', '68%'],
                          data: [
                            { name: l(labels.status('released')) + ' · ' + (lang === 'zh' ? '直通' : 'direct-through'), value: s.importsDirectThrough.count },
                            { name: lang === 'zh' ? '口岸开箱查验' : 'port inspection', value: Math.max(s.importsDirectThrough.of - s.importsDirectThrough.count, 0) },
                          ],
                        },
                      ],
                    }}
                  />
                  <p class="muted">{percent(s.importsDirectThrough)}%</p>
                </figure>
                <figure>
                  <figcaption>{t('durations')}</figcaption>
                  <Chart
                    label={t('durations')}
                    option={bar([t('mean'), t('median'), 'p90', 'p99'], [
                      { name: t('portDwell'), data: [s.portDwell.meanSeconds, s.portDwell.medianSeconds, s.portDwell.p90Seconds, s.portDwell.p99Seconds].map(hours) },
                      { name: t('filingToRelease'), data: [s.filingToRelease.meanSeconds, s.filingToRelease.medianSeconds, s.filingToRelease.p90Seconds, s.filingToRelease.p99Seconds].map(hours) },
                    ])}
                  />
                </figure>
                <figure>
                  <figcaption>{t('nonconformity')}</figcaption>
                  <Chart
                    label={t('nonconformity')}
                    option={bar(PORT_LIST.map((p) => l(p.name)), [{ name: `${t('nonconformity')} %`, data: byPort.map((x) => percent(x.stats.nonconformity)) }])}
                  />
                </figure>
                <figure>
                  <figcaption>{t('escalations')}</figcaption>
                  <Chart
                    label={t('escalations')}
                    option={bar(PORT_LIST.map((p) => l(p.name)), [{ name: t('escalations'), data: byPort.map((x) => x.stats.escalations.count) }])}
                  />
                </figure>
              </div>
            </>
          );
        }}
      </Show>
    </section>
  );
}
