import { CreateSecretCommand, SecretsManagerClient, UpdateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { bytesToHex } from 'nostr-tools/utils';

/** Bounds each Secrets Manager call, retries included. */
const CALL_DEADLINE_MS = 10_000;

/**
 * Secrets Manager would not store the key. The message names the secret and the AWS error and says what to do;
 * it never carries the key.
 */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
}

export type Stored = 'created' | 'replaced';

/**
 * Writes a canary key into a Secrets Manager secret as `{"seckey": "<hex>"}`, the shape the canary reads.
 * Creates the secret; an existing one is replaced only with `overwrite`, because it may hold the key a live
 * canary is using. Region, credentials and endpoint come from the SDK's standard environment.
 */
export async function storeCanaryKey(secretId: string, secretKey: Uint8Array, npub: string, overwrite: boolean): Promise<Stored> {
  const client = new SecretsManagerClient({});
  const secret = {
    SecretString: JSON.stringify({ seckey: bytesToHex(secretKey) }),
    Description: `zooid-canary key; public key ${npub}`,
  };
  const bounded = () => ({ abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) });
  try {
    // An ARN can only name a secret that exists already.
    if (!secretId.startsWith('arn:')) {
      try {
        await client.send(new CreateSecretCommand({ Name: secretId, ...secret }), bounded());
        return 'created';
      } catch (error) {
        if ((error as Error).name !== 'ResourceExistsException') throw error;
      }
    }
    if (!overwrite) {
      throw new SecretStoreError(
        `secret "${secretId}" already exists and may hold the key a running canary uses; nothing was changed. ` +
          'Give a new --secret-id, or add --overwrite to replace its value (then put the new key in the group before the canary next reads the secret)',
      );
    }
    await client.send(new UpdateSecretCommand({ SecretId: secretId, ...secret }), bounded());
    return 'replaced';
  } catch (error) {
    if (error instanceof SecretStoreError) throw error;
    throw awsFailure(error as Error & { $metadata?: { httpStatusCode?: number } }, secretId, overwrite);
  } finally {
    client.destroy();
  }
}

function awsFailure(error: Error & { $metadata?: { httpStatusCode?: number } }, secretId: string, overwrite: boolean): SecretStoreError {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return new SecretStoreError(`Secrets Manager did not answer within ${CALL_DEADLINE_MS / 1000} s for "${secretId}": check AWS_REGION and your network; nothing may have been stored`);
  }
  if (error.$metadata?.httpStatusCode === undefined) {
    return new SecretStoreError(`cannot reach Secrets Manager for "${secretId}": ${error.name}: ${error.message}: check AWS_REGION (or AWS_PROFILE) and your network`);
  }
  const calls = overwrite ? 'secretsmanager:CreateSecret and secretsmanager:UpdateSecret' : 'secretsmanager:CreateSecret';
  const next: Record<string, string> = {
    AccessDeniedException: `your AWS identity needs ${calls} on this secret (and kms:GenerateDataKey on its KMS key if it is customer-managed)`,
    ResourceNotFoundException: 'no secret has this ARN: check it and AWS_REGION, or give a name to create a new secret',
    InvalidRequestException: 'the secret may be scheduled for deletion: restore it, or pick another --secret-id',
    ValidationException: 'check --secret-id: a name of letters, digits and /_+=.@-, or a secret ARN',
  };
  return new SecretStoreError(
    `Secrets Manager refused to store "${secretId}": ${error.name}: ${error.message}: ${next[error.name] ?? 'retry, and if it lasts check Secrets Manager in this region'}`,
  );
}
