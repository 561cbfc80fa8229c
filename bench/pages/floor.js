// Floor baseline: the same paragraphs put into a plain page with innerHTML, no editor.
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
window.runFloor = async (paragraphs) => {
  const html = paragraphs.map((p) => `<p>${esc(p)}</p>`).join('');
  const root = document.getElementById('root');
  root.innerHTML = '';
  await frame();
  const t0 = performance.now();
  root.innerHTML = html;
  void document.body.offsetHeight;
  await frame();
  return performance.now() - t0;
};
