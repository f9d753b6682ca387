// Entry point of the workspace Nx plugin as a package: its project inference and its generators (Nx loads them
// through ../plugin.cjs, see there).
export { createNodes, createNodesV2 } from './create-nodes';
export { minorGenerator } from './generators/minor/generator';
export { providerGenerator } from './generators/provider/generator';
export { stackGenerator } from './generators/stack/generator';
