// The executor of every project's test target: jest over the project's folder with the workspace configuration
// (jest.config.js). Batched by Nx (preferBatch): one jest run, with one pool of workers, runs the files of every
// requested project, where one run per project paid jest's start, its file crawl and its workers' start each
// time. The results are split by project afterwards: each project passes or fails on its own files, and its
// results go to its own file, as `jest --json --outputFile` would write them.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { writeAtomically } = require('../../cli/bin/write-atomically.cjs');

/** The workspace root: three folders above this file. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Prints one line per finished test file while the batch runs (the reporter jest loads by path). */
const PROGRESS_REPORTER = path.join(__dirname, 'jest-progress-reporter.cjs');

/** The folder of the workspace's jest, from which its own modules resolve (found once). */
let jestFolder;

function fromJest(module) {
  jestFolder ??= path.dirname(require.resolve('jest', { paths: [ROOT] }));
  return require(require.resolve(module, { paths: [jestFolder] }));
}

/**
 * The pattern that selects a project's files, as the command line `jest <root>/` reads it: a regular expression
 * matched against a file's absolute path, the trailing slash keeping `tools/cli` from matching `tools/cli2`.
 */
function pathPattern(projectRoot) {
  return `${projectRoot}/`;
}

/** The results of one project: its files' results aggregated as jest aggregates a run. */
function projectResults(run, projectRoot) {
  const { addResult, makeEmptyAggregatedTestResult } = fromJest('@jest/test-result');
  const pattern = new RegExp(pathPattern(projectRoot));
  const results = makeEmptyAggregatedTestResult();
  results.startTime = run.startTime;
  for (const file of run.testResults) if (pattern.test(file.testFilePath)) addResult(results, file);
  // The scheduler counts a run's files before they run; addResult does not.
  results.numTotalTestSuites = results.testResults.length;
  // Snapshot files whose test file is gone are found once per run; each counts against the project it is in.
  const removed = (run.snapshot.filesRemovedList ?? []).filter((file) => pattern.test(file));
  results.snapshot.filesRemoved += removed.length;
  results.snapshot.filesRemovedList = removed;
  results.snapshot.didUpdate = run.snapshot.didUpdate;
  // As jest decides a run's success (TestScheduler): failed tests, files that failed to run, snapshot failures.
  results.snapshot.failure =
    !run.snapshot.didUpdate &&
    (results.snapshot.unchecked > 0 || results.snapshot.unmatched > 0 || results.snapshot.filesRemoved > 0);
  results.runExecError = run.runExecError;
  results.success =
    run.runExecError === undefined &&
    results.numFailedTests === 0 &&
    results.numRuntimeErrorTestSuites === 0 &&
    !results.snapshot.failure;
  return results;
}

/** Writes the project's results file atomically: a temporary sibling renamed into place. */
function writeResults(file, results) {
  const { formatTestResults } = fromJest('@jest/test-result');
  const target = path.join(ROOT, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeAtomically(target, JSON.stringify(formatTestResults(results)));
}

/** What the task prints: each failed file's failure message, then the project's totals. */
function summary(projectRoot, results) {
  const lines = [];
  if (results.runExecError) lines.push(results.runExecError.message);
  for (const file of results.testResults)
    if (file.failureMessage)
      lines.push(`FAIL ${path.relative(ROOT, file.testFilePath)}\n${file.failureMessage}`);
  if (results.snapshot.unchecked > 0)
    lines.push(
      `${results.snapshot.unchecked} obsolete snapshots; remove them with npx jest -u ${projectRoot}/`,
    );
  for (const file of results.snapshot.filesRemovedList ?? [])
    lines.push(`obsolete snapshot file ${path.relative(ROOT, file)}: its test file is gone; remove it`);
  const files = results.numTotalTestSuites;
  lines.push(
    files === 0
      ? `no tests under ${projectRoot}/`
      : `${projectRoot}/: ${files} ${files === 1 ? 'file' : 'files'}; tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
          (results.numPendingTests > 0 ? `, ${results.numPendingTests} skipped` : '') +
          (results.numRuntimeErrorTestSuites > 0
            ? `; ${results.numRuntimeErrorTestSuites} ${results.numRuntimeErrorTestSuites === 1 ? 'file' : 'files'} failed to run`
            : ''),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Runs jest once over the given projects (with the target's `testNamePattern` and `updateSnapshot` options),
 * writes each project's results file and returns each project's outcome. `live`: jest's own reporter prints
 * everything as it goes (one project); otherwise one line per file.
 */
async function runProjects(projects, options, live) {
  if (options.testNamePattern !== undefined) {
    try {
      new RegExp(options.testNamePattern);
    } catch (error) {
      throw new Error(
        `--testNamePattern ${JSON.stringify(options.testNamePattern)} is not a regular expression (${error.message}); give one such as "^renders"`,
      );
    }
  }
  const config = path.join(ROOT, 'jest.config.js');
  if (!fs.existsSync(config))
    throw new Error(`the workspace's jest configuration ${config} is missing; restore it from git`);
  const { runCLI } = fromJest('jest');
  const { results: run } = await runCLI(
    {
      $0: 'jest',
      _: projects.map((p) => pathPattern(p.projectRoot)),
      config,
      passWithNoTests: true,
      ...(options.testNamePattern === undefined ? {} : { testNamePattern: options.testNamePattern }),
      ...(options.updateSnapshot ? { updateSnapshot: 'all' } : {}),
      ...(live ? {} : { reporters: [PROGRESS_REPORTER] }),
    },
    [ROOT],
  );
  return projects.map((project) => {
    const results = projectResults(run, project.projectRoot);
    writeResults(project.resultsFile, results);
    return { ...project, success: results.success, terminalOutput: summary(project.projectRoot, results) };
  });
}

function failure(error) {
  return `jest could not run: ${error && error.message ? error.message : String(error)}\n`;
}

/** Runs the files of every project of the batch in one jest run, then reports each project. */
async function* runBatch(taskGraph, inputs) {
  const projects = Object.keys(taskGraph.tasks)
    .sort()
    .map((id) => ({ id, projectRoot: taskGraph.tasks[id].projectRoot, resultsFile: inputs[id].resultsFile }));
  // The options given on the command line (`nx run-many -t test -u`) are the same for every task of the batch.
  const options = inputs[projects[0].id];
  let outcomes;
  try {
    outcomes = await runProjects(projects, options, false);
  } catch (error) {
    outcomes = projects.map((p) => ({ ...p, success: false, terminalOutput: failure(error) }));
  }
  for (const { id, success, terminalOutput } of outcomes)
    yield { task: id, result: { success, terminalOutput } };
}

/** Runs one project's tests (outside a batch), with jest's own output. */
async function runTask(options, context) {
  const project = {
    projectRoot: context.projectsConfigurations.projects[context.projectName].root,
    resultsFile: options.resultsFile,
  };
  try {
    const [outcome] = await runProjects([project], options, true);
    return { success: outcome.success };
  } catch (error) {
    process.stderr.write(failure(error));
    return { success: false };
  }
}

module.exports = { runBatch, runTask };
