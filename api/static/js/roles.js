// The Roles tab: the reporting tree, a role's definition and responsibilities, and who owns what.

import { $, h } from "./dom.js";
import { getJSON } from "./http.js";
import { badge, citationList, rolesById } from "./answer.js";

export async function loadRoles() {
  const data = await getJSON("/v1/roles");
  for (const role of data.roles) rolesById.set(role.id, role);
  return data;
}

function nameOf(id) {
  const role = rolesById.get(id);
  return role ? role.acronym || role.name : id;
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
  const peers = node.works_with && node.works_with.length
    ? h("span", { class: "also muted" }, ` · works with ${node.works_with.map(nameOf).join(", ")}`)
    : null;
  const children = node.children && node.children.length ? h("ul", {}, node.children.map(treeNode)) : null;
  const absent = node.absent ? h("span", { class: "also muted" }, " · not in this organisation") : null;
  return h("li", {}, roleButton(node.id), also, peers, absent, children);
}

/** A duty the organisation's own statement overrides: marked, with the owners the sources give it. */
function policyNote(row) {
  if (!row.policy) return null;
  const said = (row.source_primary || []).map((id) => rolesById.get(id)?.name || id).join(", ");
  return h("span", { class: "policy muted small", title: row.policy }, said ? ` own policy (sources: ${said})` : " own policy");
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
    role.name_fi !== role.name ? h("p", { class: "muted small" }, role.name_fi) : null,
    h("p", {}, role.summary_en),
    role.absent ? h("p", { class: "msg" }, `Not in this organisation: ${role.absent}`) : null,
    reports,
    h("h3", { class: "small" }, "Responsibilities"),
    h(
      "ul",
      {},
      (role.responsibilities || []).map((r) =>
        h("li", {}, r.en, " ", h("span", { class: r.share === "shared" ? "badge shared" : "badge" }, r.share),
          citationList(r.citations)), // prettier-ignore
      ),
    ),
    citationList(role.citations),
  );
}

const roleBadges = (ids, share) => ids.map((id) => badge({ id, name: rolesById.get(id)?.name || id }, share));

let rendered = false;
/** Fill the tab once; ``roles`` is the loaded /v1/roles (or null to load it now). */
export async function renderRolesView(roles) {
  if (rendered) return;
  try {
    const data = roles || (await loadRoles());
    const ownership = await getJSON("/v1/ownership");
    $("#hierarchy").replaceChildren(...data.hierarchy.map(treeNode));
    $("#ownership tbody").replaceChildren(
      ...ownership.ownership.map((row) =>
        h(
          "tr",
          { dataset: { duty: row.duty } },
          h("td", { dataset: { label: "Responsibility" } }, row.en, row.fi !== row.en ? h("span", { class: "duty-fi" }, row.fi) : null),
          h("td", { dataset: { label: "Owner" } }, roleBadges(row.primary, "primary"), policyNote(row)),
          h("td", { dataset: { label: "Shared with" } }, row.shared.length ? roleBadges(row.shared, "shared") : "—"),
        ),
      ),
    );
    rendered = true;
  } catch (err) {
    $("#role-detail").replaceChildren(h("p", { class: "msg error" }, `Could not load the roles: ${err.message}`));
  }
}

export function forgetRoles() {
  rendered = false;
}
