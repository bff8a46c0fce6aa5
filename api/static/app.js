// Role Assistant web page: plain JS, no build step. Untrusted text only ever goes into text nodes.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);

  /** Create an element; string children become text nodes (never HTML). */
  function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "dataset") Object.assign(el.dataset, value);
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  // ---- state ---------------------------------------------------------------------------------------
  const store = {
    get conversation() { return sessionStorage.getItem("conversation_id"); },
    set conversation(id) {
      if (id) sessionStorage.setItem("conversation_id", id);
      else sessionStorage.removeItem("conversation_id");
    },
    get key() { return localStorage.getItem("api_key") || ""; },
    set key(value) {
      if (value) localStorage.setItem("api_key", value);
      else localStorage.removeItem("api_key");
    },
  };
  const rolesById = new Map();
  let rolesLoaded = null;

  // ---- HTTP ----------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(path, options = {}) {
    const headers = new Headers(options.headers || {});
    if (store.key) headers.set("Authorization", `Bearer ${store.key}`);
    if (options.body) headers.set("Content-Type", "application/json");
    const response = await fetch(path, { ...options, headers });
    if (response.ok) return response;
    let code = "http_error";
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      code = body.error.code;
      message = body.error.message;
    } catch (_) { /* not our JSON error */ }
    if (response.status === 401) askForKey();
    throw new ApiError(response.status, code, message);
  }

  async function getJSON(path) {
    return (await api(path)).json();
  }

  /** Yield {event, data} from a text/event-stream response body. */
  async function* sseEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
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

  // ---- shared pieces ---------------------------------------------------------------------------------
  function badge(role, share) {
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

  function citationList(citations) {
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
            `“${c.quote.length > 180 ? c.quote.slice(0, 177) + "…" : c.quote}”`,
            h("span", { class: "section" }, c.section),
          ),
        ),
      ),
    );
  }

  async function openPassage(citation) {
    const dialog = $("#passage");
    const text = $("#passage-text");
    $("#passage-section").textContent = citation.section;
    $("#passage-id").textContent = citation.chunk_id;
    text.replaceChildren("Loading…");
    if (!dialog.open) dialog.showModal();
    try {
      const passage = await getJSON(`/v1/passages/${encodeURIComponent(citation.chunk_id)}`);
      $("#passage-section").textContent = passage.section;
      const at = citation.quote ? passage.text.indexOf(citation.quote) : -1;
      if (at < 0) text.replaceChildren(passage.text);
      else {
        text.replaceChildren(
          passage.text.slice(0, at),
          h("mark", {}, citation.quote),
          passage.text.slice(at + citation.quote.length),
        );
      }
    } catch (err) {
      text.replaceChildren(`Could not open the passage: ${err.message}`);
    }
  }

  function askForKey() {
    $("#key-button").hidden = false;
    const dialog = $("#key-dialog");
    if (!dialog.open) dialog.showModal();
  }

  // ---- chat ----------------------------------------------------------------------------------------
  const messages = $("#messages");
  const input = $("#question");
  let busy = false;

  function addMessage(kind, ...children) {
    const item = h("li", { class: `msg ${kind}` }, ...children);
    messages.append(item);
    $("#empty").hidden = true;
    item.scrollIntoView({ block: "end", behavior: "smooth" });
    return item;
  }

  function finish(item, answer) {
    item.classList.toggle("declined", !answer.answered);
    item.dataset.kind = answer.kind;
    const confidence = Math.round((answer.confidence || 0) * 100);
    item.append(h("div", { class: "meta" }, answer.answered ? `confidence ${confidence}%` : "not answered"));
  }

  async function chatResponse(question) {
    const send = () =>
      api("/v1/chat", {
        method: "POST",
        body: JSON.stringify({ message: question, conversation_id: store.conversation, stream: true }),
      });
    try {
      return await send();
    } catch (err) {
      if (err.code !== "conversation_not_found" || !store.conversation) throw err;
      store.conversation = null; // expired or evicted: start a new conversation with this question
      return await send();
    }
  }

  async function ask(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true;
    $("#send").disabled = true;
    addMessage("user", question);
    const text = h("p", { class: "text streaming" });
    const item = addMessage("bot", text);
    try {
      await rolesLoaded;
      const response = await chatResponse(question);
      for await (const { event, data } of sseEvents(response)) {
        if (event === "start") store.conversation = data.conversation_id;
        else if (event === "delta") text.append(data.text);
        else if (event === "roles" && data.roles.length)
          item.append(h("div", { class: "badges" }, data.roles.map((r) => badge(r, r.share))));
        else if (event === "citations" && data.citations.length) item.append(citationList(data.citations));
        else if (event === "done") {
          store.conversation = data.conversation_id; // null when it could not be stored
          finish(item, data);
        } else if (event === "error") throw new ApiError(data.status || 500, data.error.code, data.error.message);
      }
    } catch (err) {
      item.classList.add("error");
      text.replaceChildren(err.message || String(err));
      if (["invalid_request", "not_found", "conversation_not_found"].includes(err.code)) store.conversation = null;
    } finally {
      text.classList.remove("streaming");
      busy = false;
      $("#send").disabled = false;
      input.focus();
    }
  }

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
  function resize() {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight + 2}px`; // + the borders (border-box)
  }
  input.addEventListener("input", resize);
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => ask(chip.textContent));
  }
  $("#new-conversation").addEventListener("click", () => {
    store.conversation = null;
    messages.replaceChildren();
    $("#empty").hidden = false;
    input.focus();
  });

  // ---- roles view ------------------------------------------------------------------------------------
  async function loadRoles() {
    const data = await getJSON("/v1/roles");
    for (const role of data.roles) rolesById.set(role.id, role);
    return data;
  }

  function roleButton(id) {
    const role = rolesById.get(id);
    const label = role ? (role.acronym ? `${role.name} (${role.acronym})` : role.name) : id;
    return h("button", { type: "button", class: "link", dataset: { role: id }, onclick: () => showRole(id) }, label);
  }

  function treeNode(node) {
    const also = node.also_reports_to && node.also_reports_to.length
      ? h("span", { class: "also muted" }, ` · also reports to ${node.also_reports_to.map(nameOf).join(", ")}`)
      : null;
    const children = node.children && node.children.length ? h("ul", {}, node.children.map(treeNode)) : null;
    return h("li", {}, roleButton(node.id), also, children);
  }

  function nameOf(id) {
    const role = rolesById.get(id);
    return role ? role.acronym || role.name : id;
  }

  function showRole(id) {
    const role = rolesById.get(id);
    const panel = $("#role-detail");
    if (!role) return;
    const reports = role.reports_to && role.reports_to.length
      ? h("p", {}, h("strong", {}, "Reports to: "), role.reports_to.map((r) => rolesById.get(r)?.name || r).join(", "))
      : null;
    panel.replaceChildren(
      h("h2", {}, role.name, role.acronym ? ` (${role.acronym})` : ""),
      h("p", { class: "muted small" }, role.name_fi),
      h("p", {}, role.summary_en),
      reports,
      h("h3", { class: "small" }, "Responsibilities"),
      h(
        "ul",
        {},
        (role.responsibilities || []).map((r) =>
          h(
            "li",
            {},
            r.en,
            " ",
            h("span", { class: r.share === "shared" ? "badge shared" : "badge" }, r.share),
            r.citations && r.citations.length ? citationList(r.citations) : null,
          ),
        ),
      ),
      role.citations && role.citations.length ? citationList(role.citations) : null,
    );
  }

  let rolesRendered = false;
  async function renderRolesView() {
    if (rolesRendered) return;
    try {
      const roles = (await rolesLoaded) || (await loadRoles());
      const ownership = await getJSON("/v1/ownership");
      $("#hierarchy").replaceChildren(...roles.hierarchy.map(treeNode));
      $("#ownership tbody").replaceChildren(
        ...ownership.ownership.map((row) =>
          h(
            "tr",
            { dataset: { duty: row.duty } },
            h("td", {}, row.en, h("span", { class: "duty-fi" }, row.fi)),
            h("td", {}, row.primary.map((id) => badge({ id, name: rolesById.get(id)?.name || id }, "primary"))),
            h("td", {}, row.shared.map((id) => badge({ id, name: rolesById.get(id)?.name || id }, "shared"))),
          ),
        ),
      );
      rolesRendered = true;
    } catch (err) {
      $("#role-detail").replaceChildren(h("p", { class: "msg error" }, `Could not load the roles: ${err.message}`));
    }
  }

  // ---- tabs, key -------------------------------------------------------------------------------------
  function select(tab) {
    const roles = tab === "roles";
    $("#tab-chat").setAttribute("aria-selected", String(!roles));
    $("#tab-roles").setAttribute("aria-selected", String(roles));
    $("#view-chat").hidden = roles;
    $("#view-roles").hidden = !roles;
    if (roles) renderRolesView();
    else input.focus();
  }
  $("#tab-chat").addEventListener("click", () => { history.replaceState(null, "", "#"); select("chat"); });
  $("#tab-roles").addEventListener("click", () => { history.replaceState(null, "", "#roles"); select("roles"); });
  $("#key-button").addEventListener("click", askForKey);
  $("#key-form").addEventListener("submit", () => {
    store.key = $("#key-input").value.trim();
    $("#key-input").value = "";
    rolesLoaded = loadRoles().catch(() => null);
    rolesRendered = false;
  });

  if (store.key) $("#key-button").hidden = false;
  rolesLoaded = loadRoles().catch(() => null);
  select(location.hash === "#roles" ? "roles" : "chat");
})();
