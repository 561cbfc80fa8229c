/** A safe, readable download name: "<title> – <suffix> <YYYY-MM-DD>.<ext>". */
export function exportFileName(title: string, date: Date, ext: string, suffix?: string): string {
  const day = date.toISOString().slice(0, 10);
  const safe = title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '') || 'Untitled';
  const tail = `${suffix ? ` – ${suffix}` : ''} ${day}.${ext}`;
  return safe.slice(0, 120 - tail.length).trimEnd() + tail;
}
