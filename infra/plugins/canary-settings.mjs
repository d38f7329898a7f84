/**
 * Checks the canaries' parameters at package time (see ../lib/canary-rules.mjs) and offers
 * `${canarySchedule(<logical id>):periodSeconds}`, the period of that canary's rate() schedule, so the
 * failure alarm follows the schedule instead of repeating it.
 */
import { canaryProblems } from '../lib/canary-rules.mjs';
import { ratePeriodSeconds } from '../lib/schedule.mjs';

export default class CanarySettingsPlugin {
  constructor(serverless) {
    const fail = (message) => {
      throw new serverless.classes.Error(message);
    };
    this.configurationVariablesSources = {
      canarySchedule: {
        resolve: async ({ params, address, resolveConfigurationProperty }) => {
          const logicalId = params?.[0];
          if (logicalId === undefined || address !== 'periodSeconds') {
            fail('use ${canarySchedule(<canary logical id>):periodSeconds}');
          }
          const expression = await resolveConfigurationProperty([
            'resources', 'Resources', logicalId, 'Properties', 'Schedule', 'Expression',
          ]);
          try {
            return { value: ratePeriodSeconds(expression) };
          } catch (error) {
            return fail(`${logicalId}: ${error.message}`);
          }
        },
      },
    };
    this.hooks = {
      'before:package:initialize': () => {
        const problems = canaryProblems(serverless.service.resources?.Resources);
        if (problems.length > 0) {
          fail(`The canary settings would be refused by Synthetics:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        }
      },
    };
  }
}
