// A small static HTTP server for the scale benchmark and the sharded browser
// test, behaving like a static host: gzip or brotli when the client accepts it
// and it makes the file smaller (compressed once per file, kept), content-hashed
// index files served `immutable`, the manifest `no-cache`. It counts what it
// sends (bytes of headers + body, per request), and can break a file on
// purpose (`faults`: path → "corrupt" | "missing") to test error handling.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
};

/**
 * Starts a server on 127.0.0.1 (a free port). `mounts` maps URL prefixes
 * ("/idx/") to directories; `extra` maps paths to `[type, body]`. Options:
 * `compress` (default true). Resolves to `{url, close, log, faults, sent(prefix?)}`:
 * `log` lists `{path, bytes, encoding}` per response, `sent` sums bytes.
 */
export function staticServer({ mounts = {}, extra = {}, compress = true, immutable = [] } = {}) {
  const log = [];
  const faults = new Map();
  const packed = new Map(); // file + encoding → Buffer
  const encode = (file, data, enc) => {
    const key = `${enc}:${file}`;
    if (!packed.has(key)) {
      const z =
        enc === "br"
          ? zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } })
          : zlib.gzipSync(data, { level: 9 });
      packed.set(key, z.length < data.length ? z : null);
    }
    return packed.get(key);
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://x");
    const p = decodeURIComponent(u.pathname);
    const send = (status, headers, body, file) => {
      let out = body;
      let enc = null;
      const accept = String(req.headers["accept-encoding"] || "");
      if (compress && status === 200 && body.length > 256 && !/\.(gz|br|zst|png|jpg)$/.test(p)) {
        for (const e of ["br", "gzip"]) {
          if (!new RegExp(`\\b${e}\\b`).test(accept)) continue;
          const z = file ? encode(file, body, e) : e === "br" ? zlib.brotliCompressSync(body) : zlib.gzipSync(body);
          if (z && z.length < body.length) {
            out = z;
            enc = e;
          }
          break;
        }
      }
      const h = { ...headers, "content-length": String(out.length), vary: "accept-encoding" };
      if (enc) h["content-encoding"] = enc;
      res.writeHead(status, h);
      res.end(req.method === "HEAD" ? undefined : out);
      const headerBytes = Object.entries(h).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 20);
      log.push({ path: p, status, bytes: out.length + headerBytes, body: out.length, raw: body.length, encoding: enc });
    };
    if (extra[p]) {
      const [type, body] = extra[p];
      send(200, { "content-type": type, "cache-control": "no-cache" }, Buffer.from(body), null);
      return;
    }
    let base = null;
    let rel = null;
    for (const [prefix, d] of Object.entries(mounts)) {
      if (p.startsWith(prefix)) {
        base = path.resolve(d);
        rel = p.slice(prefix.length);
        break;
      }
    }
    if (base == null) return send(404, { "content-type": "text/plain" }, Buffer.from("not found"), null);
    const file = path.resolve(base, "." + path.posix.normalize("/" + rel));
    if (!file.startsWith(base)) return send(403, { "content-type": "text/plain" }, Buffer.from("forbidden"), null);
    const fault = faults.get(p);
    if (fault === "missing") return send(404, { "content-type": "text/plain" }, Buffer.from("not found"), null);
    fs.readFile(file, (err, data) => {
      if (err) return send(404, { "content-type": "text/plain" }, Buffer.from("not found"), null);
      if (fault === "corrupt") {
        data = Buffer.from(data);
        for (let i = 0; i < data.length; i += 97) data[i] ^= 0x5a;
      }
      const name = path.basename(file);
      const isImmutable = immutable.some((prefix) => p.startsWith(prefix)) && !/^manifest\b/.test(name);
      send(
        200,
        {
          "content-type": MIME[path.extname(file)] || "application/octet-stream",
          "cache-control": isImmutable ? "public, max-age=31536000, immutable" : "no-cache",
        },
        data,
        fault ? null : file,
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        log,
        faults,
        /** Bytes sent since log index `from` (for paths starting with `prefix`). */
        sent: (from = 0, prefix = "/") => log.slice(from).filter((r) => r.path.startsWith(prefix)).reduce((n, r) => n + r.bytes, 0),
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(r);
          }),
      });
    });
  });
}
