import { networkPolicyBlocker } from './scs-live';

describe('SCS live checks', () => {
  it.each([['CONFIG_NF_TABLES=y\nCONFIG_NFT_QUEUE=y\n'], ['CONFIG_NF_TABLES=y\nCONFIG_NFT_QUEUE=m\n']])(
    'GIVEN a kernel with nftables queue (%j) THEN NetworkPolicy enforcement is checked',
    (config) => {
      expect(networkPolicyBlocker(config)).toBeUndefined();
    },
  );

  it('GIVEN a kernel that does not expose its configuration THEN the check runs', () => {
    expect(networkPolicyBlocker(undefined)).toBeUndefined();
  });

  it('GIVEN a kernel built without nftables queue THEN the check is blocked, naming the option', () => {
    expect(networkPolicyBlocker('CONFIG_NF_TABLES=y\n# CONFIG_NFT_QUEUE is not set\n')).toBe(
      "the host kernel is built without nftables' queue expression (CONFIG_NFT_QUEUE), which kindnetd's NetworkPolicy controller needs: its rule sync fails and no policy is enforced, so enforcement cannot be decided on this host",
    );
  });
});
