import { checkRevision } from './lab-release';

describe('the upgrade-from revision', () => {
  test('GIVEN HEAD WHEN checked THEN it is taken', () => {
    expect(() => checkRevision('HEAD')).not.toThrow();
  });

  test('GIVEN a revision that names no commit WHEN checked THEN the option and the value are named with what to give instead', () => {
    expect(() => checkRevision('no-such-rev')).toThrow(
      '--from-rev no-such-rev names no commit of this repository; give the commit of the earlier release, for example one that `git log --oneline -- providers/<provider>/<stack>/<minor>/versions.lock.json` lists',
    );
  });
});
