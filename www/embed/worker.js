// Lede embed worker (module Worker started by embed.js): the engine off the
// page's main thread, answering the requests of protocol.js.
import { serve } from "./protocol.js";
import { createEngine } from "./engine.js";

serve(self, createEngine().ops);
