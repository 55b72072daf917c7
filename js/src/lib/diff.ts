// Line and word diffs by longest common subsequence. Common prefix and suffix are trimmed first, so the
// quadratic table only covers the changed middle; past MAX_CELLS the middle is shown as
// "all removed, then all added" (still correct, just not minimal).

export type DiffOp = "eq" | "add" | "del";
export interface DiffLine {
  op: DiffOp;
  text: string;
}

const MAX_CELLS = 4_000_000;

export function splitLines(text: string | null | undefined): string[] {
  if (text === null || text === undefined || text === "") return [];
  return text.replace(/\r\n?/g, "\n").split("\n");
}

/** Lines of `before` -> `after`: `del` only in before, `add` only in after, `eq` in both. */
export function diffLines(before: string | null | undefined, after: string | null | undefined): DiffLine[] {
  return diffSequences(splitLines(before), splitLines(after));
}

// A word, a %variable% or {{ variable }}, or one other character, each with the spaces after
// it (so a lone space never counts as common ground); leading spaces stand alone.
const TOKEN = /^\s+|(?:%[A-Za-z_][A-Za-z0-9_]*%|\{\{[^{}]*\}\}|[\p{L}\p{N}_'’-]+|[^\s])\s*/gu;

export function splitWords(text: string | null | undefined): string[] {
  return text ? (text.replace(/\r\n?/g, "\n").match(TOKEN) ?? []) : [];
}

/** Words of `before` -> `after`, adjacent tokens of the same kind joined into one run. */
export function diffWords(before: string | null | undefined, after: string | null | undefined): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffSequences(splitWords(before), splitWords(after))) {
    const last = out[out.length - 1];
    if (last && last.op === part.op) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

function diffSequences(a: string[], b: string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ op: "eq", text }));
  out.push(...diffMiddle(a.slice(start, endA), b.slice(start, endB)));
  out.push(...a.slice(endA).map((text): DiffLine => ({ op: "eq", text })));
  return out;
}

function diffMiddle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return [...a.map((text): DiffLine => ({ op: "del", text })), ...b.map((text): DiffLine => ({ op: "add", text }))];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], stored flat.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "eq", text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) {
      out.push({ op: "del", text: a[i++] as string });
    } else {
      out.push({ op: "add", text: b[j++] as string });
    }
  }
  while (i < n) out.push({ op: "del", text: a[i++] as string });
  while (j < m) out.push({ op: "add", text: b[j++] as string });
  return out;
}

/** Counts for a short summary ("+3 −1"). */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === "add") added++;
    else if (l.op === "del") removed++;
  }
  return { added, removed };
}
