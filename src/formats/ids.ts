import type { Issue } from "../scenario/schema.ts";
/**
 * Ids for imported names. The field's names hold spaces, `$`, quotes and `&` ("19'' LCD", "AT & T
 * Mobility"); our ids allow letters, digits, `_`, `-` and `.`. The original name is kept as the label (or
 * name), so an export writes it back unchanged.
 */

/** A valid id for `name`: other characters become `_`, runs collapse, and a leading `.`/`-` gets a `_`. */
export function slugify(name: string): string {
  let s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/_+/g, "_");
  if (s.length > 1) s = s.replace(/^_+|_+$/g, "") || "_";
  if (s === "") s = "_";
  if (!/^[A-Za-z0-9_]/.test(s)) s = `_${s}`;
  return s;
}

/** Hands out unique ids: a second "Price" becomes "Price_2". */
export class IdAllocator {
  private readonly used = new Set<string>();

  take(name: string): string {
    const base = slugify(name);
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}_${k}`;
    this.used.add(id);
    return id;
  }
}

/**
 * A categorical issue from the field's value names: each option gets an id made from its name (the name
 * stays as the label when they differ). Returns the name → option id map the profiles need.
 */
export function categoricalIssue(
  id: string,
  name: string | undefined,
  values: readonly string[],
): { issue: Issue; optionIds: Map<string, string> } {
  const ids = new IdAllocator();
  const optionIds = new Map<string, string>();
  const options = values.map((v) => {
    const oid = ids.take(v);
    optionIds.set(v, oid);
    return oid === v ? { id: oid } : { id: oid, label: v };
  });
  return { issue: { id, ...(name ? { name } : {}), type: "categorical", options }, optionIds };
}

/** A file's name without its folder and its .xml / .json extension: party and scenario ids come from it. */
export function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(xml|json)$/i, "");
}
