// The embed's engine opens a `lede index` file with the build that reads its
// saved format: the current one (3) with the search-only build, the older
// ones (1 and 2, which the search-only wasm no longer carries a reader for)
// with the full build. Plain Node: the two builds are stand-ins that only
// say which of them `Corpus.fromBytes` was called on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../www/embed/engine.js";

const build = (name, calls) => ({
  load: async () => ({
    default: async () => {},
    Corpus: {
      fromBytes: (bytes) => {
        calls.push(name);
        return { build: name, size: bytes.length };
      },
    },
  }),
});

/** The 32-byte header of a saved index of format `version` (the body does not matter to the engine). */
const header = (version) => {
  const b = new Uint8Array(32);
  b.set(new TextEncoder().encode("LEDESRCH"));
  new DataView(b.buffer).setUint32(8, version, true);
  return b;
};

test("format 3 opens with the search-only build, formats 1 and 2 with the full one", async () => {
  for (const [version, want] of [
    [3, "search"],
    [2, "full"],
    [1, "full"],
    [4, "search"],
  ]) {
    const calls = [];
    const engine = createEngine({ full: build("full", calls), search: build("search", calls) });
    const c = await engine.restore(header(version), undefined);
    assert.equal(c.corpus.build, want, `format ${version}`);
    assert.deepEqual(calls, [want], `format ${version}: one build asked`);
  }
});

test("bytes that are not a saved index go to the search-only build (which reports them)", async () => {
  const calls = [];
  const engine = createEngine({ full: build("full", calls), search: build("search", calls) });
  const junk = header(2);
  junk[0] = 0x4d; // not the magic
  await engine.restore(junk, undefined);
  await engine.restore(new Uint8Array(5), undefined);
  assert.deepEqual(calls, ["search", "search"]);
});
