// The executor of the CLI's bundle target and the stack projects' synth and package targets. Plain JavaScript, so
// that Nx loads it without a TypeScript compiler; the work is done by the compiled tools (tools/cli/bin/build.cjs
// compiles them, load.cjs loads them). With a batch (Nx's default for this executor) the bundle and every
// requested stack are built in this one process: a cold build starts one process, not two.
'use strict';

const path = require('node:path');
const { loadTools } = require('../../cli/bin/load.cjs');

/** The workspace root: three folders above this file. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The bundle step: compiles the tools unless they are up to date, as `node tools/cli/bin/build.cjs cs` does. */
function bundleStep(id) {
  const { buildUnlessFresh } = require('../../cli/bin/build.cjs');
  const { success, message } = buildUnlessFresh(ROOT, 'cs');
  return { id, success, output: message };
}

/** Runs the tasks in order: bundle steps here, the stack steps in the compiled tools. */
function* runTasks(tasks) {
  const stackTasks = [];
  for (const task of tasks) {
    if (task.target !== 'bundle') stackTasks.push(task);
    else {
      const result = bundleStep(task.id);
      yield result;
      // The stack steps need the tools; without them each fails with the reason above.
      if (!result.success) {
        for (const stackTask of tasks.filter((t) => t.target !== 'bundle'))
          yield { id: stackTask.id, success: false, output: `not run: ${task.id} failed` };
        return;
      }
    }
  }
  if (stackTasks.length > 0) yield* loadTools().runStackTasks(stackTasks);
}

/** Task ids of a batch ordered so that each comes after the tasks of the batch it depends on. */
function ordered(taskGraph) {
  const done = new Set();
  const order = [];
  const visit = (id) => {
    if (done.has(id) || !taskGraph.tasks[id]) return;
    done.add(id);
    for (const dependency of taskGraph.dependencies[id] ?? []) visit(dependency);
    order.push(id);
  };
  for (const id of Object.keys(taskGraph.tasks).sort()) visit(id);
  return order;
}

function terminalOutput(result) {
  return result.output ? `${result.output}\n` : '';
}

/** Runs every task of a batch in this process, reporting each as it finishes. */
async function* runBatch(taskGraph, inputs) {
  const tasks = ordered(taskGraph).map((id) => ({
    id,
    target: inputs[id].step,
    projectRoot: taskGraph.tasks[id].projectRoot,
    dependsOn: taskGraph.dependencies[id] ?? [],
  }));
  for (const result of runTasks(tasks)) {
    yield { task: result.id, result: { success: result.success, terminalOutput: terminalOutput(result) } };
  }
}

/** Runs one task (outside a batch, e.g. `nx run <project>:synth --batch=false`). */
async function runTask(options, context) {
  const project = context.projectsConfigurations.projects[context.projectName];
  const task = {
    id: `${context.projectName}:${context.targetName}`,
    target: options.step,
    projectRoot: project.root,
    dependsOn: [],
  };
  const [result] = runTasks([task]);
  process[result.success ? 'stdout' : 'stderr'].write(terminalOutput(result));
  return { success: result.success };
}

module.exports = { runBatch, runTask };
