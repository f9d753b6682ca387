// Entry point of the workspace Nx plugin (loaded by Nx through ../plugin.cjs, see there).
export { createNodes, createNodesV2 } from './create-nodes';
export { minorGenerator } from './generators/minor/generator';
export { providerGenerator } from './generators/provider/generator';
export { stackGenerator } from './generators/stack/generator';
