import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretKeyFormatError } from '../core/secret-key.js';
import { keyFromSecretValue } from './secret-value.js';

/** How long GetSecretValue may take, retries included. */
export const DEFAULT_SECRET_DEADLINE_MS = 5_000;

/** Secrets Manager would not hand the value over. Its message names the secret and the AWS error and says what to fix. */
class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

/** Keys already read, by secret id, for the life of the process (a warm Synthetics container skips the call). */
const keysBySecretId = new Map<string, Uint8Array>();

/** The key, or why the run cannot have it: `secret` when AWS said no or did not answer, `config` when the value is not a key. */
export type KeyOutcome =
  | { readonly ok: true; readonly key: Uint8Array }
  | { readonly ok: false; readonly reason: 'secret' | 'config'; readonly message: string };

/**
 * The canary key from Secrets Manager, read once per process and secret id. Region, endpoint and credentials
 * come from the SDK's standard environment (AWS_REGION, AWS_ENDPOINT_URL[_SECRETS_MANAGER]). Failures are not
 * cached, so fixing the secret takes effect on the next run. No message carries the value.
 */
export async function readCanaryKey(secretId: string, deadlineMs = DEFAULT_SECRET_DEADLINE_MS): Promise<KeyOutcome> {
  const cached = keysBySecretId.get(secretId);
  if (cached !== undefined) return { ok: true, key: cached };
  try {
    const key = keyFromSecretValue(await fetchSecretValue(secretId, deadlineMs), secretId);
    keysBySecretId.set(secretId, key);
    return { ok: true, key };
  } catch (error) {
    if (error instanceof SecretUnavailableError) return { ok: false, reason: 'secret', message: error.message };
    if (error instanceof SecretKeyFormatError) return { ok: false, reason: 'config', message: error.message };
    throw error;
  }
}

/** Drops the cached key, so the next run reads the secret again (used after the relay refused the key: it may have been rotated). */
export function forgetCanaryKey(secretId: string): void {
  keysBySecretId.delete(secretId);
}

async function fetchSecretValue(secretId: string, deadlineMs: number): Promise<string> {
  const abortSignal = AbortSignal.timeout(deadlineMs);
  const client = new SecretsManagerClient({});
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal });
    if (output.SecretString !== undefined) return output.SecretString;
    if (output.SecretBinary !== undefined) return new TextDecoder().decode(output.SecretBinary);
    throw new SecretUnavailableError(`secret "${secretId}" has neither a string nor a binary value: store the key as its value`);
  } catch (error) {
    if (error instanceof SecretUnavailableError) throw error;
    if (abortSignal.aborted) {
      throw new SecretUnavailableError(
        `Secrets Manager did not answer GetSecretValue for "${secretId}" within ${deadlineMs / 1000} s (TimeoutError): check the network path to Secrets Manager (VPC routes or an endpoint)`,
      );
    }
    const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
    if ($metadata?.httpStatusCode === undefined) {
      throw new SecretUnavailableError(`cannot reach Secrets Manager for "${secretId}": ${name}: ${message}: check AWS_REGION and the network path to Secrets Manager`);
    }
    throw new SecretUnavailableError(`Secrets Manager refused GetSecretValue for "${secretId}": ${name}: ${message}: ${whatToDo(name)}`);
  } finally {
    client.destroy();
  }
}

function whatToDo(awsError: string): string {
  switch (awsError) {
    case 'ResourceNotFoundException':
      return 'check the secret id (name or ARN) and AWS_REGION, and that the secret has a current value';
    case 'AccessDeniedException':
      return 'give the caller (for the canary: its execution role) secretsmanager:GetSecretValue on this secret, and kms:Decrypt on its key if that is a customer-managed KMS key';
    case 'DecryptionFailure':
      return 'KMS could not decrypt the secret: check its KMS key is enabled and the caller may use it';
    case 'InvalidRequestException':
      return 'the secret may be scheduled for deletion: restore it';
    default:
      return "if this lasts, check Secrets Manager's health in this region";
  }
}
