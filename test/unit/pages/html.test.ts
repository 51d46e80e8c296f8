import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, html, isSafeHtml, toHtmlString } from '../../../adapters/http/pages/html.js';
import type { HtmlValue } from '../../../adapters/http/pages/html.js';

describe('escapeHtml', () => {
  it('escapes the characters that start markup or end an attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'\``)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;',
    );
  });

  it('leaves no raw markup character in any output', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"'`]|&(?!(amp|lt|gt|quot|#39|#96);)/);
      }),
    );
  });

  it('round-trips through a decoder', () => {
    const decode = (s: string) =>
      s.replace(/&(lt|gt|quot|#39|#96|amp);/g, (_, e: string) =>
        ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[e] ?? '',
      );
    fc.assert(fc.property(fc.string(), (s) => {
        expect(decode(escapeHtml(s))).toBe(s);
      }));
  });
});

describe('html tagged template', () => {
  it('escapes interpolated text in content and attributes', () => {
    const hostile = '"><script>alert(1)</script>';
    const out = toHtmlString(html`<input value="${hostile}"><p>${hostile}</p>`);
    expect(out).not.toContain('<script>');
    const escaped = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(out).toBe(`<input value="${escaped}"><p>${escaped}</p>`);
  });

  it('nests safe markup without escaping it twice', () => {
    const inner = html`<b>${'a & b'}</b>`;
    expect(toHtmlString(html`<p>${inner}</p>`)).toBe('<p><b>a &amp; b</b></p>');
  });

  it('joins lists and renders nothing for null, undefined and false', () => {
    const items: HtmlValue[] = ['<1>', html`<i>2</i>`, null, undefined, false, 3];
    expect(toHtmlString(html`${items}`)).toBe('&lt;1&gt;<i>2</i>3');
  });

  it('does not treat look-alike objects as safe markup', () => {
    expect(isSafeHtml({ value: '<script>' })).toBe(false);
  });
});
