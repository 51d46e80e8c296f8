import { expect } from 'vitest';

/** Checks every page shares: no scripts, no inline styles or handlers, one style block, a11y shell. */
export function expectSafeAccessiblePage(page: string): void {
  expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(page).toContain('<html lang="en">');
  expect(page).toMatch(/<title>[^<]+<\/title>/);
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(page.match(/<main>/g)).toHaveLength(1);
  expect(page.match(/<h1[ >]/g)).toHaveLength(1);
  expect(page.match(/<style>/g)).toHaveLength(1);
  expect(page).toMatch(/:focus-visible\s*\{[^}]*outline/);
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/\sstyle=/i);
  expect(page).not.toMatch(/\son[a-z]+=/i);
  expect(page).not.toMatch(/javascript:/i);
}

/** Every visible input has a <label for> pointing at its id. */
export function expectLabelledInputs(page: string): void {
  const inputs = [...page.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/type="hidden"/.test(tag));
  for (const tag of inputs) {
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    expect(id, tag).toBeDefined();
    expect(page).toContain(`<label for="${id}">`);
  }
}

export function inputTag(page: string, name: string): string {
  const tag = page.match(new RegExp(`<input\\b[^>]*\\sname="${name}"[^>]*>`))?.[0];
  expect(tag, `input named ${name}`).toBeDefined();
  return tag ?? '';
}
