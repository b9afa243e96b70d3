import { useTranslation } from 'react-i18next';
import { formatNumber } from './format';

/** A bar on a 0–100 scale with an optional target line; decorative, since the numbers sit beside it. */
export function Bar({
  value,
  target,
  range,
}: {
  value: number | null;
  target?: number | null;
  range?: [number, number];
}) {
  return (
    <svg
      className="bar-chart"
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="0" y="2" width="100" height="8" className="bar-track" />
      {range && (
        <rect
          x={range[0]}
          y="2"
          width={Math.max(range[1] - range[0], 0.5)}
          height="8"
          className="bar-range"
        />
      )}
      {value !== null && <rect x="0" y="3" width={value} height="6" className="bar-value" />}
      {target !== null && target !== undefined && (
        <line
          x1={target}
          x2={target}
          y1="0"
          y2="12"
          className="bar-target"
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}

/** One row of a score table. */
export interface ScoreRow {
  readonly key: string;
  readonly label: string;
  readonly score: number | null;
  readonly target: number | null;
  readonly level?: number | null;
  readonly delta?: number | null;
}

/**
 * Scores people compare at a glance: a table (so the numbers read well with a screen reader) whose last
 * column draws each score as a bar against its target.
 */
export function ScoreTable(props: {
  caption: string;
  areaHeader: string;
  rows: readonly ScoreRow[];
  deltaHeader?: string | undefined;
  /** The score column's header; scores are out of 100 either way. */
  scoreHeader?: string | undefined;
  chartHeader?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null | undefined) =>
    v === null || v === undefined ? t('charts.noData') : formatNumber(v, i18n.language);
  const hasTarget = props.rows.some((r) => r.target !== null);
  const hasLevel = props.rows.some((r) => r.level !== undefined);
  return (
    <table tabIndex={0} className="score-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.areaHeader}</th>
          <th scope="col">{props.scoreHeader ?? t('assessments.colScore')}</th>
          {hasTarget && <th scope="col">{t('assessments.colTarget')}</th>}
          {hasLevel && <th scope="col">{t('assessments.colLevel')}</th>}
          {props.deltaHeader && <th scope="col">{props.deltaHeader}</th>}
          <th scope="col" className="chart-col">
            {props.chartHeader ?? t('assessments.colChart')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{n(r.score)}</td>
            {hasTarget && <td className="num">{n(r.target)}</td>}
            {hasLevel && <td className="num">{n(r.level)}</td>}
            {props.deltaHeader && (
              <td className="num">
                {r.delta === null || r.delta === undefined ? '—' : `${r.delta > 0 ? '+' : ''}${n(r.delta)}`}
              </td>
            )}
            <td className="chart-col">
              <Bar value={r.score} target={r.target} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
