// Unit tests of the command-line options of the e2e driver.
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDuration, parseOptions, USAGE, UsageError } from './options';

const bases = { cwd: '/home/dev/somewhere', workspaceRoot: '/repo' };

describe('parseOptions', () => {
  test('GIVEN only --stack WHEN parsed THEN every default applies, relative to the workspace root', () => {
    expect(parseOptions(['--stack', 'docker-scs-1-35'], {}, bases)).toEqual({
      stack: 'docker-scs-1-35',
      kubeconfig: path.join(os.homedir(), '.kube', 'config'),
      releaseDir: '/repo/dist/releases',
      release: undefined,
      upgradeFrom: undefined,
      example: 'defaults',
      namespace: 'e2e',
      timeoutMs: 3_600_000,
      pollIntervalMs: 10_000,
      reportDir: '/repo/dist/e2e/docker-scs-1-35',
      dryRun: false,
    });
  });

  test('GIVEN every option WHEN parsed THEN given paths are relative to the current directory', () => {
    const argv = [
      '--stack=docker-scs-1-35',
      '--kubeconfig',
      'mgmt.kubeconfig',
      '--release-dir',
      'releases',
      '--release',
      'docker-scs-1-35-v2',
      '--upgrade-from',
      'docker-scs-1-34-v1',
      '--example',
      'all-variables',
      '--namespace',
      'test',
      '--timeout',
      '90m',
      '--poll-interval',
      '5s',
      '--report-dir',
      '/var/reports/e2e',
      '--dry-run',
    ];
    expect(parseOptions(argv, { KUBECONFIG: '/ignored' }, bases)).toEqual({
      stack: 'docker-scs-1-35',
      kubeconfig: '/home/dev/somewhere/mgmt.kubeconfig',
      releaseDir: '/home/dev/somewhere/releases',
      release: 'docker-scs-1-35-v2',
      upgradeFrom: 'docker-scs-1-34-v1',
      example: 'all-variables',
      namespace: 'test',
      timeoutMs: 5_400_000,
      pollIntervalMs: 5_000,
      reportDir: '/var/reports/e2e',
      dryRun: true,
    });
  });

  test('GIVEN $KUBECONFIG with two files and an upgrade WHEN parsed THEN the first file and an -upgrade report dir are used', () => {
    const options = parseOptions(
      ['--stack', 'docker-scs-1-35', '--upgrade-from', 'docker-scs-1-34-v1'],
      { KUBECONFIG: `/a/config${path.delimiter}/b/config` },
      bases,
    );
    expect(options).toMatchObject({
      kubeconfig: '/a/config',
      reportDir: '/repo/dist/e2e/docker-scs-1-35-upgrade',
    });
  });

  test('GIVEN --help anywhere WHEN parsed THEN help is asked for, and the usage documents every option', () => {
    expect(parseOptions(['--stack', 'x', '--help'], {}, bases)).toBe('help');
    for (const option of [
      '--stack',
      '--kubeconfig',
      '--release-dir',
      '--release ',
      '--upgrade-from',
      '--example',
      '--namespace',
      '--timeout',
      '--poll-interval',
      '--report-dir',
      '--dry-run',
      '--help',
    ]) {
      expect(USAGE).toContain(`  ${option}`);
    }
  });

  test.each([
    [[], '--stack is required'],
    [['--stack'], '--stack needs a value'],
    [['--stack', '--dry-run'], '--stack needs a value'],
    [
      ['--stack', 'docker-scs-1.35'],
      '--stack: expected a stack project such as docker-scs-1-35, got "docker-scs-1.35"',
    ],
    [['--stack', 'docker-scs-1-35', '--stack', 'docker-scs-1-34'], '--stack given twice'],
    [['--stack', 'docker-scs-1-35', '--verbose'], 'unknown option "--verbose"'],
    [
      ['--stack', 'docker-scs-1-35', '--timeout', '10 minutes'],
      '--timeout: expected a positive duration such as 90m, 1h or 3600s, got "10 minutes"',
    ],
  ])('GIVEN %j WHEN parsed THEN it fails with %s', (argv, message) => {
    expect(() => parseOptions(argv, {}, bases)).toThrow(new UsageError(message));
  });
});

describe('parseDuration', () => {
  test('GIVEN seconds, minutes, hours and a bare number WHEN parsed THEN milliseconds', () => {
    expect([
      parseDuration('45s', 'x'),
      parseDuration('2m', 'x'),
      parseDuration('1h', 'x'),
      parseDuration('30', 'x'),
    ]).toEqual([45_000, 120_000, 3_600_000, 30_000]);
  });

  test('GIVEN zero WHEN parsed THEN it is refused', () => {
    expect(() => parseDuration('0m', '--timeout')).toThrow(
      '--timeout: expected a positive duration such as 90m, 1h or 3600s, got "0m"',
    );
  });
});
