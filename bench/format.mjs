/** How figures read in the table: one unit per kind of figure, with the spread beside the median. */

export const ms = (value) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`);

/** `3.10 ms (p10 2.90, p90 3.60, n 300)` */
export const spread = ({ median, p10, p90, n }, unit = ms) => `${unit(median)} (p10 ${unit(p10).split(' ')[0]}, p90 ${unit(p90).split(' ')[0]}, n ${n})`;

export const ratio = (value) => `${value.toFixed(2)}x`;

export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
