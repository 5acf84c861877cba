// Calls to the ops API, relative to the page (/ops/). URLs are built from location.origin:
// when the page was opened as http://user:password@host/ops/, a relative fetch() would
// inherit the credentials in the URL and the browser refuses such a request. The browser
// still sends the Basic credentials it signed in with, because the origin is the same.
// Every POST carries a JSON body: the service refuses a POST without one, and a request
// from another origin (README, "Cross-site requests").
const base = `${location.origin}${location.pathname.replace(/[^/]*$/, '')}`;

async function call(method, path, body) {
  const response = await fetch(base + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' }
      : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (ignored) {
    // not JSON (a proxy's error page): report the status alone
  }
  if (!response.ok) {
    const problem = json && (json.code || json.detail || json.title);
    throw new Error(`HTTP ${response.status}${problem ? `: ${problem}` : ''}`);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
