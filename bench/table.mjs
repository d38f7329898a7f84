/** The bench's table: metric | measured | goal | verdict, in sections, as plain text that pastes into Markdown. */

/** `ok` when the goal is met, `MISS` when not, blank for a figure with no goal of its own. */
export function verdictOf(row) {
  if (row.ok === undefined) return '';
  return row.ok ? 'ok' : 'MISS';
}

export function markdownTable(sections) {
  const lines = ['| metric | measured | goal | |', '| --- | --- | --- | --- |'];
  for (const { title, rows } of sections) {
    lines.push(`| **${title}** | | | |`);
    for (const row of rows) lines.push(`| ${[row.metric, row.measured, row.goal ?? '', verdictOf(row)].map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

const escapeCell = (text) => String(text).replaceAll('|', '\\|');
