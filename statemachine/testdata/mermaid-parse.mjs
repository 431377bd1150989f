// Parses each Mermaid file named on the command line with mermaid's own
// parser (mermaid.parse), headless: jsdom stands in for the browser's DOM.
// Run from a directory whose node_modules has mermaid and jsdom (see
// scripts/diagram-tools.sh). Prints one line per file; exit 1 if any fails.
import { JSDOM } from 'jsdom';
import fs from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(fs.readFileSync(f, 'utf8'));
    console.log(`${f}: ok (${r.diagramType})`);
  } catch (e) {
    bad++;
    console.log(`${f}: ${String(e.message || e).split('\n').slice(0, 3).join(' | ')}`);
  }
}
process.exit(bad ? 1 : 0);
