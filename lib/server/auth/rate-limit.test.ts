import { describe, expect, it } from 'vitest';
import {
  attemptsLeft,
  formatWait,
  lockoutMessage,
  lockoutRemainingMs,
  retryAfterSeconds,
  signUpLimitMessage,
} from './rate-limit';

const MIN = 60_000;
const policy = { maxFailures: 5, windowMs: 15 * MIN };
const now = 1_000 * MIN;
const ago = (minutes: number) => now - minutes * MIN;

describe('lockoutRemainingMs', () => {
  it('allows four recent failures', () => {
    expect(lockoutRemainingMs([ago(1), ago(2), ago(3), ago(4)], policy, now)).toBe(0);
  });
  it('locks on the fifth failure until the oldest of the five leaves the window', () => {
    expect(lockoutRemainingMs([ago(1), ago(2), ago(3), ago(4), ago(10)], policy, now)).toBe(5 * MIN);
  });
  it('ignores failures older than the window', () => {
    expect(lockoutRemainingMs([ago(1), ago(2), ago(3), ago(4), ago(16)], policy, now)).toBe(0);
  });
  it('uses the max-th newest failure when there are more', () => {
    const failures = [ago(1), ago(2), ago(3), ago(4), ago(5), ago(14)];
    expect(lockoutRemainingMs(failures, policy, now)).toBe(10 * MIN);
  });
  it('accepts Date objects in any order', () => {
    const failures = [ago(4), ago(1), ago(3), ago(2), ago(0)].map((t) => new Date(t));
    expect(lockoutRemainingMs(failures, policy, now)).toBe(11 * MIN);
  });
});

describe('attemptsLeft', () => {
  it('counts down inside the window', () => {
    expect(attemptsLeft([ago(1), ago(2)], policy, now)).toBe(3);
    expect(attemptsLeft([ago(1), ago(20)], policy, now)).toBe(4);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up and is at least one second while locked', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1500)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(0);
  });
});

describe('formatWait', () => {
  it('speaks in seconds under a minute and rounds minutes up', () => {
    expect(formatWait(45_000)).toBe('45 seconds');
    expect(formatWait(60_000)).toBe('1 minute');
    expect(formatWait(14 * MIN + 1)).toBe('15 minutes');
  });
  it('builds the lock-out message', () => {
    expect(lockoutMessage(15 * MIN)).toBe('Too many failed sign-in attempts. Try again in 15 minutes.');
  });
  it('builds the sign-up limit message', () => {
    expect(signUpLimitMessage(59 * MIN + 1)).toBe(
      'Too many sign-up attempts from your network. Try again in 60 minutes.',
    );
  });
});
