// The csctl hashes live with the release checks, which verify them too.
export { cleanHash, hash1, subtree } from '@cluster-stacks/release-check';
