// Bad command lines of every tool: unknown flags, missing values, stray arguments, values out of range.
import { BadInputCase } from '../runner';

const P = 'providers/docker/scs/1-35';

const usage = (tool: string, args: string[], stderr: string, code = 2): BadInputCase => ({
  name: `GIVEN "${[tool, ...args].join(' ')}" WHEN run THEN it exits ${code}: ${stderr.split('\n')[0]}`,
  tool,
  args,
  code,
  stderr,
});

export const COMMAND_LINE_CASES: BadInputCase[] = [
  usage('cs', ['synth', '--foo', P], 'error: synth: unknown flag --foo: it takes no flags'),
  usage('cs', ['synth', '-f', P], 'error: synth: unknown flag -f: it takes no flags'),
  usage(
    'cs',
    ['synth', 'providers/docker/scs/9-99'],
    'error: providers/docker/scs/9-99: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.',
  ),
  usage(
    'cs',
    ['synth', 'providers/docker'],
    'error: providers/docker: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.',
  ),
  usage(
    'cs',
    ['build', '--modes', 'hash', P],
    'error: build: unknown flag --modes: expected --mode <stable|hash>, --vendor-charts',
  ),
  usage('cs', ['build', '--vendor-charts=yes', P], 'error: build: --vendor-charts takes no value'),
  usage(
    'cs',
    ['build', '--mode', 'hash', '--mode', 'stable', P],
    'error: build: --mode <stable|hash> is given twice',
  ),
  usage('cs', ['package', '--mode'], 'error: package: --mode needs a value: --mode <stable|hash>'),
  usage(
    'cs',
    ['package', '--mode', '--vendor-charts', P],
    'error: package: --mode needs a value: --mode <stable|hash>',
  ),
  usage('cs', ['package', '--mode', 'fast', P], 'error: --mode must be "stable" or "hash", got "fast"'),
  usage('cs', ['package', '--mode=fast', P], 'error: --mode must be "stable" or "hash", got "fast"'),
  usage('cs', ['package', '--mode='], 'error: package: --mode needs a value: --mode <stable|hash>'),
  usage('cs', ['render', '--check'], 'error: render: unknown flag --check: it takes no flags'),
  usage('cs', ['version', '--force'], 'error: version: unknown flag --force: it takes no flags'),
  usage('cs', ['validate', '--all'], 'error: validate: unknown flag --all: expected --without <need,…>'),
  usage(
    'cs',
    ['validate', '--without', 'network', P],
    'error: validate: --without "network" is not a need: expected a comma-separated list of cso-render, helm, kubeconform, clusterctl, topology-plan, kubernetes-schemas',
  ),
  usage('cs', ['release', '--mode', 'hash'], 'error: release: unknown flag --mode: expected --vendor-charts'),
  usage('cs', ['check-versions', '--base'], 'error: check-versions: --base needs a value: --base <git ref>'),
  usage(
    'cs',
    ['check-versions', '--bse', 'main'],
    'error: check-versions: unknown flag --bse: expected --base <git ref>',
  ),
  usage(
    'cs',
    ['check-versions', '--base', 'no-such-branch', P],
    'error: --base no-such-branch: no such commit in this repository; fetch it (e.g. "git fetch origin no-such-branch") or pass an existing branch, tag or commit',
  ),
  usage(
    'cs',
    ['check-versions', '--base=0000000000000000000000000000000000000000', P],
    'error: --base 0000000000000000000000000000000000000000: no such commit in this repository; fetch it (e.g. "git fetch origin 0000000000000000000000000000000000000000") or pass an existing branch, tag or commit',
  ),
  usage('cs', ['generate', '--chek'], 'error: generate: unknown flag --chek: expected --check'),
  usage('cs', ['generate', 'now'], 'error: generate: unexpected argument "now": it takes only --check'),
  usage('cs', ['generate', '--check', '--check'], 'error: generate: --check is given twice'),
  usage(
    'cs',
    ['validate', P],
    'error: <workspace>/dist/packaged/docker-scs-1-35.json does not exist: run the package target first',
  ),
  usage('docs', ['--chek'], 'error: docs: unknown flag --chek: expected --check, --debug'),
  usage('docs', ['--check=yes'], 'error: docs: --check takes no value'),
  usage('docs', ['check'], 'error: docs: unexpected argument "check": it takes only --check'),
  usage('bench', ['--runs', 'abc'], 'error: bench: --runs must be a whole number from 1 to 999, got "abc"'),
  usage('bench', ['--runs'], 'error: bench: --runs needs a value: --runs <positive integer>'),
  usage('bench', ['--runs', '0'], 'error: bench: --runs must be a whole number from 1 to 999, got "0"'),
  usage('bench', ['--runs', '1.5'], 'error: bench: --runs must be a whole number from 1 to 999, got "1.5"'),
  usage('bench', ['--runs=1e3'], 'error: bench: --runs must be a whole number from 1 to 999, got "1e3"'),
  usage(
    'bench',
    ['--run', '3'],
    'error: bench: unknown flag --run: expected --runs <positive integer>, --tests, --debug',
  ),
  usage('bench', ['5'], 'error: bench: unexpected argument "5": it takes only --runs and --tests'),
];
