import { describe, expect, it } from 'vitest';
import { MAX_TEST_OFFSET_MS, signTestClock, testClockEnabled, verifyTestClock } from './clock';

const secret = 'test-secret-0123456789abcdef0123456789';

describe('test clock tokens', () => {
  it('round-trips an offset signed with the server secret', () => {
    expect(verifyTestClock(signTestClock(86_400_000, secret), secret)).toBe(86_400_000);
    expect(verifyTestClock(signTestClock(0, secret), secret)).toBe(0);
  });

  it('refuses tokens signed with another secret, tampered, malformed, negative or too far ahead', () => {
    const t = signTestClock(86_400_000, secret);
    expect(verifyTestClock(t, 'another-secret-0123456789abcdef')).toBeNull();
    expect(verifyTestClock(t.replace(/^86400000/, '96400000'), secret)).toBeNull();
    expect(verifyTestClock('86400000', secret)).toBeNull();
    expect(verifyTestClock(`-5.${t.split('.')[1]}`, secret)).toBeNull();
    expect(verifyTestClock(signTestClock(MAX_TEST_OFFSET_MS + 1, secret), secret)).toBeNull();
    expect(verifyTestClock(undefined, secret)).toBeNull();
    expect(verifyTestClock(t, undefined)).toBeNull();
  });

  it('is enabled only by PACKETPATH_TEST_CLOCK=1', () => {
    expect(testClockEnabled({})).toBe(false);
    expect(testClockEnabled({ PACKETPATH_TEST_CLOCK: 'true' })).toBe(false);
    expect(testClockEnabled({ PACKETPATH_TEST_CLOCK: '1' })).toBe(true);
  });
});
