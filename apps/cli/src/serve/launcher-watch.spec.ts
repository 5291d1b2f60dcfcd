import { EventEmitter } from 'node:events';
import { onLauncherGone } from './launcher-watch';

describe('onLauncherGone', () => {
  it('calls back once when the launcher\'s IPC channel disconnects', () => {
    const launcher = Object.assign(new EventEmitter(), { channel: {} });
    const gone = vi.fn();
    expect(onLauncherGone(gone, launcher)).toBe(true);
    expect(gone).not.toHaveBeenCalled();
    launcher.emit('disconnect');
    launcher.emit('disconnect');
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('watches nothing in a process started without a launcher channel', () => {
    const launcher = new EventEmitter();
    const gone = vi.fn();
    expect(onLauncherGone(gone, launcher)).toBe(false);
    launcher.emit('disconnect');
    expect(gone).not.toHaveBeenCalled();
  });
});
