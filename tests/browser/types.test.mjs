// The README's JS snippets and the npm package's types, checked with tsc in the
// browser suite's run (the test itself is tests/types/readme.test.mjs).
import "../types/readme.test.mjs";
