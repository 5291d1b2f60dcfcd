/** One environment variable that failed validation, and why. */
export interface ConfigIssue {
  readonly variable: string;
  readonly reason: string;
}

/**
 * Thrown at boot when the environment does not satisfy an app's schema. The message lists every
 * bad variable (not only the first), so one restart is enough to see everything to fix.
 */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(app, issues));
    this.name = 'ConfigError';
  }
}

function formatIssues(app: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.variable}: ${issue.reason}`);
  return `${app}: invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}
