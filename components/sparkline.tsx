/** A tiny line of daily counts: a glance, not a chart; the numbers are in its label. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 84;
  const height = 20;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(" ");
  const total = values.reduce((a, b) => a + b, 0);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${total.toLocaleString("en-US")} requests in ${values.length} days`}
      className="overflow-visible"
      data-testid="sparkline"
    >
      <polyline points={points} fill="none" stroke={total === 0 ? "#cbd5e1" : "#4f46e5"} strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
