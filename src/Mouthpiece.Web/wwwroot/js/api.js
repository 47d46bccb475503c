import { language } from './i18n.js';

// Thin wrappers over the HTTP API. A refusal carries the server's problem: its code and params (which the
// page words in its own language) and the server's wording as a fallback.
export class ApiError extends Error {
  constructor(status, message, problem) { super(message); this.status = status; this.problem = problem; }
}

function problemOf(body, status, statusText) {
  if (body && body.code) return { code: body.code, params: body.params || {}, message: body.message || body.detail };
  return { code: '', params: {}, message: (body && (body.detail || body.title)) || statusText || String(status) };
}

async function refusal(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  const problem = problemOf(body, response.status, response.statusText);
  return new ApiError(response.status, problem.message, problem);
}

export async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? { 'Accept-Language': language() } : { 'Accept-Language': language(), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await refusal(response);
  return response.status === 204 ? null : response.json();
}

export const get = url => call('GET', url);
export const post = (url, body) => call('POST', url, body ?? {});
export const put = (url, body) => call('PUT', url, body ?? {});
export const del = url => call('DELETE', url);

// XMLHttpRequest rather than fetch: only it reports upload progress.
export function upload(file, kind, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?kind=${kind}&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept-Language', language());
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const problem = problemOf(body, xhr.status, xhr.statusText);
      reject(new ApiError(xhr.status, problem.message, problem));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network error', { code: 'error.network', params: {} }));
    xhr.send(file);
  });
}
