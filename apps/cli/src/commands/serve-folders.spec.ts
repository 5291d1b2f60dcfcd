import { checkHandlerAllowed } from '@vigil/alert-handlers';
import { withDataFolderAllowlists } from './serve-folders';

const sideload = (dir: string) => ({ kind: 'sideload', args: [dir], options: [] });

describe('vigil serve data folder allowlists', () => {
  it('lets sideload read below <data>/sideload when the configuration lists no directory, and nowhere else', () => {
    const config = withDataFolderAllowlists({}, '/var/lib/vigil');
    expect(() => checkHandlerAllowed(sideload('/var/lib/vigil/sideload/hosts'), config)).not.toThrow();
    expect(() => checkHandlerAllowed(sideload('/var/lib/vigil'), config)).toThrow(/is not allowed/);
    expect(() => checkHandlerAllowed(sideload('/var/lib/vigil/sideload/../tasks'), config)).toThrow(/is not allowed/);
  });

  it('lets .log() append below <data>/logs when the configuration lists no folder, and nowhere else', () => {
    const config = withDataFolderAllowlists({}, '/var/lib/vigil');
    const log = (path: string) => ({ kind: 'log', args: [path], options: [] });
    expect(() => checkHandlerAllowed(log('/var/lib/vigil/logs/alerts.log'), config)).not.toThrow();
    expect(() => checkHandlerAllowed(log('/var/lib/vigil/handlers.json'), config)).toThrow(/add its folder to log.allow/);
    expect(withDataFolderAllowlists({ log: { allow: ['/var/log/vigil'] } }, '/var/lib/vigil').log).toEqual({ allow: ['/var/log/vigil'] });
  });

  it('keeps the operator\'s list, even an empty one, instead of the default', () => {
    expect(withDataFolderAllowlists({ sideload: { allow: [] } }, '/var/lib/vigil').sideload).toEqual({ allow: [] });
    expect(withDataFolderAllowlists({ sideload: { allow: ['/srv/x'] } }, '/var/lib/vigil').sideload).toEqual({ allow: ['/srv/x'] });
  });
});
