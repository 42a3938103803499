// Lede's one worker protocol, spoken by the page (app.js ↔ worker.js) and by the
// embed (embed.js ↔ embed/worker.js, or on the page's thread when no Worker can
// start). A request is `{id, type, ...args}`; its answer is `{id, ok: true,
// result}` or `{id, ok: false, error}`; a long request may post events without
// an id (`{type: "progress", ...}`) before its answer. Handlers are plain
// functions `handler(args, post)` by request type, so the same table serves a
// worker (`serve`) and the page's own thread (`local`).

/** Runs one request against `handlers`; always resolves to the answer message. */
async function answer(handlers, msg, post) {
  const { id, type, ...args } = msg || {};
  const h = typeof type === "string" && Object.hasOwn(handlers, type) ? handlers[type] : null;
  if (!h) return { id, ok: false, error: `unknown request ${type}` };
  try {
    return { id, ok: true, result: await h(args, post) };
  } catch (e) {
    return { id, ok: false, error: e && e.message ? e.message : String(e) };
  }
}

/** Answers the requests that reach `scope` (a worker's global) with `handlers`. */
export function serve(scope, handlers) {
  const post = (m) => scope.postMessage(m);
  scope.addEventListener("message", async (e) => post(await answer(handlers, e.data, post)));
}

/** A client: `call(type, args)` resolves to the result; `listen(fn)` receives the events. */
function client(mode, send) {
  let next = 1;
  const pending = new Map();
  const listeners = new Set();
  const receive = (m) => {
    const p = m && m.id != null ? pending.get(m.id) : null;
    if (!p) {
      for (const l of listeners) l(m);
      return;
    }
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
  };
  const failAll = (message) => {
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
  };
  return {
    mode,
    receive,
    failAll,
    call(type, args = {}) {
      return new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        send({ ...args, id, type });
      });
    },
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/**
 * The client of a Worker that `serve`s. When the worker fails (cannot load,
 * throws at the top level), every pending call rejects and `onFail` is told.
 */
export function connect(worker, onFail) {
  const c = client("worker", (m) => worker.postMessage(m));
  worker.addEventListener("message", (e) => c.receive(e.data));
  worker.addEventListener("error", (e) => {
    e.preventDefault?.();
    const message = `the Lede worker failed: ${e.message || "could not load"}`;
    c.failAll(message);
    onFail?.(message);
  });
  return { mode: c.mode, call: c.call, listen: c.listen };
}

/** The same client without a worker: `handlers` run on this thread. */
export function local(handlers) {
  const c = client("main", (m) => answer(handlers, m, (ev) => c.receive(ev)).then(c.receive));
  return { mode: c.mode, call: c.call, listen: c.listen };
}
