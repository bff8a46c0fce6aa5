// What the page keeps in this browser (localStorage): the API key, the conversation id and the transcript,
// so a reload shows the conversation the server still has. "New" clears both. Storage may be full or off
// (private mode): the page then works as before, without keeping anything.

const KEY = "api_key";
const CONVERSATION = "ra.conversation_id";
const TRANSCRIPT = "ra.transcript";
const MAX_TURNS = 50; // the newest turns kept in the transcript

function read(name) {
  try {
    return localStorage.getItem(name);
  } catch (_) {
    return null;
  }
}

function write(name, value) {
  try {
    if (value === null || value === undefined || value === "") localStorage.removeItem(name);
    else localStorage.setItem(name, value);
    return true;
  } catch (_) {
    return false; // full, or storage is off
  }
}

export const store = {
  get key() { return read(KEY) || ""; },
  set key(value) { write(KEY, value); },
  get conversation() { return read(CONVERSATION); },
  set conversation(id) { write(CONVERSATION, id); },

  /** The kept turns, oldest first: [{question, answer, feedback}]. */
  transcript() {
    try {
      const turns = JSON.parse(read(TRANSCRIPT) || "[]");
      return Array.isArray(turns) ? turns.filter((t) => t && typeof t.question === "string" && t.answer) : [];
    } catch (_) {
      return [];
    }
  },

  /** Keep ``turns`` (the newest MAX_TURNS; fewer when storage is nearly full). */
  saveTranscript(turns) {
    let kept = turns.slice(-MAX_TURNS);
    while (kept.length && !write(TRANSCRIPT, JSON.stringify(kept))) kept = kept.slice(Math.ceil(kept.length / 2));
  },

  /** "New": forget the conversation and the transcript. */
  clear() {
    write(CONVERSATION, null);
    write(TRANSCRIPT, null);
  },
};
