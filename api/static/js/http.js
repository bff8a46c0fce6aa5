// Talking to the API: JSON errors as ApiError, the server being unreachable as one clear error, and
// Server-Sent Events read piece by piece.

import { store } from "./store.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const UNREACHABLE =
  "Can't reach the server. Check that it is running and that you are online, then retry.";

let onUnauthorized = () => {};
/** Called on 401 (the page asks for a key). */
export function whenUnauthorized(callback) {
  onUnauthorized = callback;
}

export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (store.key) headers.set("Authorization", `Bearer ${store.key}`);
  if (options.body) headers.set("Content-Type", "application/json");
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (err) {
    if (options.signal && options.signal.aborted) throw options.signal.reason || err;
    throw new ApiError(0, "unreachable", UNREACHABLE); // a TypeError ("Failed to fetch") says nothing useful
  }
  if (response.ok) return response;
  let code = "http_error";
  let message = `The server answered HTTP ${response.status}.`;
  try {
    const body = await response.json();
    code = body.error.code;
    message = body.error.message;
  } catch (_) { /* not our JSON error (a proxy's page, ...) */ }
  if (response.status === 401) onUnauthorized();
  throw new ApiError(response.status, code, message);
}

export async function getJSON(path) {
  return (await api(path)).json();
}

export async function postJSON(path, body) {
  return (await api(path, { method: "POST", body: JSON.stringify(body) })).json();
}

/** Yield {event, data} from a text/event-stream response; ``progress()`` is called on every chunk. */
export async function* sseEvents(response, progress = () => {}) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    progress();
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop();
    for (const block of blocks) {
      let name = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { event: name, data: JSON.parse(data.join("\n")) };
    }
  }
}
