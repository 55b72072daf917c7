// Installed in the page before JupyterLab loads (Playwright's add_init_script). Records, in
// epoch milliseconds (the same clock as Python's time.time()): when each kernel message
// arrives on a websocket, when each widget's DOM changes and when that change was painted,
// when watched text or elements appear in a widget, and the page's long tasks.
(() => {
  const ROOT = __ROOT_SELECTOR__;
  const FULL_DECODE_LIMIT = 65536;
  const now = () => performance.timeOrigin + performance.now();
  const bench = {
    frames: [],
    longtasks: [],
    roots: new Map(),
    texts: [],
    selectors: [],
  };
  window.__bench = bench;

  // --- kernel messages on the websocket -------------------------------------------------
  const decoder = new TextDecoder();
  const record = (t, size, data) => {
    let text;
    if (typeof data === "string") {
      text = size > FULL_DECODE_LIMIT ? data.slice(0, 4096) : data;
    } else {
      const bytes = new Uint8Array(data);
      text = decoder.decode(size > FULL_DECODE_LIMIT ? bytes.subarray(0, 4096) : bytes);
    }
    const type = /"msg_type"\s*:\s*"([a-z_]+)"/.exec(text);
    const channel = /iopub|shell|control|stdin/.exec(text.slice(0, 400));
    const tag = /BENCH-VIEW-[A-Za-z0-9-]+/.exec(text);
    bench.frames.push({
      t,
      size,
      type: type ? type[1] : "?",
      channel: channel ? channel[0] : "?",
      tag: tag ? tag[0] : null,
    });
  };
  const NativeWebSocket = window.WebSocket;
  class BenchWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      // Added before the page sets onmessage, so this listener runs first.
      this.addEventListener("message", (ev) => {
        const t = now();
        const data = ev.data;
        if (typeof data === "string") record(t, new TextEncoder().encode(data).length, data);
        else if (data instanceof ArrayBuffer) record(t, data.byteLength, data);
        else if (data instanceof Blob) data.arrayBuffer().then((b) => record(t, b.byteLength, b));
      });
    }
  }
  window.WebSocket = BenchWebSocket;

  // --- long tasks -------------------------------------------------------------------------
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        bench.longtasks.push({ t: performance.timeOrigin + e.startTime, duration: e.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (err) {
    bench.longtaskError = String(err);
  }

  // --- widget DOM -------------------------------------------------------------------------
  // After the frame that shows a change: the next animation frame, then the task after it.
  const afterPaint = (set) => requestAnimationFrame(() => setTimeout(() => set(now()), 0));
  const rootOf = (node) => {
    const el = node instanceof Element ? node : node.parentElement;
    return el ? el.closest(ROOT) : null;
  };
  const matchesIn = (node, selector) => {
    if (!(node instanceof Element)) return 0;
    return (node.matches(selector) ? 1 : 0) + node.querySelectorAll(selector).length;
  };
  const noteAdded = (node, t) => {
    for (const watch of bench.texts) {
      if (watch.dom === null && (node.textContent || "").includes(watch.text)) {
        watch.dom = t;
        afterPaint((p) => (watch.painted = p));
      }
    }
    for (const watch of bench.selectors) {
      const count = matchesIn(node, watch.selector);
      if (count > 0) {
        const arrival = { t, count, painted: null };
        watch.arrivals.push(arrival);
        afterPaint((p) => (arrival.painted = p));
      }
    }
  };
  new MutationObserver((records) => {
    const t = now();
    const touched = new Set();
    for (const r of records) {
      let root = rootOf(r.target);
      if (!root) {
        for (const n of r.addedNodes) {
          if (n instanceof Element) root = n.matches(ROOT) ? n : n.querySelector(ROOT);
          if (root) break;
        }
      }
      if (!root) continue;
      touched.add(root);
      if (bench.texts.length || bench.selectors.length) for (const n of r.addedNodes) noteAdded(n, t);
    }
    for (const root of touched) {
      let info = bench.roots.get(root);
      if (!info) {
        info = { first: t, last: t, painted: null };
        bench.roots.set(root, info);
      }
      info.last = t;
      afterPaint((p) => (info.painted = p));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });

  // --- queries from Python ----------------------------------------------------------------
  bench.now = now;
  bench.cellRoot = (i) => {
    const cell = document.querySelectorAll(".jp-Notebook .jp-Cell")[i];
    return cell ? cell.querySelector(ROOT) : null;
  };
  bench.info = (i) => {
    const root = bench.cellRoot(i);
    const info = root ? bench.roots.get(root) : null;
    if (!info) return null;
    return { ...info, nodes: root.querySelectorAll("*").length + 1, now: now() };
  };
  bench.watchText = (text) => {
    const watch = { text, dom: null, painted: null };
    bench.texts.push(watch);
    return bench.texts.length - 1;
  };
  bench.watchSelector = (selector) => {
    bench.selectors.push({ selector, arrivals: [] });
    return bench.selectors.length - 1;
  };
})();
