import { describe, expect, it } from 'vitest';
import { traceHref } from './href';

describe('traceHref', () => {
  it('writes only what is given, learning mode never, in one order', () => {
    expect(traceHref('s14')).toBe('/trace/s14');
    expect(traceHref('s14', { mode: 'learning' })).toBe('/trace/s14');
    expect(traceHref('s14', { variant: 'abc', request: 'r2', level: 'wire', mode: 'challenge' })).toBe(
      '/trace/s14?mode=challenge&level=wire&request=r2&variant=abc',
    );
  });
  it('escapes a request id as a query value', () => {
    expect(traceHref('s1', { request: 'a b&c' })).toBe('/trace/s1?request=a+b%26c');
  });
});
