const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * What is wrong with a Secrets Manager secret id given as `label` (an environment variable or a flag), or null
 * when it is a plausible name or ARN. Checked before any AWS call, so a typo is a config problem, not an outage.
 */
export function secretIdProblem(secretId: string, label: string): string | null {
  if (secretId === '') return `${label} is missing: give the name or ARN of the Secrets Manager secret that holds the canary key`;
  const plausible = secretId.startsWith('arn:') ? SECRET_ARN.test(secretId) : SECRET_NAME.test(secretId);
  return plausible ? null : `${label} "${secretId}" is neither a secret name (letters, digits, /_+=.@-) nor a Secrets Manager secret ARN`;
}
