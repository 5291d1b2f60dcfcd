import { errnoError } from '../files/disk-full.test';
import { errorCodeOf, isSpaceError } from './write-health';

describe('isSpaceError', () => {
  it('takes ENOSPC, EDQUOT and SQLITE_FULL, also as a cause, and nothing else', () => {
    expect(isSpaceError(errnoError('ENOSPC'))).toBe(true);
    expect(isSpaceError(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isSpaceError(Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 }))).toBe(true);
    expect(isSpaceError(new Error('the point log refused the points', { cause: errnoError('ENOSPC') }))).toBe(true);
    expect(isSpaceError(errnoError('EIO'))).toBe(false);
    expect(isSpaceError('ENOSPC')).toBe(false);
    expect(errorCodeOf(new Error('wrapped', { cause: errnoError('EIO') }))).toBe('EIO');
  });
});
