/**
 * The Logs Insights query behind the "recent failure messages" panel. The Synthetics canary logs each failed run
 * as `<VERDICT_LOG_MARKER> {json verdict}` (after the Lambda runtime's own timestamp/request-id prefix); the
 * relay's words, e.g. `restricted: you are not a member of that group`, are in the verdict's `message`.
 */
import { VERDICT_LOG_MARKER } from '../../canary/metrics/log-marker.js';

/** A JSON string value as it appears in the line, escaped quotes included. */
const JSON_STRING = String.raw`(?:[^"\\]|\\.)*`;

function parseStringField(field: string): string {
  return `| parse @message /"${field}":"(?<${field}>${JSON_STRING})"/`;
}

/**
 * Failed verdicts for the dashboard's relay and group, newest first. `relay` is matched with `like` because the
 * verdict may carry the full URL while the metric dimension carries host[:port].
 */
export function verdictLogQuery(relayVariable: string, groupVariable: string): string {
  return [
    'fields @timestamp, @message',
    `| filter @message like "${VERDICT_LOG_MARKER}"`,
    '| parse @message /"ok":(?<ok>true|false)/',
    parseStringField('reason'),
    parseStringField('message'),
    parseStringField('relay'),
    parseStringField('group'),
    `| filter ok = "false" and relay like "${relayVariable}" and group = "${groupVariable}"`,
    '| sort @timestamp desc',
    '| limit 100',
    '| display @timestamp, reason, message, relay, group',
  ].join('\n');
}
