// One answer on the page: role badges, numbered citations (opening the quoted passage), and the actions under
// it: 👍/👎 with an optional comment (POST /v1/feedback) and a copy button.

import { $, h } from "./dom.js";
import { getJSON, postJSON } from "./http.js";

export const rolesById = new Map();

export function badge(role, share) {
  const known = rolesById.get(role.id);
  const acronym = known && known.acronym;
  let name = role.name || (known && known.name) || role.id;
  if (acronym) name = name.replace(` (${acronym})`, ""); // "Tulosjohtaja (CRO)" beside a CRO tag
  return h(
    "span",
    {
      class: share === "shared" ? "badge shared" : "badge",
      dataset: { role: role.id, share: share || "primary" },
      title: `${name}${share === "shared" ? " (shared)" : ""}`,
    },
    acronym ? h("b", {}, acronym) : null,
    name,
  );
}

export function badges(roles) {
  return roles && roles.length ? h("div", { class: "badges" }, roles.map((r) => badge(r, r.share))) : null;
}

/** Where a citation is from: its source document's name and its section. */
export function where(c) {
  return c.source ? `${c.source} › ${c.section}` : c.section;
}

const clip = (text) => (text.length > 180 ? text.slice(0, 177) + "…" : text);

/** An English rendering (a translation, corpus data) under the Finnish text it renders, labelled as such. */
const rendering = (text, tag = "span") =>
  h(tag, { class: "translation", lang: "en" }, h("span", { class: "label" }, "English translation: "), text);

export function citationList(citations) {
  if (!citations || !citations.length) return null;
  return h(
    "ol",
    { class: "citations", "aria-label": "Sources" },
    citations.map((c, i) =>
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "citation", dataset: { chunk: c.chunk_id }, onclick: () => openPassage(c) },
          h("span", { class: "n" }, `[${i + 1}]`),
          h("span", c.translation ? { class: "quote", lang: "fi" } : { class: "quote" }, `“${clip(c.quote)}”`),
          c.translation ? rendering(`“${clip(c.translation)}”`) : null,
          h("span", { class: "section" }, where(c)),
        ),
      ),
    ),
  );
}

/** One passage of the section: the cited one marked (its quote highlighted), with its English when asked. */
function contextPassage(item, citation, english) {
  let text = [item.text];
  const at = item.cited && citation.quote ? item.text.indexOf(citation.quote) : -1;
  if (at >= 0) {
    const end = at + citation.quote.length;
    text = [item.text.slice(0, at), h("mark", {}, citation.quote), item.text.slice(end)];
  }
  return h(
    "div",
    { class: item.cited ? "context cited" : "context", "aria-current": item.cited ? "true" : null,
      dataset: { chunk: item.chunk_id } }, // prettier-ignore
    item.cited ? h("span", { class: "cited-tag" }, "Cited passage") : null,
    h("p", { class: "original", lang: "fi" }, text),
    english && item.translation ? rendering(item.translation, "p") : null,
  );
}

/** The passage view: the cited passage among its section's neighbours; English renderings beside them when
 * the citation came with one (English answers, the Roles tab), none for a Finnish answer. */
export async function openPassage(citation) {
  const dialog = $("#passage");
  const text = $("#passage-text");
  $("#passage-section").textContent = where(citation);
  $("#passage-id").textContent = citation.chunk_id;
  text.replaceChildren("Loading…");
  if (!dialog.open) dialog.showModal();
  try {
    const passage = await getJSON(`/v1/passages/${encodeURIComponent(citation.chunk_id)}`);
    $("#passage-section").textContent = where(passage);
    const english = Boolean(citation.translation);
    const context = passage.context && passage.context.length ? passage.context : [{ ...passage, cited: true }];
    text.replaceChildren(...context.map((item) => contextPassage(item, citation, english)));
    const cited = text.querySelector(".cited");
    if (cited) cited.scrollIntoView({ block: "nearest" });
  } catch (err) {
    text.replaceChildren(`Could not open the passage: ${err.message}`);
  }
}

