/** Answers the load scripts save (load:quiz, load:soak). */
import type { Question } from '../lib/quiz/bank-schema.ts';
import type { QuizResponse } from '../lib/quiz/scoring.ts';

/** Two different valid answers to a question, so consecutive saves really change the stored answer. */
export function validResponses(q: Question): QuizResponse[] {
  switch (q.type) {
    case 'single':
      return q.options.slice(0, 2).map((o) => ({ type: 'single', choice: o.id }));
    case 'outcome':
      return q.options.slice(0, 2).map((o) => ({ type: 'outcome', choice: o.id }));
    case 'multiple':
      return [
        { type: 'multiple', choices: [q.options[0]?.id ?? 'a'] },
        { type: 'multiple', choices: [q.options[1]?.id ?? 'b'] },
      ];
    case 'truefalse':
      return [
        { type: 'truefalse', value: true },
        { type: 'truefalse', value: false },
      ];
    case 'ordering':
      return [
        { type: 'ordering', order: q.items.map((i) => i.id) },
        { type: 'ordering', order: q.items.map((i) => i.id).reverse() },
      ];
    case 'short':
      return [
        { type: 'short', text: 'first try' },
        { type: 'short', text: 'second try' },
      ];
    case 'interview':
      return [{ type: 'interview', text: 'draft', ticked: [] }];
  }
}
