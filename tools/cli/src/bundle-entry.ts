// What the compiled tools bundle (tools/cli/bin/build.cjs) exports: the command line and the in-process stack
// tasks of the Nx executor (tools/executors/nx/stack-task.cjs).
export { runMain } from './cli/run';
export { runStackTasks } from './stack-targets';