/** The answer as plain text with its numbered sources (what the copy button copies). */
export function plainText(answer) {
  const sources = (answer.citations || []).map(
    (c, i) =>
      `[${i + 1}] ${where(c)}: “${c.quote}”` + (c.translation ? `\n    English translation: “${c.translation}”` : ""),
  );
  if (!sources.length) return answer.answer;
  return `${answer.answer}\n\n${answer.language === "fi" ? "Lähteet" : "Sources"}:\n${sources.join("\n")}`;
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) { /* denied: try the old way */ }
  }
  const area = h("textarea", { class: "sr-only", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch (_) {
    done = false;
  }
  area.remove();
  return done;
}

function copyButton(answer) {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", { type: "button", class: "ghost small copy", title: "Copy the answer and its sources" }, "Copy");
  button.addEventListener("click", async () => {
    const done = await copy(plainText(answer));
    status.textContent = done ? "Copied" : "Copy failed: select the text instead";
    button.dataset.copied = String(done);
    setTimeout(() => { status.textContent = ""; }, 2500);
  });
  return [button, status];
}

const SVG = "http://www.w3.org/2000/svg";
// a thumb (drawn, so it shows without an emoji font; 👎 is the same turned over)
const THUMB =
  "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 " +
  "7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

function thumb() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", THUMB);
  svg.append(path);
  return svg;
}

/** 👍/👎 and an optional comment. ``turn`` is the transcript entry: its ``feedback`` is set once sent. */
function feedback(answer, turn, saved) {
  const vote = (rating, label) =>
    h("button", { type: "button", class: "ghost small vote", dataset: { rating }, "aria-pressed": "false",
      "aria-label": label, title: label }, thumb()); // prettier-ignore
  const up = vote("up", "Good answer");
  const down = vote("down", "Bad answer");
  const id = `comment-${Math.random().toString(36).slice(2, 10)}`;
  const comment = h("textarea", { id, rows: 2, maxlength: 2000, placeholder: "What was good or wrong? (optional)" });
  const status = h("p", { class: "feedback-status small", role: "status" });
  const form = h(
    "form",
    { class: "feedback", hidden: true },
    h("label", { for: id, class: "small" }, "Comment (optional)"),
    comment,
    h("div", { class: "row" }, h("button", { type: "submit", class: "small" }, "Send feedback")),
    status,
  );
  let rating = null;
  const sent = (value) => {
    for (const b of [up, down]) {
      b.setAttribute("aria-pressed", String(b.dataset.rating === value));
      b.disabled = true;
    }
    form.replaceWith(h("p", { class: "feedback-status small thanks", role: "status" }, "Thanks, your feedback was sent."));
  };
  for (const button of [up, down]) {
    button.addEventListener("click", () => {
      rating = button.dataset.rating;
      for (const b of [up, down]) b.setAttribute("aria-pressed", String(b === button));
      form.hidden = false;
      comment.focus();
    });
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.textContent = "Sending…";
    try {
      await postJSON("/v1/feedback", { answer_id: answer.answer_id, rating, comment: comment.value.trim() || null });
      turn.feedback = rating;
      saved();
      sent(rating);
    } catch (err) {
      status.textContent = `Not sent: ${err.message} Try again.`;
    }
  });
  if (!answer.answer_id) {
    up.disabled = down.disabled = true; // not stored on the server: nothing to rate
    up.title = down.title = "This answer cannot be rated";
  }
  const restore = () => { if (turn.feedback) sent(turn.feedback); };
  return [[up, down], form, restore];
}

/** Meta line and actions under a finished answer. */
export function finish(item, answer, turn, saved) {
  item.classList.toggle("declined", !answer.answered);
  item.dataset.kind = answer.kind;
  if (answer.answer_id) item.dataset.answerId = answer.answer_id;
  const confidence = Math.round((answer.confidence || 0) * 100);
  const [votes, form, restore] = feedback(answer, turn, saved);
  item.append(
    h("div", { class: "meta" }, answer.answered ? `confidence ${confidence}%` : "not answered"),
    h("div", { class: "actions" }, votes, copyButton(answer)),
    form,
  );
  restore();
}

/** A whole answer at once (a turn restored from the transcript). */
export function answerParts(answer) {
  return [h("p", { class: "text" }, answer.answer), badges(answer.roles), citationList(answer.citations)];
}
