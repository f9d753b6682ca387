// The generators of the workspace Nx plugin (loaded on first use by ../plugin.cjs, see there).
export { minorGenerator } from './generators/minor/generator';
export { providerGenerator } from './generators/provider/generator';
export { stackGenerator } from './generators/stack/generator';
