import { describe, it, expect, vi } from 'vitest';
import { fakeEditor, on, openReader } from './test-reader';

describe('AnnotationCommands: actions and undo as change batches', () => {
  it('creates an annotation on the selection, undoes and redoes it, each one batch', async () => {
    const { doc, sync, edits, reader, applied, store, id } = await openReader();
    const { editor, calls } = fakeEditor({ start: 4, end: 9 });
    sync.attach(editor);
    const created = await edits.annotateSelection({ tags: ['t1'] });
    expect(created).toBe('urn:uuid:id-1');
    expect(doc.annotations[0].target.quote.exact).toBe('quick');
    expect(reader.activeId).toBe(created);
    expect(calls.collapseSelection).toHaveBeenCalledTimes(1);
    expect(applied).toHaveBeenCalledTimes(1);
    expect(calls.updateHighlights).toHaveBeenLastCalledWith(
      [expect.objectContaining({ id: created, start: 4, end: 9 })],
      [],
    );

    const commit = vi.spyOn(doc, 'commit');
    await edits.undo();
    expect(commit).toHaveBeenLastCalledWith({ delete: [created] });
    expect(doc.annotations).toEqual([]);
    expect(calls.updateHighlights).toHaveBeenLastCalledWith([], [created]);
    await edits.redo();
    expect(commit).toHaveBeenLastCalledWith({ put: [expect.objectContaining({ id: created })] });
    expect(doc.annotations.map((a) => a.id)).toEqual([created]);
    expect(applied).toHaveBeenCalledTimes(3);
    expect((await store.listAnnotations(id)).length).toBe(1);
  });

  it('an edit undoes to the annotation as it was; a failed write shows a retry and records nothing', async () => {
    const { doc, edits, notices, store } = await openReader((d) => [on(d, 'quick', 'a')]);
    expect(await edits.update('a', { note: 'why?' })).toBe(true);
    expect(doc.annotations[0].note).toBe('why?');
    await edits.undo();
    expect(doc.annotations[0].note).toBe('');
    vi.spyOn(store, 'applyChanges').mockRejectedValueOnce(new Error('disk full'));
    expect(await edits.update('a', { note: 'again' })).toBe(false);
    expect(notices.alerts.at(-1)?.action?.label).toBe('Retry');
    expect(edits.history.undoLabel).toBe('');
    expect(edits.history.redoLabel).toBe('edit annotation');
  });

  it('deletes several annotations as one undoable batch and clears the active card', async () => {
    const { doc, edits, reader } = await openReader((d) => [
      on(d, 'quick', 'a'),
      on(d, 'lazy dog', 'b'),
    ]);
    reader.activate('b');
    expect(await edits.remove(['a', 'b'])).toBe(true);
    expect(doc.annotations).toEqual([]);
    expect(reader.activeId).toBeNull();
    expect(edits.history.undoLabel).toBe('delete 2 annotations');
    await edits.undo();
    expect(doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'b']);
    expect(doc.anchors.get('b')).toMatchObject({ status: 'exact' });
  });

  it('opening a document clears the history', async () => {
    const { doc, edits, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    await edits.update('a', { note: 'x' });
    expect(edits.history.canUndo).toBe(true);
    await doc.open(id);
    expect(edits.history.canUndo).toBe(false);
  });
});

describe('EditorSync: the one driver of the editor', () => {
  it('draws the open document when an editor attaches, and refuses a second one', async () => {
    const { sync, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const first = fakeEditor();
    sync.attach(first.editor);
    expect(first.calls.load).toHaveBeenCalledTimes(1);
    // The text and its highlights in one call: the first screens are laid out once.
    expect(first.calls.load.mock.lastCall?.[1]).toEqual([
      expect.objectContaining({ id: 'a', start: 4, end: 9 }),
    ]);
    expect(() => sync.attach(fakeEditor().editor)).toThrow(/already attached/);
    expect(id).toBe('doc');
  });

  it('refuses to detach an editor that is not attached', async () => {
    const { sync } = await openReader();
    const a = fakeEditor();
    expect(() => sync.detach(a.editor)).toThrow(/not attached/);
    sync.attach(a.editor);
    expect(() => sync.detach(fakeEditor().editor)).toThrow(/not attached/);
    sync.detach(a.editor);
    expect(sync.attached).toBe(false);
    // Detached: changes no longer reach it, and a new editor may attach.
    sync.attach(fakeEditor().editor);
    expect(() => sync.detach(a.editor)).toThrow(/not attached/);
  });

  it('hides the layers it is told to and redraws on a tag change', async () => {
    const { doc, sync, reader, id } = await openReader((d) => [
      on(d, 'quick', 'a'),
      on(d, 'lazy dog', 'b', 'Ana'),
    ]);
    const { editor, calls } = fakeEditor();
    sync.attach(editor);
    reader.setLayerVisible('Ana', false);
    expect(calls.setHighlights.mock.lastCall?.[0].map((h) => h.id)).toEqual(['a']);
    await doc.commit({ tagSet: { docId: id, tags: [] } });
    expect(calls.setHighlights).toHaveBeenCalledTimes(3);
    expect(calls.updateHighlights).not.toHaveBeenCalled();
  });
});
