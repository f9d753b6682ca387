// The executor of every project's lint target: ESLint over the project's folder. Batched by Nx (preferBatch), so
// one process loads ESLint and the workspace configuration once and lints every requested project.
'use strict';

const path = require('node:path');

/** The workspace root: three folders above this file. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

let linter;

async function lintProject(projectRoot) {
  linter ??= (async () => {
    const { ESLint } = require(require.resolve('eslint', { paths: [ROOT] }));
    const eslint = new ESLint({ cwd: ROOT });
    return { eslint, formatter: await eslint.loadFormatter('stylish') };
  })();
  const { eslint, formatter } = await linter;
  const results = await eslint.lintFiles([projectRoot]);
  const errors = results.reduce((count, result) => count + result.errorCount + result.fatalErrorCount, 0);
  return { success: errors === 0, terminalOutput: await formatter.format(results) };
}

/** Lints the folder of every project of the batch, reporting each as it finishes. */
async function* runBatch(taskGraph) {
  for (const id of Object.keys(taskGraph.tasks).sort()) {
    let result;
    try {
      result = await lintProject(taskGraph.tasks[id].projectRoot);
    } catch (error) {
      result = { success: false, terminalOutput: `${error && error.message}\n` };
    }
    yield { task: id, result };
  }
}

/** Lints one project's folder (outside a batch). */
async function runTask(_options, context) {
  const { success, terminalOutput } = await lintProject(
    context.projectsConfigurations.projects[context.projectName].root,
  );
  process[success ? 'stdout' : 'stderr'].write(terminalOutput);
  return { success };
}

module.exports = { runBatch, runTask };
