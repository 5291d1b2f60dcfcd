import { failure, run } from '../lambda-test-kit.test';

function close(actual: unknown, expected: number): void {
  expect(typeof actual).toBe('number');
  const tolerance = Math.abs(expected) * 1e-14 + 1e-300;
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

describe('math functions want floats', () => {
  it.each(['abs("i")', 'sqrt(4)', 'pow(2, 3.0)', 'max(1.0, 2)'])('%s fails for an int argument', (source) => {
    expect(failure(source, { i: -3n })).toMatch(/cannot call function "\w+" with args/);
  });

  it('works after float()', () => {
    expect(run('abs(float("i"))', { i: -3n })).toBe(3);
  });
});

describe('one-argument functions', () => {
  it.each([
    ['abs(-2.5)', 2.5],
    ['ceil(1.2)', 2],
    ['floor(-1.2)', -2],
    ['trunc(-1.7)', -1],
    ['sqrt(16.0)', 4],
    ['cbrt(27.0)', 3],
    ['exp(0.0)', 1],
    ['exp2(10.0)', 1024],
    ['log(1.0)', 0],
    ['log10(1000.0)', 3],
    ['log2(8.0)', 3],
    ['logb(8.0)', 3],
    ['logb(0.1)', -4],
    ['gamma(5.0)', 24],
    ['cos(0.0)', 1],
    ['tanh(0.0)', 0],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ['gamma(0.5)', Math.sqrt(Math.PI)],
    ['gamma(-1.5)', (4 / 3) * Math.sqrt(Math.PI)],
    ['gamma(40.0)', 2.0397882081197442e46],
    ['erf(0.5)', 0.5204998778130465],
    ['erf(-1.0)', -0.8427007929497149],
    ['erf(2.0)', 0.9953222650189527],
    ['erfc(2.0)', 0.004677734981047266],
    ['erfc(0.1)', 0.8875370839817152],
    ['j0(1.0)', 0.7651976865579666],
    ['j0(5.0)', -0.1775967713143383],
    ['j1(1.0)', 0.4400505857449335],
    ['j1(5.0)', -0.3275791375914652],
    ['y0(1.0)', 0.08825696421567696],
    ['y0(5.0)', -0.30851762524903376],
    ['y1(1.0)', -0.7812128213002887],
    ['y1(5.0)', 0.1478631433912268],
  ])('%s ≈ %s', (source, expected) => {
    close(run(source), expected);
  });

  it('follows Go for special values', () => {
    expect(run('gamma(-2.0)')).toBeNaN();
    expect(run('gamma(-0.0)')).toBe(-Infinity);
    expect(run('logb(0.0)')).toBe(-Infinity);
    expect(run('erf("x")', { x: Infinity })).toBe(1);
    expect(run('y0(-1.0)')).toBeNaN();
  });
});

describe('two-argument and int-order functions', () => {
  it.each([
    ['atan2(1.0, 1.0)', Math.PI / 4],
    ['hypot(3.0, 4.0)', 5],
    ['max(1.0, 2.0)', 2],
    ['min(1.0, 2.0)', 1],
    ['mod(7.5, 2.0)', 1.5],
    ['mod(-7.5, 2.0)', -1.5],
    ['pow(2.0, 10.0)', 1024],
    ['pow(2.0, -2.0)', 0.25],
    ['pow(4.0, 0.5)', 2],
    ['pow10(3)', 1000],
    ['pow10(-2)', 0.01],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('keeps Go semantics where JavaScript differs', () => {
    expect(run('pow(1.0, "n")', { n: NaN })).toBe(1);
    expect(run('pow(-1.0, "i")', { i: Infinity })).toBe(1);
    expect(run('pow(-8.0, 0.5)')).toBeNaN();
    expect(run('pow10(400)')).toBe(Infinity);
    expect(run('pow10(-400)')).toBe(0);
    expect(run('hypot("i", "n")', { i: -Infinity, n: NaN })).toBe(Infinity);
    expect(run('max("n", 1.0)', { n: NaN })).toBeNaN();
  });

  it.each([
    ['jn(2, 5.0)', 0.04656511627775222],
    ['jn(5, 1.0)', 2.497577302112344e-4],
    ['jn(-1, 1.0)', -0.4400505857449335],
    ['yn(2, 5.0)', 0.3676628826055245],
    ['yn(3, 1.0)', -5.821517605964729],
  ])('%s ≈ %s', (source, expected) => {
    close(run(source), expected);
  });

  it('wants an int order for jn, yn and pow10', () => {
    expect(failure('jn(2.0, 1.0)')).toMatch(/cannot call function "jn"/);
    expect(failure('pow10(2.0)')).toMatch(/cannot call function "pow10"/);
  });
});
