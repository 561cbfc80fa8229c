import { describe, expect, it } from 'vitest';
import { ClassApi, inviteLink, readInvite, serverUrls } from './class-api';
import { acceptRemote } from './accept';
import type { Annotation } from '../model/types';

describe('class server addresses and join links', () => {
  it('reads what a teacher types as an address', () => {
    expect(serverUrls('school:8787')).toEqual({
      http: 'http://school:8787',
      ws: 'ws://school:8787',
    });
    expect(serverUrls(' https://class.example.org/ ')).toEqual({
      http: 'https://class.example.org',
      ws: 'wss://class.example.org',
    });
    expect(serverUrls('wss://class.example.org')?.http).toBe('https://class.example.org');
    expect(serverUrls('')).toBeNull();
    expect(serverUrls('ftp://x')).toBeNull();
    expect(serverUrls('http://')).toBeNull();
  });

  it('a join link carries server, code and document in the fragment, and reads back', () => {
    const invite = {
      server: 'http://127.0.0.1:8787',
      code: 'K7QP2M',
      docId: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    };
    const link = inviteLink('https://app.example/#old', invite);
    expect(link.startsWith('https://app.example/#live=')).toBe(true);
    expect(readInvite(new URL(link).hash)).toEqual(invite);
    expect(readInvite('#live=x&code=<b>&doc=1')).toBeNull();
    expect(readInvite('#somewhere')).toBeNull();
  });

  it('names the problem when the server cannot be reached or answers oddly', async () => {
    const down = new ClassApi('http://127.0.0.1:9', () => Promise.reject(new TypeError('x')));
    expect(await down.join('CODE', 'Ada')).toEqual({
      ok: false,
      error: expect.stringMatching(/cannot be reached/),
    });
    const refusing = new ClassApi('http://s', async () =>
      Response.json({ error: 'No class has this join code.' }, { status: 404 }),
    );
    expect(await refusing.join('CODE', 'Ada')).toEqual({
      ok: false,
      error: 'No class has this join code.',
    });
    const odd = new ClassApi('http://s', async () => Response.json({ classId: 1 }));
    expect((await odd.createClass('T')).ok).toBe(false);
  });
});

describe('acceptRemote', () => {
  const a = (id: string, creator: string, extra: Partial<Annotation> = {}) =>
    ({ id, creator, note: '', ...extra }) as Annotation;

  it('on the teacher’s side: no replacing another reader’s record or a prompt, deletes only of ids the room put, unchanged records left out', () => {
    const here = new Map([
      ['t', a('t', 'Teacher')],
      ['p', a('p', 'Teacher', { prompt: true })],
      ['s', a('s', 'Ada')],
    ]);
    const seen = new Set<string>();
    const r = acceptRemote(
      {
        put: [
          a('t', 'Ada'),
          a('p', 'Ada'),
          a('s', 'Ada'),
          a('n', 'Ada'),
          a('q', 'Ada', { prompt: true }),
        ],
        delete: ['t', 'p'],
        problems: ['bad record'],
      },
      here,
      seen,
      'student',
    );
    expect(r.put.map((x) => x.id)).toEqual(['n']);
    expect(r.delete).toEqual([]);
    expect(r.problems).toHaveLength(4);
    expect(
      acceptRemote({ put: [], delete: ['s'], problems: [] }, here, seen, 'student').delete,
    ).toEqual(['s']);
  });

  it('in the student’s own room: their records may be replaced and deleted, prompts never', () => {
    const here = new Map([
      ['s', a('s', 'Ada')],
      ['p', a('p', 'Teacher', { prompt: true })],
    ]);
    const r = acceptRemote(
      { put: [a('s', 'Ada', { note: 'edited' })], delete: ['p'], problems: [] },
      here,
      new Set(),
      'own',
    );
    expect(r.put.map((x) => x.note)).toEqual(['edited']);
    expect(r.delete).toEqual([]);
  });

  it('from the teacher room: prompts only, added or changed; never over a reader’s own work; a prompt goes only when unanswered', () => {
    const here = new Map([
      ['p', a('p', 'Teacher', { prompt: true })],
      ['q', a('q', 'Teacher', { prompt: true })],
      ['own', a('own', 'Ada')],
      ['reply', a('reply', 'Ada', { replyTo: 'q' })],
    ]);
    const seen = new Set<string>();
    const r = acceptRemote(
      {
        put: [
          a('p', 'Teacher', { prompt: true, note: 'Why?' }),
          a('q', 'Teacher', { prompt: true }),
          a('new', 'Teacher', { prompt: true }),
          a('own', 'Teacher', { prompt: true }),
          a('plain', 'Teacher'),
        ],
        delete: [],
        problems: [],
      },
      here,
      seen,
      'prompts',
    );
    expect(r.put.map((x) => [x.id, x.note])).toEqual([
      ['p', 'Why?'],
      ['new', ''],
    ]);
    expect(r.problems).toHaveLength(2);
    const gone = acceptRemote(
      { put: [], delete: ['p', 'q', 'own', 'unknown'], problems: [] },
      here,
      seen,
      'prompts',
    );
    expect(gone.delete).toEqual(['p']);
  });
});
