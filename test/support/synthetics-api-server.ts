/**
 * A local CloudWatch Synthetics speaking the REST-JSON the AWS SDK sends and expects, for the two operations
 * the deploy gate uses (moto has neither): POST /canary/{name}/start and POST /canary/{name}/runs. Errors
 * come the way AWS sends them: status, `x-amzn-ErrorType` header and a `Message` body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRunState = 'RUNNING' | 'PASSED' | 'FAILED';

export interface FakeRunStep {
  readonly state: FakeRunState;
  readonly reason?: string;
}

export interface FakeHistoryRun extends FakeRunStep {
  readonly id: string;
  readonly startedSecondsAgo: number;
  readonly durationSeconds?: number;
}

export interface FakeCanary {
  /** StartCanary answers ConflictException this many times before it starts a run. */
  readonly busyStarts?: number;
  /** GetCanaryRuns calls that do not list a started run yet (Synthetics takes a moment). */
  readonly hiddenPolls?: number;
  /** States a started run shows, one per GetCanaryRuns call that lists it; the last one sticks. */
  readonly runSteps: readonly FakeRunStep[];
  /** Runs that exist before the gate starts anything, newest first. */
  readonly history?: readonly FakeHistoryRun[];
  /** Seconds the fake AWS clock is ahead (+) or behind (-) the test's clock. */
  readonly clockOffsetSeconds?: number;
}

export interface SyntheticsScenario {
  readonly canaries: Readonly<Record<string, FakeCanary>>;
  /** Every call is refused with 403 AccessDeniedException. */
  readonly denyAll?: boolean;
}

export interface RecordedCall {
  readonly operation: 'StartCanary' | 'GetCanaryRuns' | 'unknown';
  readonly canary: string;
  readonly signed: boolean;
  readonly body: string;
}

export interface SyntheticsApiServer {
  /** For AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly calls: readonly RecordedCall[];
  close(): Promise<void>;
}

interface LiveRun {
  readonly id: string;
  readonly startedAt: number;
  polls: number;
}

export async function startSyntheticsApi(scenario: SyntheticsScenario): Promise<SyntheticsApiServer> {
  const calls: RecordedCall[] = [];
  const started = new Map<string, LiveRun[]>();
  const busyLeft = new Map(Object.entries(scenario.canaries).map(([name, c]) => [name, c.busyStarts ?? 0]));
  let nextRun = 1;

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const match = /^\/canary\/([^/]+)\/(start|runs)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      const canary = match ? decodeURIComponent(match[1] ?? '') : '';
      const operation = match?.[2] === 'start' ? 'StartCanary' : match?.[2] === 'runs' ? 'GetCanaryRuns' : 'unknown';
      const signed = /^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? '');
      calls.push({ operation, canary, signed, body });

      if (req.method !== 'POST' || operation === 'unknown') return sendError(res, 404, 'UnknownOperationException', `no route ${req.method} ${req.url}`);
      if (!signed) return sendError(res, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (scenario.denyAll) {
        const action = operation === 'StartCanary' ? 'StartCanary' : 'GetCanaryRuns';
        return sendError(res, 403, 'AccessDeniedException', `User: arn:aws:sts::123456789012:assumed-role/pipeline is not authorized to perform: synthetics:${action}`);
      }
      const fake = scenario.canaries[canary];
      if (fake === undefined) return sendError(res, 404, 'ResourceNotFoundException', `Canary ${canary} not found.`);
      const awsNow = () => Date.now() + (fake.clockOffsetSeconds ?? 0) * 1000;

      if (operation === 'StartCanary') {
        const busy = busyLeft.get(canary) ?? 0;
        if (busy > 0) {
          busyLeft.set(canary, busy - 1);
          return sendError(res, 409, 'ConflictException', 'Canary is in a state that cannot be started: RUNNING');
        }
        const runs = started.get(canary) ?? [];
        runs.push({ id: `run-${nextRun++}`, startedAt: awsNow(), polls: 0 });
        started.set(canary, runs);
        return sendJson(res, 200, {});
      }

      const listed = (started.get(canary) ?? []).flatMap((run) => {
        run.polls += 1;
        const visiblePolls = run.polls - (fake.hiddenPolls ?? 0);
        if (visiblePolls <= 0) return [];
        const step = fake.runSteps[Math.min(visiblePolls, fake.runSteps.length) - 1] ?? { state: 'RUNNING' };
        const completed = step.state === 'RUNNING' ? undefined : awsNow();
        return [wireRun(canary, run.id, step, run.startedAt, completed)];
      });
      const history = (fake.history ?? []).map((h) => {
        const startedAt = awsNow() - h.startedSecondsAgo * 1000;
        const completed = h.state === 'RUNNING' ? undefined : startedAt + (h.durationSeconds ?? 5) * 1000;
        return wireRun(canary, h.id, h, startedAt, completed);
      });
      return sendJson(res, 200, { CanaryRuns: [...listed.reverse(), ...history] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The CanaryRun shape of the Synthetics API; timestamps are epoch seconds. */
function wireRun(canary: string, id: string, step: FakeRunStep, startedAt: number, completedAt: number | undefined) {
  return {
    Id: id,
    Name: canary,
    Status: {
      State: step.state,
      StateReason: step.reason ?? '',
      ...(step.state === 'FAILED' ? { StateReasonCode: 'CANARY_FAILURE' } : {}),
    },
    Timeline: { Started: startedAt / 1000, ...(completedAt === undefined ? {} : { Completed: completedAt / 1000 }) },
    ArtifactS3Location: `s3://artifacts/${canary}/${id}`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': 'local-synthetics' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'local-synthetics' });
  res.end(JSON.stringify({ Message: message }));
}
