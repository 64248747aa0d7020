import { describe, expect, it } from 'vitest';
import { TOPIC_SHORT, type Topic } from './bank-schema';
import { attemptTitle } from './title';

const topics = Object.keys(TOPIC_SHORT) as Topic[];

describe('attemptTitle', () => {
  it('names the topics of a custom exam in the order chosen', () => {
    const [a, b] = topics as [Topic, Topic];
    expect(attemptTitle('EXAM', [a, b])).toBe(`Timed exam · ${TOPIC_SHORT[a]}, ${TOPIC_SHORT[b]}`);
  });
  it('counts the topics beyond three', () => {
    const five = topics.slice(0, 5);
    expect(attemptTitle('EXAM', five)).toBe(
      `Timed exam · ${five
        .slice(0, 3)
        .map((t) => TOPIC_SHORT[t])
        .join(', ')} + 2 more`,
    );
  });
  it('says "all topics" when none or every topic is chosen, and ignores duplicates', () => {
    expect(attemptTitle('PRACTICE', [])).toBe('Practice round · all topics');
    expect(attemptTitle('INTERVIEW', topics)).toBe('Mock interview · all topics');
    const [a] = topics as [Topic];
    expect(attemptTitle('EXAM', [a, a])).toBe(`Timed exam · ${TOPIC_SHORT[a]}`);
  });
});
