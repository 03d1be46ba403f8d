import { describe, expect, it } from 'vitest';
import { createSessionStore } from './sessionStore';

const question = { title: 'Delete x?', text: 'Its rows go.', confirmLabel: 'Delete' };

describe('confirm', () => {
  it('resolves to the answer and closes the question', async () => {
    const session = createSessionStore();
    const answer = session.getState().confirm(question);
    expect(session.getState().confirmation).toMatchObject(question);
    session.getState().confirmation?.answer(true);
    await expect(answer).resolves.toBe(true);
    expect(session.getState().confirmation).toBeNull();
  });

  it('answers an open question "no" when another is asked, and ignores a second answer', async () => {
    const session = createSessionStore();
    const first = session.getState().confirm(question);
    const firstQuestion = session.getState().confirmation;
    const second = session.getState().confirm({ ...question, title: 'Delete y?' });
    await expect(first).resolves.toBe(false);

    firstQuestion?.answer(true); // late: must not close the second question
    expect(session.getState().confirmation?.title).toBe('Delete y?');
    session.getState().confirmation?.answer(true);
    await expect(second).resolves.toBe(true);
  });
});
