// Thin wrappers over the HTTP API. Errors carry the server's own explanation (RFC 7807 "detail").
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function explain(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || response.statusText;
  } catch { return response.statusText; }
}

export async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(response.status, await explain(response));
  return response.status === 204 ? null : response.json();
}

export const get = url => call('GET', url);
export const post = (url, body) => call('POST', url, body ?? {});
export const del = url => call('DELETE', url);

// XMLHttpRequest rather than fetch: only it reports upload progress.
export function upload(file, kind, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?kind=${kind}&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, (body && (body.detail || body.title)) || xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network error'));
    xhr.send(file);
  });
}
