import { pageToken } from './pageToken';

/**
 * Browser mode's half of an export: the engine answered `export.run` with a one-time,
 * same-origin URL; fetch it with the page's token (a header, so it is in no URL) and hand the file
 * to the browser as a download. Fetching first, instead of pointing a link at the URL,
 * turns a failed export into a message rather than a saved error page.
 */
export async function saveDownload(url: string, fileName: string): Promise<number> {
  const res = await fetch(url, { cache: 'no-store', headers: { authorization: `Bearer ${pageToken()}` } });
  if (!res.ok) throw new Error(`the engine answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = href;
    a.download = fileName;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // The click has handed the blob to the download manager; revoke once it had a turn.
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
  return blob.size;
}
