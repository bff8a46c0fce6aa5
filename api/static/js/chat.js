// The conversation view: asking (streamed answers that stay in view), stop, timeout, errors with a retry
// that keeps the question, and the transcript kept in this browser across reloads.

import { $, h } from "./dom.js";
import { ApiError, api, sseEvents } from "./http.js";
import { answerParts, badges, citationList, finish } from "./answer.js";
import { store } from "./store.js";

class Stopped extends Error {}
class TimedOut extends Error {}

const messages = $("#messages");
const input = $("#question");
const DEFAULT_TIMEOUT_SECONDS = 120;
const timeoutSeconds =
  Number(document.querySelector('meta[name="answer-timeout-seconds"]')?.content) || DEFAULT_TIMEOUT_SECONDS;

let transcript = store.transcript();
let current = null; // the question being answered: {controller}
let pinned = true; // follow the newest answer unless the reader scrolled up to read
let ready = Promise.resolve();

/** ``before`` is awaited before each question (the role names for the badges). */
export function waitFor(before) {
  ready = before;
}

const save = () => store.saveTranscript(transcript);

function nearBottom() {
  const page = document.scrollingElement;
  return page.scrollHeight - page.scrollTop - page.clientHeight < 64;
}

/** Keep the newest answer in view while it grows (unless the reader scrolled away). */
function follow() {
  if (pinned) window.scrollTo({ top: document.scrollingElement.scrollHeight, behavior: "instant" });
}

window.addEventListener("scroll", () => { if (current) pinned = nearBottom(); }, { passive: true });
window.addEventListener("resize", () => { if (current) follow(); });

function addMessage(kind, ...children) {
  const item = h("li", { class: `msg ${kind}` }, ...children);
  messages.append(item);
  $("#empty").hidden = true;
  return item;
}

function setBusy(busy) {
  $("#send").hidden = busy;
  $("#stop").hidden = !busy;
  if (busy) $("#stop").focus();
}

function describe(reason) {
  if (reason instanceof Stopped) return "Stopped. Retry to ask again.";
  if (reason instanceof TimedOut) {
    return `No answer after ${timeoutSeconds} seconds: the server may be busy or down. Retry in a moment.`;
  }
  if (reason instanceof ApiError) return reason.message;
  return `Something went wrong: ${reason && reason.message ? reason.message : String(reason)}`;
}

function failed(item, userItem, text, question, reason) {
  if (!item.isConnected) return; // "New" cleared the view meanwhile
  item.classList.add("error");
  item.dataset.error = reason instanceof ApiError ? reason.code : reason instanceof Stopped ? "stopped" : "timeout";
  text.classList.remove("streaming");
  text.replaceChildren(describe(reason));
  if (reason instanceof ApiError && ["invalid_request", "not_found"].includes(reason.code)) {
    store.conversation = null; // an id the server no longer takes: start afresh
  }
  const retry = h("button", { type: "button", class: "retry small" }, "Retry");
  retry.addEventListener("click", () => {
    if (current) return;
    userItem.remove();
    item.remove();
    ask(question);
  });
  item.append(h("div", { class: "actions" }, retry));
  if (!input.value.trim()) { // the question stays at hand: in the box as well as behind Retry
    input.value = question;
    resize();
  }
}

export async function ask(raw) {
  const question = raw.trim();
  if (!question || current) return;
  pinned = true;
  const userItem = addMessage("user", question);
  const text = h("p", { class: "text streaming" });
  const item = addMessage("bot", text);
  const controller = new AbortController();
  current = { controller };
  setBusy(true);
  follow();
  let timer = 0;
  const progress = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new TimedOut()), timeoutSeconds * 1000);
  };
  progress();
  try {
    await ready;
    const send = () =>
      api("/v1/chat", {
        method: "POST",
        body: JSON.stringify({ message: question, conversation_id: store.conversation, stream: true }),
        signal: controller.signal,
      });
    let response;
    try {
      response = await send();
    } catch (err) {
      if (err.code !== "conversation_not_found" || !store.conversation) throw err;
      store.conversation = null; // expired or evicted on the server: start a new conversation with this question
      response = await send();
    }
    progress();
    let answer = null;
    for await (const { event, data } of sseEvents(response, progress)) {
      if (event === "start") store.conversation = data.conversation_id;
      else if (event === "delta") text.append(data.text);
      else if (event === "replace") text.replaceChildren(data.text); // an LLM reply withdrawn: the checked text
      else if (event === "roles") item.append(badges(data.roles) || "");
      else if (event === "citations") item.append(citationList(data.citations) || "");
      else if (event === "done") answer = data;
      else if (event === "error") throw new ApiError(500, data.error.code, data.error.message);
      follow();
    }
    if (!answer) throw new ApiError(0, "incomplete", "The answer was cut off before the end. Retry to ask again.");
    text.classList.remove("streaming");
    const turn = { question, answer };
    transcript.push(turn);
    save();
    finish(item, answer, turn, save);
    if (input.value.trim() === question) {
      input.value = "";
      resize();
    }
  } catch (err) {
    failed(item, userItem, text, question, controller.signal.aborted ? controller.signal.reason : err);
  } finally {
    clearTimeout(timer);
    current = null;
    setBusy(false);
    follow();
    input.focus();
  }
}

function resize() {
  input.style.height = "auto";
  input.style.height = `${input.scrollHeight + 2}px`; // + the borders (border-box)
}

/** Show the kept transcript (after a reload) and wire the form. */
export function setupChat() {
  ready.then(() => { // after the role names, for the badges
    for (const turn of transcript) {
      addMessage("user", turn.question);
      finish(addMessage("bot", ...answerParts(turn.answer)), turn.answer, turn, save);
    }
    messages.dataset.restored = String(transcript.length);
    follow();
  });
  $("#ask").addEventListener("submit", (e) => {
    e.preventDefault();
    const question = input.value;
    input.value = "";
    resize();
    ask(question);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("#ask").requestSubmit();
    }
  });
  input.addEventListener("input", resize);
  $("#stop").addEventListener("click", () => current && current.controller.abort(new Stopped()));
  for (const chip of document.querySelectorAll(".chip")) chip.addEventListener("click", () => ask(chip.textContent));
  $("#new-conversation").addEventListener("click", () => {
    if (current) current.controller.abort(new Stopped());
    store.clear();
    transcript = [];
    messages.replaceChildren();
    $("#empty").hidden = false;
    input.focus();
  });
}
