// Role Assistant web page: plain ES modules, no build step. Untrusted text only ever goes into text nodes.

import { $ } from "./dom.js";
import { whenUnauthorized } from "./http.js";
import { store } from "./store.js";
import { setupChat, waitFor } from "./chat.js";
import { forgetRoles, loadRoles, renderRolesView } from "./roles.js";

let rolesLoaded = null;

function loadRoleNames() {
  rolesLoaded = loadRoles().catch(() => null);
  waitFor(rolesLoaded);
}

function askForKey() {
  $("#key-button").hidden = false;
  const dialog = $("#key-dialog");
  if (!dialog.open) dialog.showModal();
}

function select(tab) {
  const roles = tab === "roles";
  $("#tab-chat").setAttribute("aria-selected", String(!roles));
  $("#tab-roles").setAttribute("aria-selected", String(roles));
  $("#view-chat").hidden = roles;
  $("#view-roles").hidden = !roles;
  if (roles) rolesLoaded.then((data) => renderRolesView(data));
  else $("#question").focus();
}

whenUnauthorized(askForKey);
$("#tab-chat").addEventListener("click", () => { history.replaceState(null, "", "#"); select("chat"); });
$("#tab-roles").addEventListener("click", () => { history.replaceState(null, "", "#roles"); select("roles"); });
$("#key-button").addEventListener("click", askForKey);
$("#key-form").addEventListener("submit", () => {
  store.key = $("#key-input").value.trim();
  $("#key-input").value = "";
  loadRoleNames();
  forgetRoles();
});

if (store.key) $("#key-button").hidden = false;
loadRoleNames();
setupChat();
select(location.hash === "#roles" ? "roles" : "chat");
