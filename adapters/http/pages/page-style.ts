import { html } from './html.js';
import type { SafeHtml } from './html.js';

/**
 * The one stylesheet of the server-rendered pages, sent in a single <style>
 * block in the head (no style attributes, no external assets, no scripts).
 * Written as an `html` literal: trusted markup, nothing interpolated.
 * Colours meet WCAG AA contrast; focus is always visible.
 */
export const PAGE_STYLE: SafeHtml = html`
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #4a5360; --bg: #f4f5f7; --card: #ffffff;
  --border: #8a94a3; --accent: #1a56db; --accent-fg: #ffffff; --danger: #a4161a; --danger-bg: #fdecec;
  --focus: #b45309; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8eaed; --muted: #b4bcc8; --bg: #16181c; --card: #22252b; --border: #7d8694;
    --accent: #8ab4f8; --accent-fg: #0b1a33; --danger: #ffb4ab; --danger-bg: #3b1515; --focus: #fbbf24; }
}
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 100%;
  line-height: 1.5; }
body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--fg);
  display: flex; align-items: flex-start; justify-content: center; }
main { width: 100%; max-width: 28rem; margin: 2rem 1rem; padding: 1.5rem; background: var(--card);
  border: 1px solid var(--border); border-radius: 0.5rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.75rem; }
p { margin: 0 0 1rem; }
.muted { color: var(--muted); }
.field { margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input[type="email"], input[type="password"], input[type="text"] { width: 100%; padding: 0.625rem 0.75rem;
  font: inherit; color: inherit; background: var(--card); border: 1px solid var(--border); border-radius: 0.375rem; }
input[aria-invalid="true"] { border-color: var(--danger); border-width: 2px; }
button { font: inherit; font-weight: 600; padding: 0.625rem 1rem; border-radius: 0.375rem; cursor: pointer;
  min-height: 2.75rem; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-fg); }
button.secondary { background: transparent; color: var(--accent); }
a.button { display: inline-flex; align-items: center; justify-content: center; font-weight: 600; padding: 0.625rem 1rem;
  border-radius: 0.375rem; min-height: 2.75rem; border: 2px solid var(--accent); text-decoration: none; }
a.button.secondary { background: transparent; color: var(--accent); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.25rem; }
.actions button, .actions a.button { flex: 1 1 8rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.alert { padding: 0.75rem; margin-bottom: 1rem; border-left: 4px solid var(--danger); background: var(--danger-bg);
  color: var(--fg); }
.scopes { margin: 0 0 1rem; padding-left: 1.25rem; }
.scopes li { margin-bottom: 0.375rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.app-name, .identity, .site-name, .redirect-host { overflow-wrap: anywhere; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
