/** Order statistics and a least-squares slope: enough to report a median with its spread honestly. */

/** The q-quantile (0..1) of the values, linearly interpolated between the two nearest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values) => quantile(values, 0.5);

/** Median with p10 and p90: the spread a reader needs to judge whether two medians really differ. */
export function summary(values) {
  return { n: values.length, median: median(values), p10: quantile(values, 0.1), p90: quantile(values, 0.9) };
}

/** Slope of y over x by least squares (units of y per unit of x). */
export function slope(xs, ys) {
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (xs[i] - meanX) * (ys[i] - meanY);
    variance += (xs[i] - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
