// Lede embed worker (module Worker started by embed.js): runs the engine off
// the page's main thread. Messages: {id, op, args} → {id, ok, result | error}.
import { run } from "./engine.js";

self.addEventListener("message", async (e) => {
  const { id, op, args } = e.data || {};
  try {
    const result = await run(op, args);
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
});
