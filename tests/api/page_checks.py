"""Checks run inside the page (selenium ``execute_script``): WCAG contrast of every visible text and input
border, and horizontal overflow."""

from __future__ import annotations

from typing import Any

# Returns {measured, failures: [{text, ratio, need, color, background}]}. Text needs 4.5:1 (3:1 when large:
# 24 px, or 18.66 px bold); the border of an input or textarea needs 3:1 against what is behind it (WCAG 1.4.11).
# The background is composited from the element up to the first opaque ancestor. Disabled controls, hidden and
# screen-reader-only elements are exempt, as WCAG says.
CONTRAST_JS = r"""
const rgba = (c) => {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, bottom) => {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
};
const backgroundOf = (el) => {
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let color = [255, 255, 255, 1];
  for (const layer of layers.reverse()) color = over(layer, color);
  return color;
};
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const ratio = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const exempt = (el) => el.closest("[hidden], .sr-only, [aria-hidden='true'], :disabled, dialog:not([open])");
const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
const failures = [];
let measured = 0;
for (const el of document.querySelectorAll("body *")) {
  if (exempt(el) || !visible(el)) continue;
  const style = getComputedStyle(el);
  const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
  const bg = backgroundOf(el);
  if (text && /[\p{L}\p{N}]/u.test(text)) {
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const r = ratio(over(rgba(style.color), bg), bg);
    measured++;
    if (r < need) failures.push({ text: text.slice(0, 60), ratio: r, need, color: style.color, background: bg });
  }
  if (["TEXTAREA", "INPUT"].includes(el.tagName) && style.borderStyle !== "none") {
    const behind = el.parentElement ? backgroundOf(el.parentElement) : bg;
    const r = ratio(over(rgba(style.borderTopColor), behind), behind);
    measured++;
    if (r < 3) failures.push({ text: `border of ${el.id || el.tagName}`, ratio: r, need: 3,
                               color: style.borderTopColor, background: behind });
  }
}
return { measured, failures };
"""

# Returns {page, viewport, wide: [what is wider than its box]}
OVERFLOW_JS = r"""
const wide = [];
for (const el of document.querySelectorAll("table, pre, .msg, .panel, .ask, header")) {
  if (el.getClientRects().length && el.scrollWidth > el.clientWidth + 1) {
    wide.push(`${el.tagName.toLowerCase()}#${el.id || el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
  }
}
return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, wide };
"""


def contrast(browser: Any) -> dict[str, Any]:
    result: dict[str, Any] = browser.execute_script(CONTRAST_JS)
    return result


def assert_contrast(browser: Any, where: str, at_least: int = 10) -> None:
    result = contrast(browser)
    assert result["measured"] >= at_least, (where, result["measured"])
    assert result["failures"] == [], f"{where}: {result['failures']}"


def assert_fits(browser: Any, where: str) -> None:
    result = browser.execute_script(OVERFLOW_JS)
    assert result["page"] <= result["viewport"], (
        f"{where}: page {result['page']} px > {result['viewport']} px"
    )
    assert result["wide"] == [], f"{where}: {result['wide']}"
