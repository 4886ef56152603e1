// The composer's uploads go straight to the REST API from the browser (POST /api/v1/media),
// which asks for the session's CSRF token.

export async function fetchCsrfToken(): Promise<string> {
  const response = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Could not start an upload (HTTP ${response.status}); reload the page and try again.`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** What the server stored: its id, its bytes' URL and what the rules check of it (null where the file does not say). */
export interface UploadedMedia {
  id: string;
  contentUrl: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
}

/** POST /api/v1/media with upload progress, which fetch() cannot report. */
export function uploadFile(file: File, csrfToken: string, onProgress: (fraction: number) => void): Promise<UploadedMedia> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/media');
    request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as (Partial<UploadedMedia> & { detail?: string; title?: string }) | null;
      if (request.status === 201 && body?.id && body.contentUrl)
        resolve({
          id: body.id,
          contentUrl: body.contentUrl,
          width: body.width ?? null,
          height: body.height ?? null,
          durationMs: body.durationMs ?? null,
        });
      else reject(new Error(body?.detail ?? body?.title ?? `The upload failed (HTTP ${request.status})`));
    };
    request.onerror = () => reject(new Error('The upload failed: the connection broke off'));
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}
