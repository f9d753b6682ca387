// The executor of the stack projects' synth and package targets. Plain JavaScript, so that Nx loads it without a
// TypeScript compiler; the work is done by the compiled tools (tools/cli/bin/load.cjs builds them when stale).
// With a batch (Nx's default for this executor) every requested stack is built in this one process.
'use strict';

const { loadTools } = require('../../cli/bin/load.cjs');

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
  for (const result of loadTools().runStackTasks(tasks)) {
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
  for (const result of loadTools().runStackTasks([task])) {
    process[result.success ? 'stdout' : 'stderr'].write(terminalOutput(result));
    return { success: result.success };
  }
  return { success: false };
}

module.exports = { runBatch, runTask };
