import { useState } from 'preact/hooks';
import { api, download, query, type Page } from '../api.ts';
import { labels, PORT_LIST, useI18n } from '../i18n.ts';
import { beijing, beijingDay } from '../time.ts';
import { EmptyListing, PageTitle, ProblemView, Show, useLoad } from '../ui.tsx';

interface Train {
  id: string;
  trainNumber?: string;
  direction: string;
  portCode: string;
  status: string;
  timetable?: { plannedDeparture: string; plannedBorderCrossing: string; plannedArrival: string };
  plannedDeparture?: string;
  plannedBorderCrossing?: string;
  plannedArrival?: string;
}

const times = (train: Train) => train.timetable ?? { plannedDeparture: train.plannedDeparture ?? '', plannedBorderCrossing: train.plannedBorderCrossing ?? '', plannedArrival: train.plannedArrival ?? '' };

/**
 * GET /trains lists one border-crossing day, or one port's trains: without a day, every port's
 * trains on one axis; with a day (Beijing), that day's.
 */
async function loadTrains(day: string): Promise<Train[]> {
  if (day) return (await api<Page<Train>>(`/trains${query({ date: day, limit: 100 })}`)).items;
  const pages = await Promise.all(PORT_LIST.map((port) => api<Page<Train>>(`/trains${query({ port: port.code, limit: 100 })}`)));
  return pages.flatMap((page) => page.items);
}

/** Each train as a bar from departure to arrival, the border crossing marked, on one time axis. */
export function TrainsPage() {
  const { t, l, lang } = useI18n();
  const [day, setDay] = useState('');
  const loaded = useLoad(() => loadTrains(day), [day]);
  const [exportError, setExportError] = useState<unknown>();
  return (
    <section>
      <PageTitle>{t('trainTimeline')}</PageTitle>
      <div class="search">
        <div class="field">
          <label for="trains-day">{t('crossingDay')}</label>
          <input id="trains-day" type="date" value={day} onChange={(e) => setDay(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => download(`/trains${query({ date: day || beijingDay(), limit: 100 })}`, 'text/csv', 'trains.csv').catch(setExportError)}
          >
            {t('exportCsv')}
          </button>
        </div>
      </div>
      {exportError !== undefined && <ProblemView error={exportError} />}
      <Show loaded={loaded}>
        {(items) => {
          const trains = items.filter((train) => times(train).plannedDeparture);
          if (trains.length === 0) return <EmptyListing />;
          const start = Math.min(...trains.map((x) => Date.parse(times(x).plannedDeparture)));
          const end = Math.max(...trains.map((x) => Date.parse(times(x).plannedArrival)));
          const span = Math.max(end - start, 1);
          const pct = (iso: string) => `${(((Date.parse(iso) - start) / span) * 100).toFixed(2)}%`;
          return (
            <>
              <p class="muted">
                {beijing(new Date(start).toISOString(), lang)} — {beijing(new Date(end).toISOString(), lang)} ({t('timezone')})
              </p>
              <ul class="train-timeline">
                {trains.map((train) => {
                  const tt = times(train);
                  return (
                    <li key={train.id}>
                      <span class="train-name">
                        {train.trainNumber ?? train.id} · {l(labels.port(train.portCode))} · {train.status}
                      </span>
                      <span class="train-track">
                        <span
                          class={`train-bar ${train.direction}`}
                          style={{ left: pct(tt.plannedDeparture), width: `calc(${pct(tt.plannedArrival)} - ${pct(tt.plannedDeparture)})` }}
                          title={`${beijing(tt.plannedDeparture, lang)} → ${beijing(tt.plannedArrival, lang)}`}
                        />
                        <span class="train-border" style={{ left: pct(tt.plannedBorderCrossing) }} title={beijing(tt.plannedBorderCrossing, lang)} />
                      </span>
                    </li>
                  );
                })}
              </ul>
            </>
          );
        }}
      </Show>
    </section>
  );
}
