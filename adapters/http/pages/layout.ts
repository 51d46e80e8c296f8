import { PAGE_STYLE } from './page-style.js';
import { html, toHtmlString } from './html.js';
import type { SafeHtml } from './html.js';

export interface LayoutInput {
  /** Page-specific title, e.g. "Sign in"; the site name is appended. */
  readonly title: string;
  /** The content of <main>; must start with the page's <h1>. */
  readonly main: SafeHtml;
  readonly siteName?: string;
}

/**
 * The shared page shell: English, mobile viewport, one <style> block, no
 * scripts, not indexed, and no Referer leaking authorization request URLs.
 */
export function renderLayout({ title, main, siteName = 'AuthMaster' }: LayoutInput): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} – ${siteName}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
  return toHtmlString(page);
}

