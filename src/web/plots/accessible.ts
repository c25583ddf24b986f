/**
 * Observable Plot labels its mark groups with aria-label on <g> elements that have no role, which assistive
 * technology ignores and axe-core reports (aria-prohibited-attr). Each plot becomes one image with one name:
 * the SVG gets role="img" and the figure's label; the groups lose their labels.
 */
export function makeAccessible(root: Element, label: string): void {
  const svgs = root.tagName.toLowerCase() === "svg" ? [root] : [...root.querySelectorAll("svg")];
  for (const svg of svgs) {
    for (const el of svg.querySelectorAll("[aria-label], [aria-description]")) {
      el.removeAttribute("aria-label");
      el.removeAttribute("aria-description");
    }
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
  }
}
