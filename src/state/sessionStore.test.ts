import { describe, expect, it } from 'vitest';
import { createSessionStore, noticeLifetimeMs, type Notice } from './sessionStore';

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

describe('notices', () => {
  const change: Notice = {
    kind: 'change',
    text: 'Started from ResNet-mini. Undo (Ctrl+Z) brings your previous graph back.',
  };

  it('a plain confirmation fades; a change made for the person, a warning and an error stay until dismissed', () => {
    expect(noticeLifetimeMs({ kind: 'info', text: 'Deleted iris.csv.' })).toBeGreaterThan(0);
    expect(noticeLifetimeMs(change)).toBeUndefined();
    expect(noticeLifetimeMs({ kind: 'warning', text: 'Imported, without weights.' })).toBeUndefined();
    expect(noticeLifetimeMs({ kind: 'error', text: 'Refused.' })).toBeUndefined();
  });

  it('withdrawing a stale message keeps a change announced, which only dismissing or a newer notice removes', () => {
    const session = createSessionStore();
    session.getState().notify({ kind: 'error', text: 'That would create a cycle.' });
    session.getState().notify(null);
    expect(session.getState().notice).toBeNull();

    session.getState().notify(change);
    session.getState().notify(null);
    expect(session.getState().notice).toEqual(change);
    session.getState().dismissNotice();
    expect(session.getState().notice).toBeNull();

    session.getState().notify(change);
    session.getState().notify({ kind: 'info', text: 'Deleted iris.csv.' });
    expect(session.getState().notice?.kind).toBe('info');
  });
});
