import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { MOTO_CREDENTIALS, TEST_REGION } from './moto-server.js';

/** The test's own view of moto: arranging secrets and reading metrics back, straight to moto (not through the request log). */
export function motoClients(endpoint: string) {
  // Node 20 here: keep the SDK's notice that its 2027 releases need Node 22 out of the test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const config = {
    endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  };
  const secrets = new SecretsManagerClient(config);
  const cloudWatch = new CloudWatchClient(config);
  return {
    /** Creates a secret under a fresh name (so no run finds another test's key cached) and returns the name. */
    async createSecret(value: string): Promise<string> {
      const name = `zooid-canary/test/${randomBytes(4).toString('hex')}`;
      await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }));
      return name;
    },

    /** Sum and sample count of one metric with exactly these dimensions, over the last and next hour. */
    async stats(namespace: string, metricName: string, dimensions: Record<string, string>): Promise<{ sum: number; count: number }> {
      const now = Date.now();
      const { Datapoints = [] } = await cloudWatch.send(
        new GetMetricStatisticsCommand({
          Namespace: namespace,
          MetricName: metricName,
          Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 3_600_000),
          Period: 60,
          Statistics: ['Sum', 'SampleCount'],
        }),
      );
      return Datapoints.reduce((total, point) => ({ sum: total.sum + (point.Sum ?? 0), count: total.count + (point.SampleCount ?? 0) }), { sum: 0, count: 0 });
    },

    /** The distinct series in the namespace, as `Name[Dim,Dim]`, sorted. */
    async series(namespace: string): Promise<string[]> {
      const { Metrics = [] } = await cloudWatch.send(new ListMetricsCommand({ Namespace: namespace }));
      return [...new Set(Metrics.map((metric) => `${metric.MetricName}[${(metric.Dimensions ?? []).map((d) => d.Name).join(',')}]`))].sort();
    },

    destroy(): void {
      secrets.destroy();
      cloudWatch.destroy();
    },
  };
}
